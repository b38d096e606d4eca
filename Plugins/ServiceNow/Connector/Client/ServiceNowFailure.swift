import MLCPluginKit

/// A ServiceNow request that did not give the answer asked for, split by what the caller
/// can do about it. Credentials and permission problems are not here: they stop the run as
/// `PluginError.config`, since every other record would fail the same way.
enum ServiceNowFailure: Error, CustomStringConvertible {
  /// Rate limited or the instance was unavailable even after the host's retries (429,
  /// 5xx, retry budget spent): the same request may succeed later.
  case transient(String)
  /// The instance refused this request (a 4xx about its content): the message is the
  /// record's failure reason.
  case refused(String)

  var description: String {
    switch self {
    case .transient(let message), .refused(let message): return message
    }
  }

  /// The error for a final response that is not 2xx, from ServiceNow's error body
  /// `{"error":{"message":…,"detail":…},"status":"failure"}` (SN-DOCS
  /// `rest-api-explorer/c_CustomWebServices.md`). Throws `PluginError.config` for 401, 403
  /// and an unknown table, which a person must fix in the connection.
  static func from(_ response: HTTPResponse, _ request: HTTPRequest) throws -> ServiceNowFailure {
    let what = "\(request.method) /\(request.target)"
    let said = "ServiceNow answered HTTP \(response.status) to \(what): \(errorText(response))"
    switch response.status {
    case 401:
      throw PluginError.config("\(said); the connection's credentials were refused: "
        + "check the secrets its auth profile names (`mlc secret set NAME`) and, for OAuth, that the client may use the grant")
    case 403:
      throw PluginError.config("\(said); the integration user lacks a role or an ACL allows it no access to this table: "
        + "grant it (import_set_loader and import_transformer for staging tables, read access for the Table API)")
    case 400 where errorMessage(response)?.hasPrefix("Invalid table") == true:
      throw PluginError.config("\(said); the table does not exist on this instance: "
        + "check the table names in the connection's config (staging_tables, requisition_table, ...) and that Source-to-Pay Operations is installed")
    case 429, 500...599:
      var message = said
      if let retryAfter = response.header("retry-after") { message += " (Retry-After: \(retryAfter) s)" }
      return .transient(message + "; the host's retries ran out, so the record can be replayed later with `mlc replay`")
    default:
      return .refused(said)
    }
  }

  /// The failure for a request the host could not complete (`PluginHost.http` threw).
  /// Only `.retry` becomes a failure; config and fatal errors are rethrown.
  static func from(_ error: Error) throws -> ServiceNowFailure {
    guard let pluginError = error as? PluginError, pluginError.code == .retry else { throw error }
    return .transient("\(pluginError.message); the record can be replayed later with `mlc replay`")
  }

  /// `message: detail` from ServiceNow's error body, or the start of the body as text.
  static func errorText(_ response: HTTPResponse) -> String {
    guard let message = errorMessage(response) else {
      let text = response.text.split(whereSeparator: \.isNewline).joined(separator: " ")
      return text.isEmpty ? "(empty body)" : String(text.prefix(300))
    }
    let detail = (try? JSONValue(parsing: response.body))?["error"]?["detail"]?.stringValue ?? ""
    return detail.isEmpty ? message : "\(message): \(detail)"
  }

  /// `error.message` of ServiceNow's error body, when the body is one.
  static func errorMessage(_ response: HTTPResponse) -> String? {
    guard let body = try? JSONValue(parsing: response.body) else { return nil }
    return body["error"]?["message"]?.stringValue
  }
}
