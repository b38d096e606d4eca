import XCTest
@testable import MLCHost
import TestKit

/// The OAuth 2.0 profiles against a scripted token endpoint: caching, renewal before
/// expiry, one refresh after a 401, failed refreshes, and rotating refresh tokens.
final class AuthOAuthTests: XCTestCase {
  private let clientSecrets = NetTestSecrets(["cid": "client-id-1", "csec": "client-secret-xyz"])

  private func clientCredentials(_ extra: [String: Any] = [:]) -> [String: Any] {
    var auth: [String: Any] = ["profile": "oauth2_client_credentials", "token_url": "oauth/token",
                               "client_id_secret": "cid", "client_secret_secret": "csec"]
    auth.merge(extra) { $1 }
    return auth
  }

  private func builder(_ auth: [String: Any], plugin: String = "generic") -> NetServiceBuilder {
    var builder = NetServiceBuilder()
    builder.plugin = plugin
    builder.auth = auth
    builder.secrets = clientSecrets
    return builder
  }

  func testClientCredentialsTokenIsObtainedOnceAndSentAsBearer() throws {
    let issuer = NetTokenIssuer(expiresIn: 900)
    let server = try startScriptedServer(self) {
      $0.route("POST", "/oauth/token") { issuer.issue($0) }
      $0.script("GET", "/api/items", [.json(200, "[]")])
    }
    let service = try builder(clientCredentials(["scope": "api read"])).make(server)
    for _ in 0..<3 { XCTAssertEqual(try service.send(OutboundRequest(method: "GET", target: "api/items")).status, 200) }

    let tokenRequests = server.requests(to: "/oauth/token")
    XCTAssertEqual(tokenRequests.count, 1)
    XCTAssertEqual(tokenRequests[0].header("content-type"), "application/x-www-form-urlencoded")
    XCTAssertEqual(tokenRequests[0].form, ["grant_type": "client_credentials", "client_id": "client-id-1",
                                           "client_secret": "client-secret-xyz", "scope": "api read"])
    XCTAssertEqual(server.requests(to: "/api/items").map { $0.header("authorization") },
                   Array(repeating: "Bearer tok-1", count: 3))
    XCTAssertEqual(service.activeAuthProfile, "oauth2_client_credentials")
    XCTAssertEqual(service.metrics.snapshot().tokenRequests, 1)
  }

  func testClientCredentialsInABasicHeaderWhenConfigured() throws {
    let issuer = NetTokenIssuer(expiresIn: 900)
    let server = try startScriptedServer(self) {
      $0.route("POST", "/oauth/token") { issuer.issue($0) }
      $0.script("GET", "/api/items", [.json(200, "[]")])
    }
    _ = try builder(clientCredentials(["client_auth": "basic"])).make(server)
      .send(OutboundRequest(method: "GET", target: "api/items"))
    let token = server.requests(to: "/oauth/token")[0]
    XCTAssertEqual(token.header("authorization"),
                   "Basic " + Data("client-id-1:client-secret-xyz".utf8).base64EncodedString())
    XCTAssertEqual(token.form, ["grant_type": "client_credentials"])
  }

