import Foundation

/// The `bearer_token` profile: `Authorization: Bearer <token>` with a token kept in a
/// secret, e.g. a Snowflake programmatic access token, plus an optional type header
/// (`X-Snowflake-Authorization-Token-Type: PROGRAMMATIC_ACCESS_TOKEN`).
///
/// Static: after a 401 the secret is re-read and the request resent only if it changed.
struct BearerTokenSecret: TokenSource {
  let tokenSecret: String
  /// A header sent with the token, e.g. Snowflake's token type.
  let typeHeader: HeaderList.Field?
  let path: String

  var profile: String { "bearer_token" }
  var isStatic: Bool { true }

  func fetch(_ context: AuthContext) throws -> IssuedToken {
    let token = try context.secret(tokenSecret, field: "\(path).token_secret", profile: profile)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    var extra = HeaderList()
    if let typeHeader { extra.set(typeHeader.name, typeHeader.value) }
    return IssuedToken(value: token, scheme: "Bearer", lifetime: nil, extraHeaders: extra)
  }
}
