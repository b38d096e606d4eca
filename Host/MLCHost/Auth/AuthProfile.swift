import Foundation

/// A connection's `auth` object, parsed and checked: which profile signs its requests,
/// with which secret *names* (never values), plus an optional API key and fallback.
///
/// ```json
/// "auth": {"profile": "basic", "username_secret": "epicor-user", "password_secret": "epicor-pass",
///          "api_key": {"header": "x-api-key", "secret": "epicor-key"}}
/// ```
/// Every error names the JSON path, e.g. `connections.epicor.auth.password_secret: missing`.
/// Unknown fields are errors too, so a misspelt field never silently means a default.
final class AuthProfile: Sendable {
  /// The profile and its settings.
  enum Kind: Sendable, Equatable {
    case none
    case basic(usernameSecret: String, passwordSecret: String)
    /// The API key alone; its placement is `AuthProfile.apiKey`.
    case apiKey
    case oauth2ClientCredentials(OAuth2TokenEndpoint)
    case oauth2Password(OAuth2TokenEndpoint, usernameSecret: String, passwordSecret: String)
    case oauth2RefreshToken(OAuth2TokenEndpoint, refreshTokenSecret: String)
    case tokenExchange(tokenURL: String, usernameSecret: String, passwordSecret: String,
                       lifetime: TimeInterval)
    case sessionCookie(SessionCookieSettings)
    case snowflakeKeypairJWT(account: String, user: String, privateKeySecret: String,
                             lifetime: TimeInterval)
    case bearerToken(tokenSecret: String, typeHeader: HeaderList.Field?)
  }

  /// Acumatica sign-in settings.
  struct SessionCookieSettings: Sendable, Equatable {
    var usernameSecret: String
    var passwordSecret: String
    var tenant: String?
    var branch: String?
    var locale: String?
    var loginPath = "entity/auth/login"
    var logoutPath = "entity/auth/logout"
  }

  /// The profile name as written in the config, e.g. "oauth2_client_credentials".
  let name: String
  let kind: Kind
  /// An API key sent with every request, alone or on top of the profile.
  let apiKey: APIKeyPlacement?
  /// The profile used when the server says this one's grant is not enabled.
  let fallback: AuthProfile?
  /// Tokens are renewed this many seconds before they expire.
  let refreshSkew: TimeInterval
  /// The JSON path of this object.
  let path: String

  /// Every profile name the parser knows.
  static let names = [
    "none", "basic", "api_key", "oauth2_client_credentials", "oauth2_password",
    "oauth2_refresh_token", "token_exchange", "session_cookie", "snowflake_keypair_jwt",
    "bearer_token",
  ]

  init(name: String, kind: Kind, apiKey: APIKeyPlacement?, fallback: AuthProfile?,
       refreshSkew: TimeInterval, path: String) {
    self.name = name
    self.kind = kind
    self.apiKey = apiKey
    self.fallback = fallback
    self.refreshSkew = refreshSkew
    self.path = path
  }

  /// The token lifetime assumed when a server gives none, per plugin: Epicor 3600 s,
  /// ServiceNow 1800 s, Procore 5400 s, ServiceTitan 900 s (shared/SYSTEMS.md).
  static func defaultTokenLifetime(plugin: String) -> TimeInterval {
    switch plugin.lowercased() {
    case "servicenow": return 1800
    case "procore": return 5400
    case "servicetitan": return 900
    default: return 3600
    }
  }

  /// Parses a connection's `auth` object (`json`, as `JSONSerialization` gave it) for a
  /// connection of plugin `plugin`; `path` is the object's JSON path for errors.
  static func parse(_ json: Any?, plugin: String, path: String) throws -> AuthProfile {
    try AuthProfileParser(plugin: plugin).parse(json, path: path, allowFallback: true)
  }

  /// Absolute token and login endpoints of this profile and its fallback: the service
  /// adds their origins to the connection's allow-list.
  var absoluteEndpoints: [URL] {
    var endpoints: [String] = []
    switch kind {
    case .oauth2ClientCredentials(let endpoint), .oauth2Password(let endpoint, _, _),
         .oauth2RefreshToken(let endpoint, _):
      endpoints.append(endpoint.tokenURL)
    case .tokenExchange(let tokenURL, _, _, _): endpoints.append(tokenURL)
    case .sessionCookie(let settings): endpoints += [settings.loginPath, settings.logoutPath]
    default: break
    }
    let own = endpoints.compactMap { text -> URL? in
      guard let url = URL(string: text), url.scheme != nil, url.host != nil else { return nil }
      return url
    }
    return own + (fallback?.absoluteEndpoints ?? [])
  }

  /// Builds the authenticator that applies this profile on `context`'s connection.
  /// `signer` is required by `snowflake_keypair_jwt` only.
  func makeAuthenticator(context: AuthContext, signer: (any JWTSigning)?) throws -> any Authenticator {
    var authenticator = try makeOwn(context: context, signer: signer)
    if let fallback {
      authenticator = FallbackAuthenticator(
        primary: authenticator, fallback: try fallback.makeAuthenticator(context: context, signer: signer),
        context: context)
    }
    if let apiKey {
      authenticator = APIKeyAuthenticator(placement: apiKey, inner: authenticator, context: context)
    }
    return authenticator
  }

  private func makeOwn(context: AuthContext, signer: (any JWTSigning)?) throws -> any Authenticator {
    func tokens(_ source: any TokenSource) -> any Authenticator {
      TokenAuthenticator(source: source, context: context, skew: refreshSkew)
    }
    switch kind {
    case .none, .apiKey:
      return NoAuthenticator()
    case .basic(let user, let password):
      return tokens(BasicCredentials(usernameSecret: user, passwordSecret: password, path: path))
    case .oauth2ClientCredentials(let endpoint):
      return tokens(OAuth2ClientCredentialsGrant(endpoint: endpoint))
    case .oauth2Password(let endpoint, let user, let password):
      return tokens(OAuth2PasswordGrant(endpoint: endpoint, usernameSecret: user, passwordSecret: password))
    case .oauth2RefreshToken(let endpoint, let secret):
      return tokens(OAuth2RefreshTokenGrant(endpoint: endpoint, refreshTokenSecret: secret))
    case .tokenExchange(let tokenURL, let user, let password, let lifetime):
      return tokens(EpicorTokenExchange(
        credentials: BasicCredentials(usernameSecret: user, passwordSecret: password, path: path),
        tokenURL: tokenURL, apiKey: apiKey, lifetime: lifetime))
    case .sessionCookie(let settings):
      return SessionCookieAuthenticator(
        usernameSecret: settings.usernameSecret, passwordSecret: settings.passwordSecret,
        tenant: settings.tenant, branch: settings.branch, locale: settings.locale,
        loginPath: settings.loginPath, logoutPath: settings.logoutPath, path: path, context: context)
    case .snowflakeKeypairJWT(let account, let user, let keySecret, let lifetime):
      guard let signer else {
        throw HTTPConfigError(path: "\(path).profile", problem:
          "snowflake_keypair_jwt needs a JWT signer and this host was built without one")
      }
      return tokens(SnowflakeKeypairJWT(account: account, user: user, privateKeySecret: keySecret,
                                        lifetime: lifetime, signer: signer, path: path))
    case .bearerToken(let secret, let typeHeader):
      return tokens(BearerTokenSecret(tokenSecret: secret, typeHeader: typeHeader, path: path))
    }
  }
}
