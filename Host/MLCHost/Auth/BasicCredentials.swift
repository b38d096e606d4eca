import Foundation

/// The `basic` profile: `Authorization: Basic base64(user:password)` on every request
/// (Epicor, ServiceNow), from two secrets.
///
/// Static: nothing is fetched from the network; after a 401 the secrets are re-read and
/// the request resent only if they changed.
struct BasicCredentials: TokenSource {
  let usernameSecret: String
  let passwordSecret: String
  /// The auth object's JSON path, for naming fields in errors.
  let path: String

  var profile: String { "basic" }
  var isStatic: Bool { true }

  func fetch(_ context: AuthContext) throws -> IssuedToken {
    IssuedToken(value: try encoded(context), scheme: "Basic", lifetime: nil)
  }

  /// base64 of `user:password`, the credential itself (registered for redaction by the
  /// caller). Also used by profiles that send Basic to a token endpoint.
  func encoded(_ context: AuthContext) throws -> String {
    let user = try context.secret(usernameSecret, field: "\(path).username_secret", profile: profile)
    let password = try context.secret(passwordSecret, field: "\(path).password_secret", profile: profile)
    let value = Data("\(user):\(password)".utf8).base64EncodedString()
    context.hooks.register(value)
    return value
  }
}
