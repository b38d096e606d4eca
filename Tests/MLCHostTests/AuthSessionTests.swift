import XCTest
@testable import MLCHost
import TestKit

/// The profiles that are not OAuth: Basic, API keys, stored bearer tokens, Epicor's
/// TokenResource and Acumatica's cookie session, against a scripted server.
final class AuthSessionTests: XCTestCase {
  private func basicValue(_ user: String, _ password: String) -> String {
    "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
  }

  func testBasicWithCombinedAPIKeyHeader() throws {
    let server = try startScriptedServer(self) { $0.script("GET", "/api/v2/odata/EPIC06/Erp.BO.VendorSvc/Vendors", [.json(200, "{}")]) }
    var builder = NetServiceBuilder()
    builder.plugin = "epicor"
    builder.secrets = NetTestSecrets(["epicor-user": "manager", "epicor-pass": "Epic0r!pw", "epicor-key": "k-abcdef"])
    builder.auth = ["profile": "basic", "username_secret": "epicor-user", "password_secret": "epicor-pass",
                    "api_key": ["header": "x-api-key", "secret": "epicor-key"]]
    let service = try builder.make(server)
    _ = try service.send(OutboundRequest(method: "GET", target: "api/v2/odata/EPIC06/Erp.BO.VendorSvc/Vendors"))
    let sent = server.requests[0]
    XCTAssertEqual(sent.header("authorization"), basicValue("manager", "Epic0r!pw"))
    XCTAssertEqual(sent.header("x-api-key"), "k-abcdef")
    XCTAssertEqual(service.activeAuthProfile, "basic+api_key")
  }

  func testBasic401IsFinalUnlessTheSecretChanged() throws {
    let server = try startScriptedServer(self) {
      $0.route("GET", "/items") { request in
        request.header("authorization") == "Basic " + Data("u:new-password".utf8).base64EncodedString()
          ? .json(200, "[]") : .json(401, "{\"error\":{\"message\":\"User Not Authenticated\"}}")
      }
    }
    var builder = NetServiceBuilder()
    let vault = NetTestSecrets(["user": "u", "pass": "old-password"])
    builder.secrets = vault
    builder.auth = ["profile": "basic", "username_secret": "user", "password_secret": "pass"]
    let service = try builder.make(server)
    let rejected = try service.send(OutboundRequest(method: "GET", target: "items"))
    XCTAssertEqual(rejected.status, 401)
    XCTAssertEqual(rejected.attempts, 1, "resending the same password cannot help")

    try vault.setSecret(named: "pass", value: Array("new-password".utf8))
    let accepted = try service.send(OutboundRequest(method: "GET", target: "items"))
    XCTAssertEqual(accepted.status, 200)
    XCTAssertEqual(accepted.attempts, 2, "the operator fixed the secret: the 401 led to one resend with it")
  }

  func testStandaloneAPIKeyInHeaderOrQuery() throws {
    let server = try startScriptedServer(self) { $0.script("GET", "/data", [.json(200, "{}")]) }
    var builder = NetServiceBuilder()
    builder.secrets = NetTestSecrets(["key": "k-abc/def+1"])
    builder.auth = ["profile": "api_key", "header": "ST-App-Key", "secret": "key"]
    _ = try builder.make(server).send(OutboundRequest(method: "GET", target: "data"))
    builder.auth = ["profile": "api_key", "in": "query", "secret": "key"]
    _ = try builder.make(server).send(OutboundRequest(method: "GET", target: "data", query: "$top=1"))
    XCTAssertEqual(server.requests[0].header("st-app-key"), "k-abc/def+1")
    XCTAssertNil(server.requests[0].header("authorization"))
    XCTAssertEqual(server.requests[1].query, "$top=1&api-key=k-abc%2Fdef%2B1")
    XCTAssertEqual(server.requests[1].queryItems["api-key"], "k-abc/def+1")
  }

  func testServiceTitanBearerPlusAppKey() throws {
    let server = try startScriptedServer(self) {
      $0.script("POST", "/connect/token", [.json(200, "{\"access_token\":\"st-token\",\"expires_in\":900,\"token_type\":\"Bearer\"}")])
      $0.script("GET", "/inventory/v2/tenant/42/vendors", [.json(200, "{\"data\":[]}")])
    }
    var builder = NetServiceBuilder()
    builder.plugin = "servicetitan"
    builder.secrets = NetTestSecrets(["id": "cid", "sec": "csecret", "app": "ak1.appkey"])
    builder.auth = ["profile": "oauth2_client_credentials", "token_url": "connect/token", "client_id_secret": "id",
                    "client_secret_secret": "sec", "api_key": ["header": "ST-App-Key", "secret": "app"]]
    _ = try builder.make(server).send(OutboundRequest(method: "GET", target: "inventory/v2/tenant/42/vendors"))
    let sent = server.requests(to: "/inventory/v2/tenant/42/vendors")[0]
    XCTAssertEqual(sent.header("authorization"), "Bearer st-token")
    XCTAssertEqual(sent.header("st-app-key"), "ak1.appkey")
  }

