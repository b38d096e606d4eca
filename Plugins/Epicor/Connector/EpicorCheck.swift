import MLCPluginKit

/// `mlc check` for an Epicor connection: one cheap authenticated read, and when it fails,
/// one more probe to say which part of the connection is wrong.
///
/// The read is `Vendors?$select=VendorNum&$top=1` in the configured company, which proves
/// the base URL, the company, the API key and the credentials together. Epicor documents no
/// distinct status per cause (a missing API key and a bad password are both 401, SYSTEMS.md
/// §1.7; the exact body for a missing key is unverified), so a failure is narrowed down with
/// the v1 API, which needs no API key and no company in the path (§1.9 [V]):
/// - 401 whose message names the API key → the key is missing or refused; one that names the
///   password, user or token → those are refused; otherwise 401 on v2 while v1 works → the
///   API key, 401 on both → the credentials.
/// - 400/404 on v2 that names the company, or v2 fails while v1 works → the company is wrong.
/// - 404 on both, not in Epicor's error format → the base URL is not an Epicor instance root.
/// - No HTTP response at all (refused, DNS, timeout) → the host's own message, which names
///   the URL and the network error, is passed on unchanged.
struct EpicorCheck {
  let client: EpicorClient

  private var config: EpicorConfig { client.config }
  private var vendor: EpicorEntity { .vendor }

  /// Runs the check: a report when the read works, else the diagnosed error.
  func run() throws -> CheckReport {
    var query = ODataQuery()
    query.add("$select", "VendorNum")
    query.add("$top", "1")
    let response = try client.get(vendor.service, vendor.entitySet, query: query)
    if response.isSuccess {
      let visible = (try? response.rows().count) ?? 0
      return CheckReport(detail: "authenticated on Epicor company \(config.company) (REST \(config.apiVersion.rawValue)): \(vendor.service)/\(vendor.entitySet) answered, \(visible == 0 ? "no vendors visible yet" : "vendors readable")")
    }
    throw diagnose(response.failure)
  }

  /// The specific error for a failed v2 (or v1) check read.
  private func diagnose(_ failure: EpicorFailure) -> PluginError {
    let company = config.company
    switch failure.status {
    case 401:
      if config.apiVersion == .v1 { return badCredentials(failure) }
      if failure.mentionsAPIKey { return missingAPIKey(failure) }
      if failure.mentionsCredentials { return badCredentials(failure) }
      switch probeV1() {
      case .some(true): return missingAPIKey(failure)
      case .some(false): return badCredentials(failure)
      case .none:
        return .config("epicor check: \(failure.description); Epicor refused the request: either the user/password (or token) or the API key is wrong or missing. Check the connection's auth, including \"api_key\": {\"header\": \"x-api-key\", \"secret\": …}")
      }
    case 403:
      if failure.mentionsAPIKey {
        return .config("epicor check: \(failure.description); the API key's access scope does not include \(vendor.service); add the service to the key's scope in API Key Maintenance")
      }
      return .config("epicor check: \(failure.description); the user may not use \(vendor.service) in company \(company): grant it in service/menu security")
    case 400, 404:
      if failure.isEpicorError && failure.mentionsCompany(company) { return badCompany(failure) }
      if config.apiVersion == .v2, probeV1() == true { return badCompany(failure) }
      if !failure.isEpicorError {
        return .config("epicor check: \(failure.description); this is not an Epicor REST answer: base_url must be the instance root, e.g. https://server.epicorsaas.com/SaaS5333/ (without /api/…)")
      }
      return .config("epicor check: \(failure.description); check base_url (the instance root) and company \"\(company)\"")
    case 410, 500...599:
      return .retry("epicor check: \(failure.description); the Epicor server is not ready (it was retried); try again later")
    default:
      return .fatal("epicor check: \(failure.description)")
    }
  }

  /// Whether a v1 read of the same service succeeds (no API key, no company in the path);
  /// nil when v1 gives no clear answer either way.
  private func probeV1() -> Bool? {
    var query = ODataQuery()
    query.add("$select", "VendorNum")
    query.add("$top", "1")
    guard let response = try? client.get(vendor.service, vendor.entitySet, query: query, version: .v1) else { return nil }
    if response.isSuccess { return true }
    return response.status == 401 ? false : nil
  }

  private func missingAPIKey(_ failure: EpicorFailure) -> PluginError {
    .config("epicor check: \(failure.description); the API key is missing or refused. REST v2 requires one: add \"api_key\": {\"header\": \"x-api-key\", \"secret\": \"NAME\"} to the connection's auth and store the key with `mlc secret set NAME`")
  }

  private func badCredentials(_ failure: EpicorFailure) -> PluginError {
    .config("epicor check: \(failure.description); the user name or password (or token) is refused: check the secrets named in the connection's auth and that the user is not locked out")
  }

  private func badCompany(_ failure: EpicorFailure) -> PluginError {
    .config("epicor check: \(failure.description); company \"\(config.company)\" is not a company this user can use on this server: set config.company to the Epicor company ID (e.g. EPIC06)")
  }
}
