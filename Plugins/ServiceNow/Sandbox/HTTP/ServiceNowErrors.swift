import MLCSandboxKit

/// ServiceNow's error answers.
///
/// The REST error shape is `{"error":{"message","detail"},"status":"failure"}` with the HTTP
/// status only in the status line (SN-DOCS `rest-api-explorer/c_CustomWebServices.md`). The
/// messages below are the platform's own where they are known from public client code and
/// test fixtures: "User Not Authenticated", "No Record found", "Invalid table <name>",
/// "Requested URI does not represent any resource", "Exception while reading request", and
/// the documented 429 "Rate limit exceeded". The OAuth endpoint answers every failure with
/// `{"error_description":"access_denied","error":"server_error"}` and 401, for bad
/// credentials and for a disabled client-credentials grant alike. The exact 400 texts for a
/// missing `Accept`/`Content-Type` are not published [U].
enum ServiceNowErrors {
  /// The JSON content type the platform answers with.
  static let contentType = "application/json;charset=UTF-8"

  /// A response carrying `value` as JSON.
  static func json(_ status: Int, _ value: JSONValue, headers: HTTPHeaders = .init()) -> HTTPResponse {
    HTTPResponse(status: status, contentType: contentType, text: value.serialized, headers: headers)
  }

  /// The REST error body with `message` and `detail` (`null` when `nil`).
  static func response(_ status: Int, message: String, detail: String?) -> HTTPResponse {
    json(status, .object([
      ("error", .object([("message", .string(message)), ("detail", detail.map(JSONValue.string) ?? .null)])),
      ("status", .string("failure")),
    ]))
  }

  /// 401 for a missing, wrong or expired credential on a REST API.
  static var notAuthenticated: HTTPResponse {
    var response = response(401, message: "User Not Authenticated", detail: "Required to provide Auth information")
    response.headers["WWW-Authenticate"] = "BASIC realm=\"Service-now\""
    return response
  }

  /// 401 from `/oauth_token.do` for any refused grant.
  static var oauthDenied: HTTPResponse {
    json(401, .object([("error_description", .string("access_denied")), ("error", .string("server_error"))]))
  }

  /// 400 for a table the instance does not have.
  static func invalidTable(_ name: String) -> HTTPResponse {
    response(400, message: "Invalid table \(name)", detail: nil)
  }

  /// 404 for a sys_id that does not exist in the table.
  static var recordNotFound: HTTPResponse {
    response(404, message: "No Record found", detail: "Record doesn't exist or ACL restricts the record retrieval")
  }

  /// 404 from Table API v1 for a valid query that matched nothing.
  static var queryMatchedNothing: HTTPResponse {
    response(404, message: "No Record found", detail: "Records matching query not found. Check query parameter or offset parameter")
  }

  /// 400 for a path no API serves.
  static var invalidURI: HTTPResponse {
    response(400, message: "Requested URI does not represent any resource", detail: nil)
  }

  /// 405 for a method the resource does not support.
  static func methodNotAllowed(_ method: String) -> HTTPResponse {
    response(405, message: "Method not Supported", detail: "\(method) is not supported by this resource")
  }

  /// 400 for a body that is not the JSON the endpoint expects.
  static func unreadableBody(_ detail: String) -> HTTPResponse {
    response(400, message: "Exception while reading request", detail: detail)
  }

  /// 429 with the documented body; the limiter adds `Retry-After` and the rate-limit headers.
  static func rateLimited(_ detail: String) -> HTTPResponse {
    response(429, message: "Rate limit exceeded", detail: detail)
  }

  /// The answer for a fault the plan injects, in the platform's shape for that status.
  static func injected(_ status: Int) -> HTTPResponse {
    switch status {
    case 401: return notAuthenticated
    case 429: return rateLimited("Rate limit of requests exceeded (injected fault)")
    case 500: return response(500, message: "Internal Server Error", detail: "Transaction failed (injected fault)")
    case 503: return response(503, message: "Service Unavailable", detail: "The instance is unavailable (injected fault)")
    default: return response(status, message: "Request failed", detail: "Injected fault with status \(status)")
    }
  }
}

/// An error answer carried as an `Error`, so parsing helpers can return `Result`s.
struct Refusal: Error {
  let response: HTTPResponse

  /// Wraps `response`.
  init(_ response: HTTPResponse) {
    self.response = response
  }
}
