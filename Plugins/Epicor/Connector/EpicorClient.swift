import MLCPluginKit

/// Sends Epicor REST requests on the connection through the host, which resolves them
/// against the base URL, attaches the credentials and API key, and retries 429/5xx.
///
/// v2 paths carry the company: `api/v2/odata/{company}/{Service}/{EntitySet or Method}`;
/// v1 paths do not (`api/v1/{Service}/…`), so v1 requests name the company in the
/// `CallSettings` header instead (SYSTEMS.md §1.1, §1.2 [V]/[V-3p]). Base URL = the instance
/// root, e.g. `https://centralusdtapp73.epicorsaas.com/SaaS5333/`.
final class EpicorClient {
  let host: PluginHost
  let config: EpicorConfig
  /// Requests sent so far by this instance, for the check report and logs.
  private(set) var requestCount = 0

  /// A client for the connection `host` serves.
  init(host: PluginHost, config: EpicorConfig) {
    self.host = host
    self.config = config
  }

  /// The request target of `resource` (an entity set, a keyed entity or a method) of
  /// `service`, for this connection's API version.
  func target(_ service: String, _ resource: String, version: EpicorConfig.APIVersion? = nil) -> String {
    switch version ?? config.apiVersion {
    case .v2: return "api/v2/odata/\(ODataQuery.encodePathSegment(config.company))/\(service)/\(resource)"
    case .v1: return "api/v1/\(service)/\(resource)"
    }
  }

  /// GETs `resource` of `service` with an OData query.
  func get(_ service: String, _ resource: String, query: ODataQuery = ODataQuery(),
           version: EpicorConfig.APIVersion? = nil) throws -> EpicorResponse {
    try send(HTTPRequest(method: "GET", target: target(service, resource, version: version), query: query.encoded,
                         headers: headers(version: version)))
  }

  /// POSTs a JSON body to method `method` of `service` (`Erp.BO.APInvoiceSvc/Update`).
  /// `GetNew…` and `GetByID` change nothing on the server, so the host may resend them after
  /// a timeout or a 5xx; `Update` and the like it may not.
  func post(_ service: String, _ method: String, body: JSONValue) throws -> EpicorResponse {
    var writer = JSONWriter(capacity: 4096)
    body.write(to: &writer)
    let readOnly = method.hasPrefix("GetNew") || method == "GetByID"
    return try send(HTTPRequest(method: "POST", target: target(service, method), headers: headers(version: nil),
                                body: writer.bytes, idempotent: readOnly))
  }

  private func headers(version: EpicorConfig.APIVersion?) -> [(name: String, value: String)] {
    var headers: [(name: String, value: String)] = [("Accept", "application/json")]
    if (version ?? config.apiVersion) == .v1 {
      var writer = JSONWriter(capacity: 64)
      writer.beginObject()
      writer.field("Company", config.company)
      writer.endObject()
      headers.append(("CallSettings", writer.text))
    }
    return headers
  }

  private func send(_ request: HTTPRequest) throws -> EpicorResponse {
    requestCount += 1
    let response = try host.http(request)
    return EpicorResponse(method: request.method, target: request.target, status: response.status, body: response.body)
  }
}

/// A final response from Epicor, successful or not.
struct EpicorResponse {
  let method: String
  let target: String
  let status: Int
  let body: [UInt8]

  var isSuccess: Bool { (200..<300).contains(status) }

  /// The body parsed as JSON; throws a fatal error naming the request when it is not JSON.
  func json() throws -> JSONValue {
    do {
      return try JSONValue(parsing: body)
    } catch {
      throw PluginError.fatal("Epicor answered \(method) \(target) with HTTP \(status) but a body that is not JSON (\(error)): \(EpicorFailure.excerpt(body))")
    }
  }

  /// The rows of an OData collection response (`{"value":[…]}`).
  func rows() throws -> [EpicorRow] {
    guard case .array(let elements)? = try json()["value"] else {
      throw PluginError.fatal("Epicor answered \(method) \(target) without a \"value\" array: \(EpicorFailure.excerpt(body))")
    }
    return elements.compactMap { element in
      guard case .object(let members) = element else { return nil }
      return EpicorRow(members)
    }
  }

  /// What Epicor said went wrong, for a response that is not 2xx.
  var failure: EpicorFailure { EpicorFailure(response: self) }
}
