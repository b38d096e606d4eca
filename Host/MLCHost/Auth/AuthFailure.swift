import Foundation

/// Credentials could not be obtained: a token endpoint or login refused, or a secret is
/// missing. Never retried within the request that hit it.
///
/// The message names the connection, the endpoint and the status with the (redacted)
/// body, and says what to do. `transient` separates a server that was briefly unable
/// (5xx, 429, no connection; the run may retry later) from a refusal that needs a person
/// (wrong secret, grant not enabled).
struct AuthFailure: Error, CustomStringConvertible {
  let connection: String
  /// The profile that failed, e.g. "oauth2_client_credentials".
  let profile: String
  /// The token or login URL, or the secret's config field for a missing secret.
  let endpoint: String
  /// The HTTP status the endpoint answered, nil when none came.
  let status: Int?
  /// What went wrong, with the response body cut to a readable length.
  let detail: String
  /// What the operator should do.
  let remedy: String
  /// True when trying again later may succeed without changing anything.
  let transient: Bool
  /// True when an OAuth server said this grant is not enabled for the client
  /// (ServiceNow answers 401 `server_error`/`access_denied`, others
  /// `unsupported_grant_type`): a configured fallback profile takes over then.
  var grantNotEnabled = false

  var description: String {
    let statusText = status.map { "HTTP \($0): " } ?? ""
    return "connection \"\(connection)\": \(profile) authentication failed at \(endpoint): "
      + "\(statusText)\(detail); \(remedy)"
  }

  /// A response body shortened for a message: at most `limit` characters, one line.
  static func excerpt(_ body: [UInt8], limit: Int = 300) -> String {
    let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
      .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    if text.isEmpty { return "(empty body)" }
    return text.count > limit ? String(text.prefix(limit)) + "…" : text
  }
}
