import Foundation

/// The `oauth2_refresh_token` profile (RFC 6749 §6): a refresh token obtained once by an
/// operator (authorization-code flow, e.g. Procore or Acumatica) and kept in the vault.
///
/// Procore refresh tokens are single-use and rotate: the old one is invalid the moment
/// it is used, even if the response is lost. So a rotated refresh token is written to
/// the vault with `setSecret` *before* the new access token is handed out; a crash after
/// that point leaves the vault holding the only valid refresh token. If the write fails,
/// the new access token is not used and the failure says to re-authorize.
struct OAuth2RefreshTokenGrant: TokenSource {
  let endpoint: OAuth2TokenEndpoint
  let refreshTokenSecret: String

  var profile: String { "oauth2_refresh_token" }
  var isStatic: Bool { false }

  func fetch(_ context: AuthContext) throws -> IssuedToken {
    let field = "\(endpoint.path).refresh_token_secret"
    let current = try context.secret(refreshTokenSecret, field: field, profile: profile)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let response = try endpoint.request(
      [("grant_type", "refresh_token"), ("refresh_token", current)], profile: profile, context: context)
    if let rotated = response.refreshToken, rotated != current {
      context.hooks.register(rotated)
      do {
        try context.secrets.setSecret(named: refreshTokenSecret, value: Array(rotated.utf8))
      } catch {
        throw AuthFailure(
          connection: context.connection, profile: profile, endpoint: field, status: nil,
          detail: "the server rotated the refresh token but storing it in secret \"\(refreshTokenSecret)\" failed: \(error)",
          remedy: "the old refresh token is now invalid; re-authorize the connection and store the new one with `mlc secret set \(refreshTokenSecret)`",
          transient: false)
      }
      context.hooks.debug("\(context.connection): stored the rotated refresh token in secret \"\(refreshTokenSecret)\"")
    }
    return endpoint.issued(response)
  }
}