  func testTokenIsRenewedBeforeExpiryWithSkew() throws {
    let issuer = NetTokenIssuer(expiresIn: 900)
    let server = try startScriptedServer(self) {
      $0.route("POST", "/oauth/token") { issuer.issue($0) }
      $0.script("GET", "/api/items", [.json(200, "[]")])
    }
    let builder = builder(clientCredentials(["refresh_skew_seconds": 60]))
    let service = try builder.make(server)
    _ = try service.send(OutboundRequest(method: "GET", target: "api/items"))
    builder.clock.advance(839)
    _ = try service.send(OutboundRequest(method: "GET", target: "api/items"))
    builder.clock.advance(2)  // 841 s: within 60 s of the 900 s expiry
    _ = try service.send(OutboundRequest(method: "GET", target: "api/items"))
    XCTAssertEqual(server.requests(to: "/api/items").map { $0.header("authorization") },
                   ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"])
  }

  func testDefaultLifetimePerSystemWhenTheServerGivesNone() throws {
    let issuer = NetTokenIssuer(expiresIn: nil)
    let server = try startScriptedServer(self) {
      $0.route("POST", "/connect/token") { issuer.issue($0) }
      $0.script("GET", "/api/items", [.json(200, "[]")])
    }
    let builder = builder(clientCredentials(["token_url": "connect/token"]), plugin: "servicetitan")
    let service = try builder.make(server)
    _ = try service.send(OutboundRequest(method: "GET", target: "api/items"))
    builder.clock.advance(839)  // ServiceTitan tokens last 900 s; renewed 60 s early
    _ = try service.send(OutboundRequest(method: "GET", target: "api/items"))
    builder.clock.advance(2)
    _ = try service.send(OutboundRequest(method: "GET", target: "api/items"))
    XCTAssertEqual(issuer.count, 2)
  }

  func testA401RenewsTheTokenOnceAndResends() throws {
    let issuer = NetTokenIssuer(expiresIn: 3600)
    let server = try startScriptedServer(self) {
      $0.route("POST", "/oauth/token") { issuer.issue($0) }
      $0.route("GET", "/api/items") { request in
        request.header("authorization") == "Bearer tok-2" ? .json(200, "[]") : .json(401, "{\"error\":\"invalid_token\"}")
      }
    }
    let response = try builder(clientCredentials()).make(server).send(OutboundRequest(method: "GET", target: "api/items"))
    XCTAssertEqual(response.status, 200)
    XCTAssertEqual(response.attempts, 2)
    XCTAssertEqual(issuer.count, 2)
  }

  func testASecond401IsReturnedNotLooped() throws {
    let issuer = NetTokenIssuer(expiresIn: 3600)
    let server = try startScriptedServer(self) {
      $0.route("POST", "/oauth/token") { issuer.issue($0) }
      $0.script("GET", "/api/items", [.json(401, "{\"error\":\"invalid_token\"}")])
    }
    let builder = builder(clientCredentials())
    let response = try builder.make(server).send(OutboundRequest(method: "GET", target: "api/items"))
    XCTAssertEqual(response.status, 401)
    XCTAssertEqual(response.attempts, 2)
    XCTAssertEqual(issuer.count, 2, "the first token and exactly one renewal")
    XCTAssertEqual(server.requests(to: "/api/items").count, 2)
    XCTAssertEqual(builder.clock.realSleeps, [], "a 401 is not backed off")
  }

  func testFailedTokenRequestIsAClearRedactedErrorAndNotRepeated() throws {
    let server = try startScriptedServer(self) {
      $0.script("POST", "/oauth/token", [.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"bad secret client-secret-xyz\"}")])
      $0.script("GET", "/api/items", [.json(200, "[]")])
    }
    let builder = builder(clientCredentials())
    let service = try builder.make(server)
    let error = serviceError { try service.send(OutboundRequest(method: "GET", target: "api/items")) }
    XCTAssertEqual(error?.code, .authFailed)
    XCTAssertEqual(error?.disposition, .configError)
    XCTAssertEqual(error?.message, "connection \"test\": oauth2_client_credentials authentication failed at "
      + "\(server.baseURL)oauth/token: HTTP 401: {\"error\":\"invalid_client\",\"error_description\":\"bad secret [redacted]\"}; "
      + "check the client credentials in secrets \"cid\" and \"csec\" and that the grant is enabled for this client")

    let again = serviceError { try service.send(OutboundRequest(method: "GET", target: "api/items")) }
    XCTAssertEqual(again?.code, .authFailed)
    XCTAssertEqual(server.requests(to: "/oauth/token").count, 1, "a refused token request is reported, not repeated")
    XCTAssertEqual(server.requests(to: "/api/items").count, 0)
  }

  func testFailedRenewalAfterA401IsReportedOnce() throws {
    let server = try startScriptedServer(self) {
      $0.script("POST", "/oauth/token", [.json(200, "{\"access_token\":\"tok-1\",\"expires_in\":3600}"),
                                         .json(400, "{\"error\":\"invalid_grant\"}")])
      $0.script("GET", "/api/items", [.json(401, "{}")])
    }
    let error = serviceError { try builder(clientCredentials()).make(server).send(OutboundRequest(method: "GET", target: "api/items")) }
    XCTAssertEqual(error?.code, .authFailed)
    XCTAssertEqual(error?.attempts, 1)
    XCTAssertTrue(error?.message.contains("HTTP 400") ?? false)
    XCTAssertEqual(server.requests(to: "/oauth/token").count, 2)
    XCTAssertEqual(server.requests(to: "/api/items").count, 1)
  }

