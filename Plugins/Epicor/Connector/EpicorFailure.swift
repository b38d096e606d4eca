import MLCPluginKit

/// Epicor's error body, read: `{"HttpStatus":400,"ReasonPhrase":"REST API Exception",
/// "ErrorMessage":"…","ErrorType":"Ice.Common.BusinessObjectException",
/// "ErrorDetails":[{"Message":"…","Type":"Error","Table":"APInvHed","Field":"InvoiceNum"}]}`.
///
/// Field names from SYSTEMS.md §1.7 [V-3p, confirmed by client test code]; `ErrorDetails`
/// and `Field` may be missing, and a non-Epicor body (an IIS 404 page) is kept as an
/// excerpt. Status meanings from the same table: 400 business or OData error, 401
/// credentials/token/API key, 403 service security or API-key scope, 404 wrong service or
/// record, 409 duplicate, 410 expired session.
struct EpicorFailure: Error, CustomStringConvertible {
  let status: Int
  let method: String
  let target: String
  /// `ErrorMessage`, or an excerpt of a body that is not Epicor's error JSON.
  let message: String
  let errorType: String?
  /// `ErrorDetails[].Field`, where given.
  let fields: [String]
  /// Every `ErrorDetails[].Message` that differs from `message`.
  let details: [String]
  /// Whether the body was Epicor's error JSON (an HTML page from a proxy is not).
  let isEpicorError: Bool

  /// Reads the failure out of a non-2xx response.
  init(response: EpicorResponse) {
    status = response.status
    method = response.method
    target = response.target
    let object = (try? JSONValue(parsing: response.body))?.objectValue
    let main = object?["ErrorMessage"]?.stringValue ?? object?["Message"]?.stringValue
    isEpicorError = main != nil
    message = main ?? Self.excerpt(response.body)
    errorType = object?["ErrorType"]?.stringValue
    var fields: [String] = []
    var details: [String] = []
    for detail in object?["ErrorDetails"]?.arrayValue ?? [] {
      if let field = detail["Field"]?.stringValue, !field.isEmpty, !fields.contains(field) {
        let table = detail["Table"]?.stringValue ?? ""
        fields.append(table.isEmpty ? field : "\(table).\(field)")
      }
      if let text = detail["Message"]?.stringValue, !text.isEmpty, text != main, !details.contains(text) {
        details.append(text)
      }
    }
    self.fields = fields
    self.details = details
  }

  /// `ErrorMessage` plus the fields and further details, for an outcome or log line.
  var summary: String {
    var text = message
    if !details.isEmpty { text += " (" + details.joined(separator: "; ") + ")" }
    if !fields.isEmpty { text += " [field " + fields.joined(separator: ", ") + "]" }
    return text
  }

  var description: String { "Epicor answered \(method) \(target) with HTTP \(status): \(summary)" }

  /// Whether the message is about company `company` (`company 'EPIC99' does not exist`):
  /// it names the company, quoted or after the word, not merely inside a URL path.
  func mentionsCompany(_ company: String) -> Bool {
    let text = (message + " " + details.joined(separator: " ")).lowercased()
    let id = company.lowercased()
    guard text.contains("company") else { return false }
    return text.contains("'\(id)'") || text.contains("\"\(id)\"") || text.contains("company \(id)")
  }

  /// Whether the message is about the user's credentials or token.
  var mentionsCredentials: Bool {
    let text = (message + " " + details.joined(separator: " ")).lowercased()
    return ["password", "user name", "username", "credential", "token"].contains { text.contains($0) }
  }

  /// Whether the message is about the API key.
  var mentionsAPIKey: Bool {
    let text = (message + " " + details.joined(separator: " ")).lowercased()
    return text.contains("api key") || text.contains("apikey") || text.contains("api-key")
  }

  /// The error a read reports for this failure: credentials and configuration problems are
  /// config errors a person must fix, 5xx/410 may pass, anything else stops the read.
  func readError(_ what: String, company: String) -> PluginError {
    let prefix = "epicor: \(what): \(description)"
    switch status {
    case 401:
      return .config("\(prefix); check the user and password (or token) and the API key in the connection's auth")
    case 403:
      return .config("\(prefix); give the user access to the service (menu/service security) and add it to the API key's access scope")
    case 404:
      return .config("\(prefix); check that base_url is the instance root (https://server/instance/) and that company \"\(company)\" exists")
    case 410, 500...599:
      return .retry("\(prefix); the server is unavailable or the session expired, try again later")
    default:
      return .fatal(prefix)
    }
  }

  /// A response body cut to a readable length, on one line.
  static func excerpt(_ body: [UInt8], limit: Int = 300) -> String {
    let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
      .split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    if text.isEmpty { return "(empty body)" }
    return text.count > limit ? String(text.prefix(limit)) + "…" : text
  }
}