  func testBearerTokenWithTypeHeader() throws {
    let server = try startScriptedServer(self) { $0.script("POST", "/api/v2/statements", [.json(200, "{}")]) }
    var builder = NetServiceBuilder()
    builder.plugin = "snowflake"
    builder.secrets = NetTestSecrets(["pat": "pat-secret-value\n"])
    builder.auth = ["profile": "bearer_token", "token_secret": "pat",
                    "token_type_header": ["name": "X-Snowflake-Authorization-Token-Type", "value": "PROGRAMMATIC_ACCESS_TOKEN"]]
    _ = try builder.make(server).send(OutboundRequest(method: "POST", target: "api/v2/statements", body: Array("{}".utf8)))
    XCTAssertEqual(server.requests[0].header("authorization"), "Bearer pat-secret-value")
    XCTAssertEqual(server.requests[0].header("x-snowflake-authorization-token-type"), "PROGRAMMATIC_ACCESS_TOKEN")
  }

  func testEpicorTokenResource() throws {
    let server = try startScriptedServer(self) {
      $0.route("POST", "/SaaS5333/TokenResource.svc/") { request in
        let issued = request.header("authorization") == "Basic " + Data("manager:Epic0r!pw".utf8).base64EncodedString()
          && request.header("x-api-key") == "k-epicor" && request.header("accept") == "application/json"
        return issued ? .json(200, "{\"AccessToken\":\"epi-jwt-1\",\"TokenType\":\"Bearer\"}") : .status(401)
      }
      $0.script("GET", "/SaaS5333/api/v2/odata/EPIC06/Erp.BO.POSvc/POes", [.json(200, "{\"value\":[]}")])
    }
    var builder = NetServiceBuilder()
    builder.plugin = "epicor"
    builder.secrets = NetTestSecrets(["eu": "manager", "ep": "Epic0r!pw", "ek": "k-epicor"])
    builder.auth = ["profile": "token_exchange", "username_secret": "eu", "password_secret": "ep",
                    "api_key": ["secret": "ek"]]
    let base = ScriptedServerBase(server, path: "SaaS5333/")
    let service = try base.make(builder)
    _ = try service.send(OutboundRequest(method: "GET", target: "api/v2/odata/EPIC06/Erp.BO.POSvc/POes"))
    builder.clock.advance(3541)  // default 3600 s lifetime, renewed 60 s early
    _ = try service.send(OutboundRequest(method: "GET", target: "api/v2/odata/EPIC06/Erp.BO.POSvc/POes"))

    XCTAssertEqual(server.requests(to: "/SaaS5333/TokenResource.svc/").count, 2)
    let api = server.requests(to: "/SaaS5333/api/v2/odata/EPIC06/Erp.BO.POSvc/POes")
    XCTAssertEqual(api[0].header("authorization"), "Bearer epi-jwt-1")
    XCTAssertEqual(api[0].header("x-api-key"), "k-epicor")
    XCTAssertEqual(service.activeAuthProfile, "token_exchange+api_key")
  }