  func testTokenEndpointOutageIsRetryableNotAConfigError() throws {
    let server = try startScriptedServer(self) { $0.script("POST", "/oauth/token", [.status(503, body: "maintenance")]) }
    let error = serviceError { try builder(clientCredentials()).make(server).send(OutboundRequest(method: "GET", target: "api/items")) }
    XCTAssertEqual(error?.code, .authFailed)
    XCTAssertEqual(error?.disposition, .retry)
  }

  func testAbsoluteTokenURLOnItsOwnOriginIsAllowedOtherOriginsAreNot() throws {
    let issuer = NetTokenIssuer(expiresIn: 5400)
    let auth = try startScriptedServer(self) { $0.route("POST", "/oauth/token") { issuer.issue($0) } }
    let api = try startScriptedServer(self) { $0.script("GET", "/rest/v1.0/companies", [.json(200, "[]")]) }
    let builder = builder(clientCredentials(["token_url": auth.baseURL + "oauth/token"]), plugin: "procore")
    let service = try builder.make(api)
    XCTAssertEqual(try service.send(OutboundRequest(method: "GET", target: "rest/v1.0/companies")).status, 200)
    XCTAssertEqual(auth.requests.count, 1)
    XCTAssertEqual(api.requests[0].header("authorization"), "Bearer tok-1")
    let refused = serviceError { try service.send(OutboundRequest(method: "GET", target: "https://login.example.com/oauth/token")) }
    XCTAssertEqual(refused?.code, .egressRefused)
  }

  func testPasswordGrantThenRefreshGrant() throws {
    let issuer = NetTokenIssuer(expiresIn: 1800, refreshTokens: true)
    let server = try startScriptedServer(self) {
      $0.route("POST", "/oauth_token.do") { issuer.issue($0) }
      $0.script("GET", "/api/now/table/sys_user", [.json(200, "{\"result\":[]}")])
    }
    var builder = builder(["profile": "oauth2_password", "token_url": "oauth_token.do", "client_id_secret": "cid",
                           "client_secret_secret": "csec", "username_secret": "u", "password_secret": "p"],
                          plugin: "servicenow")
    builder.secrets = NetTestSecrets(["cid": "client-id-1", "csec": "client-secret-xyz", "u": "admin", "p": "pw-Secret-1"])
    let service = try builder.make(server)
    _ = try service.send(OutboundRequest(method: "GET", target: "api/now/table/sys_user"))
    builder.clock.advance(1800)
    _ = try service.send(OutboundRequest(method: "GET", target: "api/now/table/sys_user"))
    let grants = server.requests(to: "/oauth_token.do").map(\.form)
    XCTAssertEqual(grants.count, 2)
    XCTAssertEqual(grants[0]["grant_type"], "password")
    XCTAssertEqual(grants[0]["username"], "admin")
    XCTAssertEqual(grants[0]["password"], "pw-Secret-1")
    XCTAssertEqual(grants[1]["grant_type"], "refresh_token")
    XCTAssertEqual(grants[1]["refresh_token"], "rt-1")
    XCTAssertEqual(server.requests(to: "/api/now/table/sys_user").last?.header("authorization"), "Bearer tok-2")
  }

  func testRotatedRefreshTokenIsPersistedBeforeTheNewAccessTokenIsUsedAndSurvivesACrash() throws {
    let vault = NetTestSecrets(["cid": "client-id-1", "csec": "client-secret-xyz", "procore-refresh": "rt-0"])
    let issuer = NetTokenIssuer(expiresIn: 5400, refreshTokens: true)
    let checks = NetTestLog()
    let server = try startScriptedServer(self) {
      $0.route("POST", "/oauth/token") { issuer.issue($0) }
      $0.route("GET", "/rest/v1.0/projects") { request in
        // What a crash right now would leave in the vault, seen when the token arrives.
        let token = request.header("authorization") ?? ""
        let stored = (try? vault.string(named: "procore-refresh")) ?? "?"
        checks.append("\(token) with vault holding \(stored)")
        return .json(200, "[]")
      }
    }
    var builder = builder(["profile": "oauth2_refresh_token", "token_url": "oauth/token", "client_id_secret": "cid",
                           "client_secret_secret": "csec", "refresh_token_secret": "procore-refresh"], plugin: "procore")
    builder.secrets = vault
    _ = try builder.make(server).send(OutboundRequest(method: "GET", target: "rest/v1.0/projects"))
    XCTAssertEqual(checks.entries, ["Bearer tok-1 with vault holding rt-1"])
    XCTAssertEqual(vault.writes.map(\.name), ["procore-refresh"])
    XCTAssertEqual(vault.writes.map(\.value), ["rt-1"])

    // "Crash": a new process with the same vault. rt-0 is spent; the stored rt-1 works.
    var restarted = builder
    restarted.clock = NetTestClock()
    _ = try restarted.make(server).send(OutboundRequest(method: "GET", target: "rest/v1.0/projects"))
    XCTAssertEqual(server.requests(to: "/oauth/token").map { $0.form["refresh_token"] }, ["rt-0", "rt-1"])
    XCTAssertEqual(checks.entries.last, "Bearer tok-2 with vault holding rt-2")
    XCTAssertEqual(vault.writes.map(\.value), ["rt-1", "rt-2"])
  }

