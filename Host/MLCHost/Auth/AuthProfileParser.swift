import Foundation

/// Reads one `auth` object into an `AuthProfile`, field by field, with JSON-path errors.
struct AuthProfileParser {
  let plugin: String

  private static let common: Set<String> = ["profile", "api_key", "fallback", "refresh_skew_seconds"]
  private static let oauth: Set<String> = [
    "token_url", "client_id_secret", "client_secret_secret", "scope", "client_auth",
    "token_lifetime_seconds",
  ]

  func parse(_ json: Any?, path: String, allowFallback: Bool) throws -> AuthProfile {
    let reader = try HTTPConfigReader(json, path: path)
    let name = try reader.string("profile")
    guard AuthProfile.names.contains(name) else {
      throw HTTPConfigError(path: reader.path("profile"), problem:
        "unknown profile \"\(name)\"; use one of " + AuthProfile.names.joined(separator: ", "))
    }
    var apiKey = try reader.optionalObject("api_key").map { try apiKeyPlacement($0) }
    let kind: AuthProfile.Kind
    var own: Set<String> = []
    switch name {
    case "none":
      kind = .none
    case "basic":
      own = ["username_secret", "password_secret"]
      kind = .basic(usernameSecret: try reader.string("username_secret"),
                    passwordSecret: try reader.string("password_secret"))
    case "api_key":
      own = ["header", "secret", "in", "name"]
      if apiKey != nil {
        throw HTTPConfigError(path: reader.path("api_key"), problem:
          "the api_key profile takes header, secret, in and name directly; remove the nested api_key")
      }
      apiKey = try apiKeyPlacement(reader)
      kind = .apiKey
    case "oauth2_client_credentials":
      own = Self.oauth
      kind = .oauth2ClientCredentials(try endpoint(reader, secretRequired: true))
    case "oauth2_password":
      own = Self.oauth.union(["username_secret", "password_secret"])
      kind = .oauth2Password(try endpoint(reader, secretRequired: false),
                             usernameSecret: try reader.string("username_secret"),
                             passwordSecret: try reader.string("password_secret"))
    case "oauth2_refresh_token":
      own = Self.oauth.union(["refresh_token_secret"])
      kind = .oauth2RefreshToken(try endpoint(reader, secretRequired: false),
                                 refreshTokenSecret: try reader.string("refresh_token_secret"))
    case "token_exchange":
      own = ["username_secret", "password_secret", "token_url", "token_lifetime_seconds"]
      kind = .tokenExchange(
        tokenURL: try reader.optionalString("token_url") ?? "TokenResource.svc/",
        usernameSecret: try reader.string("username_secret"),
        passwordSecret: try reader.string("password_secret"),
        lifetime: try reader.optionalNumber("token_lifetime_seconds", in: 30...86_400)
          ?? AuthProfile.defaultTokenLifetime(plugin: plugin))
    case "session_cookie":
      own = ["username_secret", "password_secret", "tenant", "branch", "locale", "login_path", "logout_path"]
      var settings = AuthProfile.SessionCookieSettings(
        usernameSecret: try reader.string("username_secret"),
        passwordSecret: try reader.string("password_secret"),
        tenant: try reader.optionalString("tenant"), branch: try reader.optionalString("branch"),
        locale: try reader.optionalString("locale"))
      settings.loginPath = try reader.optionalString("login_path") ?? settings.loginPath
      settings.logoutPath = try reader.optionalString("logout_path") ?? settings.logoutPath
      kind = .sessionCookie(settings)
    case "snowflake_keypair_jwt":
      own = ["account", "user", "private_key_secret", "lifetime_seconds"]
      kind = .snowflakeKeypairJWT(
        account: try reader.string("account"), user: try reader.string("user"),
        privateKeySecret: try reader.string("private_key_secret"),
        lifetime: try reader.optionalNumber("lifetime_seconds", in: 30...3600) ?? 3600)
    default:  // "bearer_token"
      own = ["token_secret", "token_type_header"]
      kind = .bearerToken(tokenSecret: try reader.string("token_secret"),
                          typeHeader: try reader.optionalObject("token_type_header").map(typeHeader))
    }
    try reader.rejectUnknownKeys(Self.common.union(own))

    var fallback: AuthProfile?
    if let fallbackReader = try reader.optionalObject("fallback") {
      guard allowFallback else {
        throw HTTPConfigError(path: fallbackReader.path, problem: "a fallback cannot have its own fallback")
      }
      fallback = try parse(fallbackReader.object, path: fallbackReader.path, allowFallback: false)
    }
    let skew = try reader.optionalNumber("refresh_skew_seconds", in: 0...3600) ?? 60
    return AuthProfile(name: name, kind: kind, apiKey: apiKey, fallback: fallback,
                       refreshSkew: skew, path: path)
  }

  private func endpoint(_ reader: HTTPConfigReader, secretRequired: Bool) throws -> OAuth2TokenEndpoint {
    let tokenURL = try reader.string("token_url")
    if URL(string: tokenURL) == nil {
      throw HTTPConfigError(path: reader.path("token_url"), problem: "\"\(tokenURL)\" is not a URL or path")
    }
    return OAuth2TokenEndpoint(
      tokenURL: tokenURL,
      clientIDSecret: try reader.string("client_id_secret"),
      clientSecretSecret: secretRequired
        ? try reader.string("client_secret_secret") : try reader.optionalString("client_secret_secret"),
      clientAuth: OAuth2TokenEndpoint.ClientAuth(
        rawValue: try reader.optionalChoice("client_auth", ["body", "basic"]) ?? "body") ?? .body,
      scope: try reader.optionalString("scope"),
      defaultLifetime: try reader.optionalNumber("token_lifetime_seconds", in: 30...86_400)
        ?? AuthProfile.defaultTokenLifetime(plugin: plugin),
      path: reader.path)
  }

  private func apiKeyPlacement(_ reader: HTTPConfigReader) throws -> APIKeyPlacement {
    let location = APIKeyPlacement.Location(
      rawValue: try reader.optionalChoice("in", ["header", "query"]) ?? "header") ?? .header
    if reader.path.hasSuffix(".api_key") {
      try reader.rejectUnknownKeys(["header", "secret", "in", "name"])
    }
    let name = location == .header
      ? try reader.optionalString("header") ?? "x-api-key"
      : try reader.optionalString("name") ?? "api-key"
    return APIKeyPlacement(name: name, secret: try reader.string("secret"), location: location,
                           path: reader.path)
  }

  private func typeHeader(_ reader: HTTPConfigReader) throws -> HeaderList.Field {
    try reader.rejectUnknownKeys(["name", "value"])
    return HeaderList.Field(name: try reader.string("name"), value: try reader.string("value"))
  }
}
