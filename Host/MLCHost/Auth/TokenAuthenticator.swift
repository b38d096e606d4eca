import Foundation

/// Obtains a credential for a `TokenAuthenticator`: one source per auth profile (Basic
/// credentials, an OAuth2 grant, Epicor's TokenResource, a Snowflake JWT, a stored token).
protocol TokenSource: Sendable {
  /// The profile name, e.g. "oauth2_client_credentials".
  var profile: String { get }
  /// True when the credential is read from secrets as it is (Basic, a stored bearer
  /// token): after a 401 it is re-read, and resent only if the secret changed meanwhile.
  var isStatic: Bool { get }
  /// Obtains a credential, blocking; throws `AuthFailure`.
  func fetch(_ context: AuthContext) throws -> IssuedToken
}

/// A credential a `TokenSource` obtained, and how to present it.
struct IssuedToken: Sendable, Equatable {
  /// The credential, e.g. an access token or the base64 of `user:password`.
  var value: String
  /// The `Authorization` scheme: "Bearer" or "Basic".
  var scheme: String = "Bearer"
  /// Seconds it is valid for from now; nil when it does not expire.
  var lifetime: TimeInterval?
  /// Headers sent along with it, e.g. Snowflake's `X-Snowflake-Authorization-Token-Type`.
  var extraHeaders: HeaderList = HeaderList()
}

/// Signs requests with `Authorization: <scheme> <credential>` from a cached credential
/// that a `TokenSource` renews before expiry and once after a 401.
final class TokenAuthenticator: Authenticator {
  let source: any TokenSource
  private let context: AuthContext
  private let cache: TokenCache

  init(source: any TokenSource, context: AuthContext, skew: TimeInterval) {
    self.source = source
    self.context = context
    cache = TokenCache(clock: context.clock, skew: skew)
  }

  var activeProfile: String { source.profile }

  func authorize(_ request: inout TransportRequest) throws -> AuthStamp {
    let token = try cache.token { try fetch() }
    for field in token.headers { request.headers.set(field.name, field.value) }
    return AuthStamp(generation: token.generation)
  }

  func credentialsRejected(_ stamp: AuthStamp) -> Bool {
    let rejected = cache.current
    cache.invalidate(generation: stamp.generation)
    guard source.isStatic else { return true }
    // A static secret only helps if someone changed it since it was read.
    guard let rejected, rejected.generation == stamp.generation,
          let fresh = try? cache.token(fetch: { try fetch() }) else { return true }
    return fresh.value != rejected.value
  }

  private func fetch() throws -> TokenCache.Fetched {
    let issued = try source.fetch(context)
    let authorization = "\(issued.scheme) \(issued.value)"
    context.hooks.register(issued.value)
    context.hooks.register(authorization)
    var headers: HeaderList = ["Authorization": authorization]
    for field in issued.extraHeaders { headers.set(field.name, field.value) }
    return TokenCache.Fetched(value: issued.value, headers: headers, lifetime: issued.lifetime)
  }
}
