import Foundation
import MLCSandboxKit
import ServiceNowSandbox
import XCTest

/// OAuth, Basic and the data-format headers, as a connector meets them on a real instance.
final class ServiceNowSandboxAuthTests: XCTestCase {
  private func passwordGrant(_ harness: SandboxHarness) throws -> RawExchange {
    let credentials = harness.endpoint.credentials
    return try harness.token([
      ("grant_type", "password"), ("client_id", credentials["client_id"]!), ("client_secret", credentials["client_secret"]!),
      ("username", credentials["username"]!), ("password", credentials["password"]!),
    ])
  }

  func testPasswordGrantIssuesBearerTokenThatExpiresAndRefreshes() throws {
    let harness = try SandboxHarness()
    let grant = try passwordGrant(harness)
    XCTAssertEqual(grant.status, 200, grant.body)
    XCTAssertEqual(grant.json["token_type"] as? String, "Bearer")
    XCTAssertEqual(grant.json["scope"] as? String, "useraccount")
    XCTAssertEqual(grant.json["expires_in"] as? Int, 1799, "the doc sample answers 1799 for the default 1800 s lifespan")
    let access = try XCTUnwrap(grant.json["access_token"] as? String)
    let refresh = try XCTUnwrap(grant.json["refresh_token"] as? String)

    let bearer = "Bearer \(access)"
    XCTAssertEqual(try harness.api("GET", "/api/now/table/sn_fin_supplier?sysparm_limit=1", authorization: bearer).status, 200)

    harness.sandbox.clock.advance(by: 1801)
    let expired = try harness.api("GET", "/api/now/table/sn_fin_supplier?sysparm_limit=1", authorization: bearer)
    XCTAssertEqual(expired.status, 401)
    XCTAssertEqual(expired.body, #"{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"}"#)

    let credentials = harness.endpoint.credentials
    let refreshed = try harness.token([("grant_type", "refresh_token"), ("client_id", credentials["client_id"]!),
                                       ("client_secret", credentials["client_secret"]!), ("refresh_token", refresh)])
    XCTAssertEqual(refreshed.status, 200, refreshed.body)
    let renewed = try XCTUnwrap(refreshed.json["access_token"] as? String)
    XCTAssertNotEqual(renewed, access)
    XCTAssertEqual(try harness.api("GET", "/api/now/table/sn_fin_supplier?sysparm_limit=1", authorization: "Bearer \(renewed)").status, 200)
  }

  func testTokenLifetimeIsConfigurable() throws {
    let harness = try SandboxHarness(settings: ["token_lifetime": "60"])
    let grant = try passwordGrant(harness)
    XCTAssertEqual(grant.json["expires_in"] as? Int, 59)
    let bearer = "Bearer \(grant.json["access_token"] as? String ?? "")"
    harness.sandbox.clock.advance(by: 59)
    XCTAssertEqual(try harness.api("GET", "/api/now/table/sys_user?sysparm_limit=1", authorization: bearer).status, 200)
    harness.sandbox.clock.advance(by: 2)
    XCTAssertEqual(try harness.api("GET", "/api/now/table/sys_user?sysparm_limit=1", authorization: bearer).status, 401)
  }

  func testClientCredentialsIsRefusedUntilEnabled() throws {
    let disabled = try SandboxHarness()
    let form = [("grant_type", "client_credentials"), ("client_id", disabled.endpoint.credentials["client_id"]!),
                ("client_secret", disabled.endpoint.credentials["client_secret"]!)]
    let refused = try disabled.token(form)
    XCTAssertEqual(refused.status, 401)
    XCTAssertEqual(refused.body, #"{"error_description":"access_denied","error":"server_error"}"#)

    let enabled = try SandboxHarness(settings: ["client_credentials": "true"])
    let granted = try enabled.token(form)
    XCTAssertEqual(granted.status, 200, granted.body)
    XCTAssertNil(granted.json["refresh_token"], "a client-credentials grant has no refresh token")
    let bearer = "Bearer \(granted.json["access_token"] as? String ?? "")"
    XCTAssertEqual(try enabled.api("GET", "/api/now/table/sys_user?sysparm_limit=1", authorization: bearer).status, 200)
  }

  func testWrongPasswordAndWrongClientSecretAreAccessDenied() throws {
    let harness = try SandboxHarness()
    let credentials = harness.endpoint.credentials
    let wrongPassword = try harness.token([("grant_type", "password"), ("client_id", credentials["client_id"]!),
                                           ("client_secret", credentials["client_secret"]!),
                                           ("username", credentials["username"]!), ("password", "nope")])
    XCTAssertEqual(wrongPassword.status, 401)
    XCTAssertEqual(wrongPassword.json["error_description"] as? String, "access_denied")
    let wrongSecret = try harness.token([("grant_type", "password"), ("client_id", credentials["client_id"]!),
                                         ("client_secret", "nope"), ("username", credentials["username"]!),
                                         ("password", credentials["password"]!)])
    XCTAssertEqual(wrongSecret.status, 401)
  }

  func testBasicAuthWorksAndBadOrMissingCredentialsAre401() throws {
    let harness = try SandboxHarness()
    XCTAssertEqual(try harness.api("GET", "/api/now/table/sys_user?sysparm_limit=1").status, 200)
    let wrong = "Basic " + Data("admin:wrong".utf8).base64EncodedString()
    let refused = try harness.api("GET", "/api/now/table/sys_user", authorization: wrong)
    XCTAssertEqual(refused.status, 401)
    XCTAssertEqual((refused.json["error"] as? [String: Any])?["message"] as? String, "User Not Authenticated")
    let anonymous = try harness.send("GET", "/api/now/table/sys_user", headers: ["Accept: application/json"])
    XCTAssertEqual(anonymous.status, 401)
  }

  func testMissingAcceptOrContentTypeIs400() throws {
    let harness = try SandboxHarness()
    let noAccept = try harness.send("GET", "/api/now/table/sys_user", headers: ["Authorization: \(harness.basic)"])
    XCTAssertEqual(noAccept.status, 400)
    XCTAssertEqual(noAccept.json["status"] as? String, "failure")

    let noContentType = try harness.send("POST", "/api/now/import/sn_fcms_intg_imp_cost_center",
                                         headers: ["Authorization: \(harness.basic)", "Accept: application/json"],
                                         body: #"{"code":"CC-900","name":"Tooling"}"#)
    XCTAssertEqual(noContentType.status, 400)
    XCTAssertEqual(harness.sandbox.rows("cmn_cost_center", where: "code", equals: "CC-900").count, 0, "nothing may be written")

    let xmlOnly = try harness.send("GET", "/api/now/table/sys_user", headers: ["Authorization: \(harness.basic)", "Accept: application/xml"])
    XCTAssertEqual(xmlOnly.status, 406)
  }
}
