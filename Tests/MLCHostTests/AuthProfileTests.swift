import XCTest
@testable import MLCHost

/// Parsing a connection's `auth` object: every profile, defaults, and errors that name
/// the JSON path.
final class AuthProfileTests: XCTestCase {
  private let path = "connections.epicor.auth"

  private func parse(_ json: [String: Any], plugin: String = "epicor") throws -> AuthProfile {
    try AuthProfile.parse(json, plugin: plugin, path: path)
  }

  private func assertError(_ json: Any?, _ message: String, plugin: String = "epicor",
                           file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try AuthProfile.parse(json, plugin: plugin, path: path), file: file, line: line) {
      XCTAssertEqual("\($0)", message, file: file, line: line)
    }
  }

  func testBasicWithAPIKeyAsInTheConfigExample() throws {
    let profile = try parse(["profile": "basic", "username_secret": "epicor-user", "password_secret": "epicor-pass",
                             "api_key": ["header": "x-api-key", "secret": "epicor-key"]])
    XCTAssertEqual(profile.kind, .basic(usernameSecret: "epicor-user", passwordSecret: "epicor-pass"))
    XCTAssertEqual(profile.apiKey, APIKeyPlacement(name: "x-api-key", secret: "epicor-key", location: .header,
                                                   path: "connections.epicor.auth.api_key"))
    XCTAssertEqual(profile.refreshSkew, 60)
  }

  func testErrorsNameTheJSONPath() {
    assertError(["profile": "basic", "username_secret": "epicor-user"], "connections.epicor.auth.password_secret: missing")
    assertError(["profile": "basic", "username_secret": "u", "password_secret": ""],
                "connections.epicor.auth.password_secret: must be a non-empty string")
    assertError(["username_secret": "u"], "connections.epicor.auth.profile: missing")
    assertError(nil, "connections.epicor.auth: missing")
    assertError("basic", "connections.epicor.auth: must be a JSON object")
    assertError(["profile": "basic", "username_secret": "u", "password_secret": "p", "pasword_secret": "p"],
                "connections.epicor.auth.pasword_secret: unknown field; expected one of api_key, fallback, "
                + "password_secret, profile, refresh_skew_seconds, username_secret")
    assertError(["profile": "oauth2_client_credentials", "token_url": "oauth/token", "client_id_secret": "i",
                 "client_secret_secret": "s", "client_auth": "header"],
                "connections.epicor.auth.client_auth: \"header\" is not one of \"body\", \"basic\"")
    assertError(["profile": "snowflake_keypair_jwt", "account": "a", "user": "u", "private_key_secret": "k",
                 "lifetime_seconds": 7200],
                "connections.epicor.auth.lifetime_seconds: must be between 30 and 3600, not 7200")
    assertError(["profile": "api_key", "secret": "k", "in": "cookie"],
                "connections.epicor.auth.in: \"cookie\" is not one of \"header\", \"query\"")
    assertError(["profile": "basic", "username_secret": "u", "password_secret": "p", "api_key": ["header": "x"]],
                "connections.epicor.auth.api_key.secret: missing")
  }

  func testUnknownProfileListsTheKnownOnes() {
    assertError(["profile": "kerberos"], "connections.epicor.auth.profile: unknown profile \"kerberos\"; use one of "
      + "none, basic, api_key, oauth2_client_credentials, oauth2_password, oauth2_refresh_token, token_exchange, "
      + "session_cookie, snowflake_keypair_jwt, bearer_token")
  }

  func testAPIKeyPlacements() throws {
    let query = try parse(["profile": "api_key", "in": "query", "secret": "k"])
    XCTAssertEqual(query.kind, .apiKey)
    XCTAssertEqual(query.apiKey?.name, "api-key", "Epicor's query parameter")
    XCTAssertEqual(query.apiKey?.location, .query)
    let header = try parse(["profile": "api_key", "secret": "k"])
    XCTAssertEqual(header.apiKey?.name, "x-api-key")
    XCTAssertEqual(header.apiKey?.path, path)
  }

  func testOAuthProfilesAndDefaultLifetimesPerSystem() throws {
    let fields: [String: Any] = ["token_url": "https://auth.servicetitan.io/connect/token", "client_id_secret": "i",
                                 "client_secret_secret": "s"]
    func lifetime(_ plugin: String) throws -> TimeInterval? {
      guard case .oauth2ClientCredentials(let endpoint) = try parse(fields.merging(["profile": "oauth2_client_credentials"]) { $1 },
                                                                    plugin: plugin).kind else { return nil }
      return endpoint.defaultLifetime
    }
    XCTAssertEqual(try lifetime("servicetitan"), 900)
    XCTAssertEqual(try lifetime("procore"), 5400)
    XCTAssertEqual(try lifetime("servicenow"), 1800)
    XCTAssertEqual(try lifetime("epicor"), 3600)

    let refresh = try parse(["profile": "oauth2_refresh_token", "token_url": "oauth/token", "client_id_secret": "i",
                             "refresh_token_secret": "rt", "token_lifetime_seconds": 600, "refresh_skew_seconds": 30])
    guard case .oauth2RefreshToken(let endpoint, let secret) = refresh.kind else { return XCTFail("\(refresh.kind)") }
    XCTAssertEqual(secret, "rt")
    XCTAssertNil(endpoint.clientSecretSecret)
    XCTAssertEqual(endpoint.defaultLifetime, 600)
    XCTAssertEqual(refresh.refreshSkew, 30)
    XCTAssertEqual(try parse(fields.merging(["profile": "oauth2_client_credentials"]) { $1 }).absoluteEndpoints,
                   [URL(string: "https://auth.servicetitan.io/connect/token")!], "its origin joins the allow-list")
  }

  func testTokenExchangeSessionSnowflakeAndBearerDefaults() throws {
    XCTAssertEqual(try parse(["profile": "token_exchange", "username_secret": "u", "password_secret": "p"]).kind,
                   .tokenExchange(tokenURL: "TokenResource.svc/", usernameSecret: "u", passwordSecret: "p", lifetime: 3600))
    guard case .sessionCookie(let session) = try parse(["profile": "session_cookie", "username_secret": "u",
                                                        "password_secret": "p", "tenant": "T"], plugin: "acumatica").kind
    else { return XCTFail() }
    XCTAssertEqual(session.loginPath, "entity/auth/login")
    XCTAssertEqual(session.logoutPath, "entity/auth/logout")
    XCTAssertEqual(session.tenant, "T")
    XCTAssertNil(session.branch)
    XCTAssertEqual(try parse(["profile": "snowflake_keypair_jwt", "account": "org-acct", "user": "svc",
                              "private_key_secret": "k"]).kind,
                   .snowflakeKeypairJWT(account: "org-acct", user: "svc", privateKeySecret: "k", lifetime: 3600))
    XCTAssertEqual(try parse(["profile": "bearer_token", "token_secret": "t"]).kind,
                   .bearerToken(tokenSecret: "t", typeHeader: nil))
    XCTAssertEqual(try parse(["profile": "none"]).kind, .none)
  }

  func testFallbackIsOneLevelDeep() throws {
    let profile = try parse(["profile": "oauth2_client_credentials", "token_url": "oauth_token.do", "client_id_secret": "i",
                             "client_secret_secret": "s",
                             "fallback": ["profile": "basic", "username_secret": "u", "password_secret": "p"]],
                            plugin: "servicenow")
    XCTAssertEqual(profile.fallback?.kind, .basic(usernameSecret: "u", passwordSecret: "p"))
    XCTAssertEqual(profile.fallback?.path, "connections.epicor.auth.fallback")
    assertError(["profile": "basic", "username_secret": "u", "password_secret": "p",
                 "fallback": ["profile": "basic", "username_secret": "u",
                              "fallback": ["profile": "none"]]],
                "connections.epicor.auth.fallback.password_secret: missing")
    assertError(["profile": "none", "fallback": ["profile": "none", "fallback": ["profile": "none"]]],
                "connections.epicor.auth.fallback.fallback: a fallback cannot have its own fallback")
  }

  func testSnowflakeAccountLocatorRule() {
    XCTAssertEqual(SnowflakeKeypairJWT.claimAccount("myorg-myaccount"), "MYORG-MYACCOUNT")
    XCTAssertEqual(SnowflakeKeypairJWT.claimAccount("xy12345.us-east-2.aws"), "XY12345")
    XCTAssertEqual(SnowflakeKeypairJWT.claimAccount("myorg-acct1.global"), "MYORG")
    XCTAssertEqual(SnowflakeKeypairJWT.claimAccount("abc"), "ABC")
  }
}