  func testAcumaticaSessionCookiesLoginRenewalReloginAndLogout() throws {
    let logins = NetTestCounter()
    let server = try startScriptedServer(self) {
      $0.route("POST", "/entity/auth/login") { _ in
        logins.increment()
        let n = logins.value
        return .respond(status: 204, headers: [
          ("Set-Cookie", "ASP.NET_SessionId=sess\(n); path=/; HttpOnly"),
          ("Set-Cookie", ".ASPXAUTH=auth\(n); expires=Wed, 21 Oct 2099 07:28:00 GMT; path=/"),
          ("Set-Cookie", "Locale=Culture=en-US; path=/"),
        ], body: [], delay: 0, bodyDelay: 0)
      }
      $0.script("GET", "/entity/Default/23.200.001/Vendor", [
        .json(200, "[]", headers: [("Set-Cookie", ".ASPXAUTH=auth1-renewed; path=/")]),
        .json(200, "[]"),
        .json(401, "{\"message\":\"You are not logged in.\"}"),
        .json(200, "[]"),
      ])
      $0.script("POST", "/entity/auth/logout", [.status(204)])
    }
    var builder = NetServiceBuilder()
    builder.plugin = "acumatica"
    builder.secrets = NetTestSecrets(["au": "admin", "ap": "Acu-pass-1"])
    builder.auth = ["profile": "session_cookie", "username_secret": "au", "password_secret": "ap",
                    "tenant": "MyStore", "branch": "MYSTORE"]
    let service = try builder.make(server)
    for _ in 0..<3 {
      XCTAssertEqual(try service.send(OutboundRequest(method: "GET", target: "entity/Default/23.200.001/Vendor")).status, 200)
    }
    service.close()

    let login = server.requests(to: "/entity/auth/login")
    XCTAssertEqual(login.count, 2, "signed in once, and again after the 401")
    XCTAssertEqual(login[0].header("content-type"), "application/json")
    let body = try JSONSerialization.jsonObject(with: Data(login[0].body)) as? [String: String]
    XCTAssertEqual(body, ["name": "admin", "password": "Acu-pass-1", "tenant": "MyStore", "branch": "MYSTORE"])
    XCTAssertEqual(server.requests(to: "/entity/Default/23.200.001/Vendor").map { $0.header("cookie") }, [
      "ASP.NET_SessionId=sess1; .ASPXAUTH=auth1; Locale=Culture=en-US",
      "ASP.NET_SessionId=sess1; Locale=Culture=en-US; .ASPXAUTH=auth1-renewed",
      "ASP.NET_SessionId=sess1; Locale=Culture=en-US; .ASPXAUTH=auth1-renewed",
      "ASP.NET_SessionId=sess2; .ASPXAUTH=auth2; Locale=Culture=en-US",
    ])
    let logout = server.requests(to: "/entity/auth/logout")
    XCTAssertEqual(logout.map { $0.header("cookie") }, ["ASP.NET_SessionId=sess2; .ASPXAUTH=auth2; Locale=Culture=en-US"])
    XCTAssertTrue(builder.recording.registered.contains("auth1-renewed"), "session cookies are redacted")
  }

  func testAcumaticaSeatLimitIsATransientAuthFailure() throws {
    let server = try startScriptedServer(self) {
      $0.script("POST", "/entity/auth/login", [.json(500, "{\"exceptionMessage\":\"API Login Limit\"}")])
    }
    var builder = NetServiceBuilder()
    builder.secrets = NetTestSecrets(["au": "admin", "ap": "Acu-pass-1"])
    builder.auth = ["profile": "session_cookie", "username_secret": "au", "password_secret": "ap"]
    let error = serviceError { try builder.make(server).send(OutboundRequest(method: "GET", target: "entity/Default/23.200.001/Vendor")) }
    XCTAssertEqual(error?.code, .authFailed)
    XCTAssertEqual(error?.disposition, .retry)
    XCTAssertTrue(error?.message.contains("every API user seat of the license is in use") ?? false, error?.message ?? "")
  }

  func testMissingSecretNamesTheFieldAndTheSecret() throws {
    let server = try startScriptedServer(self) { $0.script("GET", "/x", [.status(200)]) }
    var builder = NetServiceBuilder()
    builder.secrets = NetTestSecrets(["user": "u"])
    builder.auth = ["profile": "basic", "username_secret": "user", "password_secret": "epicor-pass"]
    let error = serviceError { try builder.make(server).send(OutboundRequest(method: "GET", target: "x")) }
    XCTAssertEqual(error?.disposition, .configError)
    XCTAssertEqual(error?.message, "connection \"test\": basic authentication failed at connections.test.auth.password_secret: "
      + "no secret named \"epicor-pass\"; store it with `mlc secret set epicor-pass`; the connection cannot sign in without it")
    XCTAssertEqual(server.requests.count, 0)
  }
}

/// A base URL below the server's root, for systems whose instance is a path segment.
struct ScriptedServerBase {
  let server: ScriptedServer
  let path: String
  init(_ server: ScriptedServer, path: String) {
    self.server = server
    self.path = path
  }

  func make(_ builder: NetServiceBuilder) throws -> HTTPService {
    try HTTPServiceFactory.make(
      connection: "test", plugin: builder.plugin, baseURL: server.baseURL + path, auth: builder.auth,
      http: builder.http, path: "connections.test", secrets: builder.secrets, signer: builder.signer,
      runBudget: builder.budget, hooks: builder.recording.hooks, clock: builder.clock, jitter: builder.jitter)
  }
}
