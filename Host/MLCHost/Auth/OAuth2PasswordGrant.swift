import Foundation

/// The `oauth2_password` profile (RFC 6749 §4.3): ServiceNow `oauth_token.do`, Acumatica
/// `identity/connect/token` (scope `api offline_access`).
///
/// When the server also issues a refresh token, it is kept in memory and used for the
/// next renewal; if the refresh grant is refused, the password grant is used again. The
/// refresh token is not persisted: the password in the vault can always make a new one.
final class OAuth2PasswordGrant: TokenSource, @unchecked Sendable {
  let endpoint: OAuth2TokenEndpoint
  let usernameSecret: String
  let passwordSecret: String

  private let lock = NSLock()
  private var refreshToken: String?

  init(endpoint: OAuth2TokenEndpoint, usernameSecret: String, passwordSecret: String) {
    self.endpoint = endpoint
    self.usernameSecret = usernameSecret
    self.passwordSecret = passwordSecret
  }

  var profile: String { "oauth2_password" }
  var isStatic: Bool { false }

  func fetch(_ context: AuthContext) throws -> IssuedToken {
    lock.lock()
    let held = refreshToken
    refreshToken = nil
    lock.unlock()
    if let held {
      do {
        return try remember(endpoint.request([("grant_type", "refresh_token"), ("refresh_token", held)],
                                             profile: profile, context: context), context)
      } catch let failure as AuthFailure where !failure.transient {
        context.hooks.debug("\(context.connection): refresh grant refused, using the password grant")
      }
    }
    let path = endpoint.path
    let user = try context.secret(usernameSecret, field: "\(path).username_secret", profile: profile)
    let password = try context.secret(passwordSecret, field: "\(path).password_secret", profile: profile)
    return try remember(endpoint.request(
      [("grant_type", "password"), ("username", user), ("password", password)],
      profile: profile, context: context), context)
  }

  private func remember(_ response: OAuth2TokenEndpoint.Response, _ context: AuthContext) -> IssuedToken {
    if let token = response.refreshToken {
      context.hooks.register(token)
      lock.lock()
      refreshToken = token
      lock.unlock()
    }
    return endpoint.issued(response)
  }
}
