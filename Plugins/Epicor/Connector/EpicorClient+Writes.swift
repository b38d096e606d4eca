import MLCPluginKit

/// The calls sinks make: BO methods and look-ups, with Epicor's answers sorted into business
/// errors (which fail one record) and connection problems (which stop the batch).
extension EpicorClient {
  /// POSTs `method` of `service` with named parameters and returns the response body.
  /// Throws `EpicorFailure` when Epicor refuses the data (400, 404, 409: the record fails
  /// with Epicor's message) and `PluginError` when the connection itself fails (see
  /// `connectionError`).
  func invoke(_ service: String, _ method: String, _ parameters: [String: JSONValue]) throws -> JSONValue {
    let response = try post(service, method, body: .object(parameters))
    guard response.isSuccess else { throw try sorted(response.failure) }
    return try response.json()
  }

  /// GETs rows of `entitySet` for a sink's look-up (same error sorting as `invoke`).
  func lookup(_ service: String, _ entitySet: String, _ query: ODataQuery) throws -> [EpicorRow] {
    let response = try get(service, entitySet, query: query)
    guard response.isSuccess else { throw try sorted(response.failure) }
    return try response.rows()
  }

  /// `failure` back when it is about the record; throws the `PluginError` that stops the
  /// batch when it is about the connection (credentials, security, server unavailable).
  private func sorted(_ failure: EpicorFailure) throws -> EpicorFailure {
    switch failure.status {
    case 401, 403, 410, 429, 500...599:
      throw failure.readError("writing", company: config.company)
    default:
      return failure
    }
  }
}