  func testRotatedRefreshTokenThatCannotBeStoredIsNotUsed() throws {
    let vault = NetTestSecrets(["cid": "client-id-1", "rt": "rt-0"])
    vault.failWrites = true
    let issuer = NetTokenIssuer(expiresIn: 5400, refreshTokens: true)
    let server = try startScriptedServer(self) {
      $0.route("POST", "/oauth/token") { issuer.issue($0) }
      $0.script("GET", "/rest/v1.0/projects", [.json(200, "[]")])
    }
    var builder = builder(["profile": "oauth2_refresh_token", "token_url": "oauth/token", "client_id_secret": "cid",
                           "refresh_token_secret": "rt"], plugin: "procore")
    builder.secrets = vault
    let error = serviceError { try builder.make(server).send(OutboundRequest(method: "GET", target: "rest/v1.0/projects")) }
    XCTAssertEqual(error?.code, .authFailed)
    XCTAssertTrue(error?.message.contains("re-authorize the connection") ?? false, error?.message ?? "")
    XCTAssertFalse(error?.message.contains("rt-1") ?? true, "the new refresh token never reaches a message")
    XCTAssertEqual(server.requests(to: "/rest/v1.0/projects").count, 0)
  }

  func testServiceNowFallsBackToBasicWhenClientCredentialsAreNotEnabled() throws {
    let server = try startScriptedServer(self) {
      $0.script("POST", "/oauth_token.do", [.json(401, "{\"error_description\":\"access_denied\",\"error\":\"server_error\"}")])
      $0.script("GET", "/api/now/table/incident", [.json(200, "{\"result\":[]}")])
    }
    var builder = builder(clientCredentials([
      "token_url": "oauth_token.do", "fallback": ["profile": "basic", "username_secret": "u", "password_secret": "p"],
    ]), plugin: "servicenow")
    builder.secrets = NetTestSecrets(["cid": "c", "csec": "s", "u": "admin", "p": "pw-Secret-1"])
    let service = try builder.make(server)
    XCTAssertEqual(service.activeAuthProfile, "oauth2_client_credentials")
    for _ in 0..<2 {
      XCTAssertEqual(try service.send(OutboundRequest(method: "GET", target: "api/now/table/incident")).status, 200)
    }
    XCTAssertEqual(service.activeAuthProfile, "basic", "check can say which profile worked")
    XCTAssertEqual(server.requests(to: "/oauth_token.do").count, 1)
    XCTAssertEqual(server.requests(to: "/api/now/table/incident").map { $0.header("authorization") },
                   Array(repeating: "Basic " + Data("admin:pw-Secret-1".utf8).base64EncodedString(), count: 2))
    XCTAssertTrue(builder.recording.log.contains { $0.contains("using the fallback profile basic") })
  }

  func testWithoutAFallbackTheDisabledGrantIsAnError() throws {
    let server = try startScriptedServer(self) {
      $0.script("POST", "/oauth_token.do", [.json(400, "{\"error\":\"unsupported_grant_type\"}")])
    }
    let error = serviceError {
      try builder(clientCredentials(["token_url": "oauth_token.do"]), plugin: "servicenow").make(server)
        .send(OutboundRequest(method: "GET", target: "api/now/table/incident"))
    }
    XCTAssertEqual(error?.code, .authFailed)
    XCTAssertTrue(error?.message.contains("unsupported_grant_type") ?? false)
  }
}
