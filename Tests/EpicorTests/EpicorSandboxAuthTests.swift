import EpicorSandbox
import Foundation
import MLCSandboxKit
import XCTest

/// TokenResource, the API key and credential checks, URL errors and injected faults, all
/// seen through raw HTTP shaped as SYSTEMS.md §1.2 describes.
final class EpicorSandboxAuthTests: XCTestCase {
  private var sandbox: EpicorSandbox!
  private var client: EpicorRawClient!

  override func setUpWithError() throws {
    (sandbox, client) = try startEpicorSandbox(records: 50, settings: ["token_lifetime": "600"])
  }

  override func tearDown() {
    sandbox.stop()
  }

  private var tokenURL: String { client.baseURL + "/TokenResource.svc/" }
  private var vendorsURL: String { client.url("VendorSvc", "Vendors", query: "$top=1") }

  func testTokenFromUsernameAndPasswordHeadersAsJSON() throws {
    let response = try client.send("POST", tokenURL, headers: [
      "username": client.username, "password": client.password, "x-api-key": client.apiKey,
      "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
    ])
    XCTAssertEqual(response.status, 200, response.text)
    let body = try response.json()
    let token = try XCTUnwrap(body["AccessToken"] as? String)
    XCTAssertEqual(token.split(separator: ".").count, 3, "looks like a JWT")
    XCTAssertEqual(body["ExpiresIn"] as? Int, 600)
    XCTAssertEqual(body["TokenType"] as? String, "Bearer")

    let read = try client.get(vendorsURL, headers: client.standardHeaders(authorization: "Bearer \(token)"))
    XCTAssertEqual(read.status, 200, read.text)
  }

  func testTokenFromBasicHeaderIsXMLWithoutJSONAccept() throws {
    let response = try client.send("POST", tokenURL, headers: ["Authorization": client.basic])
    XCTAssertEqual(response.status, 200, response.text)
    XCTAssertTrue(response.header("Content-Type")?.contains("xml") ?? false)
    let token = try XCTUnwrap(response.text.components(separatedBy: "<AccessToken>").dropFirst().first?
      .components(separatedBy: "</AccessToken>").first)
    XCTAssertTrue(response.text.contains("<Token>"), response.text)
    let read = try client.get(vendorsURL, headers: client.standardHeaders(authorization: "Bearer \(token)"))
    XCTAssertEqual(read.status, 200, read.text)
  }

  func testTokenFromPasswordGrantForm() throws {
    let form = "grant_type=password&username=\(EpicorRawClient.encode(client.username))&password=\(EpicorRawClient.encode(client.password))"
    let response = try client.send("POST", tokenURL, headers: [
      "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
    ], body: Data(form.utf8))
    XCTAssertEqual(response.status, 200, response.text)
    XCTAssertNotNil(try response.json()["AccessToken"] as? String)
  }

  func testTokenWithWrongPasswordIs401() throws {
    let response = try client.send("POST", tokenURL, headers: [
      "username": client.username, "password": "wrong", "Accept": "application/json",
    ])
    XCTAssertEqual(response.status, 401)
    XCTAssertEqual(try response.json()["HttpStatus"] as? Int, 401)
  }

  func testMissingAPIKeyIs401WithEpicorBody() throws {
    let response = try client.get(vendorsURL, headers: ["Authorization": client.basic, "Accept": "application/json"])
    XCTAssertEqual(response.status, 401)
    let body = try response.json()
    XCTAssertEqual(body["HttpStatus"] as? Int, 401)
    XCTAssertNotNil(body["ReasonPhrase"] as? String)
    XCTAssertTrue((body["ErrorMessage"] as? String ?? "").contains("API key"), response.text)
    XCTAssertNotNil(body["ErrorType"] as? String)
    XCTAssertNotNil(body["ErrorDetails"] as? [[String: Any]])
    XCTAssertNotNil(body["CorrelationId"] as? String)
  }

  func testAPIKeyAsQueryParameterIsAccepted() throws {
    let url = client.url("VendorSvc", "Vendors", query: "$top=1&api-key=\(EpicorRawClient.encode(client.apiKey))")
    let response = try client.get(url, headers: ["Authorization": client.basic, "Accept": "application/json"])
    XCTAssertEqual(response.status, 200, response.text)
  }

  func testWrongPasswordAndMissingCredentialsAre401() throws {
    let bad = "Basic " + Data("\(client.username):nope".utf8).base64EncodedString()
    XCTAssertEqual(try client.get(vendorsURL, headers: client.standardHeaders(authorization: bad)).status, 401)
    XCTAssertEqual(try client.get(vendorsURL, headers: ["x-api-key": client.apiKey]).status, 401)
    XCTAssertEqual(try client.get(vendorsURL, headers: client.standardHeaders(authorization: "Bearer not-a-token")).status, 401)
  }

  func testTokenExpiresAfterItsLifetime() throws {
    let token = try XCTUnwrap(try client.send("POST", tokenURL, headers: [
      "Authorization": client.basic, "Accept": "application/json",
    ]).json()["AccessToken"] as? String)
    let headers = client.standardHeaders(authorization: "Bearer \(token)")
    sandbox.advanceClock(by: 599)
    XCTAssertEqual(try client.get(vendorsURL, headers: headers).status, 200)
    sandbox.advanceClock(by: 2)
    let expired = try client.get(vendorsURL, headers: headers)
    XCTAssertEqual(expired.status, 401)
    XCTAssertTrue((try expired.json()["ErrorMessage"] as? String ?? "").contains("expired"), expired.text)
  }

  func testUnknownCompanyServiceAndEntitySetAnswerEpicorErrors() throws {
    let company = try client.get("\(client.baseURL)/api/v2/odata/NOPE01/Erp.BO.VendorSvc/Vendors")
    XCTAssertEqual(company.status, 404)
    XCTAssertTrue((try company.json()["ErrorMessage"] as? String ?? "").contains("NOPE01"), company.text)

    let service = try client.get(client.url("FooSvc", "Foos"))
    XCTAssertEqual(service.status, 404)
    XCTAssertEqual(try service.json()["HttpStatus"] as? Int, 404)

    let entitySet = try client.get(client.url("VendorSvc", "Vendorz('EPIC06',1)"))
    XCTAssertEqual(entitySet.status, 404)
    XCTAssertEqual(try entitySet.json()["ErrorType"] as? String, "Epicor.RESTApi.ErrorHandling.ApiException")

    let method = try client.post(client.url("VendorSvc", "NoSuchMethod"), json: "{}")
    XCTAssertEqual(method.status, 404, method.text)
  }

  func testErrorBodyIsXMLWhenAskedFor() throws {
    let response = try client.get(vendorsURL, headers: ["Authorization": client.basic, "Accept": "application/xml"])
    XCTAssertEqual(response.status, 401)
    XCTAssertTrue(response.text.contains("<HttpStatus>401</HttpStatus>"), response.text)
  }

  func testInjectedFaultsUseEpicorBodyAndSpareTheTokenEndpoint() throws {
    sandbox.stop()
    let plan = try FaultPlan(parsing: "429:0.5,503:0.5,retry-after:2")
    (sandbox, client) = try startEpicorSandbox(records: 20, faults: plan)
    var statuses: [Int: Int] = [:]
    for _ in 0..<20 {
      let response = try client.get(vendorsURL)
      statuses[response.status, default: 0] += 1
      XCTAssertEqual(try response.json()["HttpStatus"] as? Int, response.status, response.text)
      XCTAssertEqual(response.header("Retry-After"), "2")
    }
    XCTAssertGreaterThan(statuses[429] ?? 0, 0)
    XCTAssertGreaterThan(statuses[503] ?? 0, 0)
    XCTAssertEqual(sandbox.faultCounts.injected, 20)
    let token = try client.send("POST", tokenURL, headers: ["Authorization": client.basic, "Accept": "application/json"])
    XCTAssertEqual(token.status, 200, "the token endpoint is kept fault-free by default")

    sandbox.setFaults(FaultPlan())
    XCTAssertEqual(try client.get(vendorsURL).status, 200)
  }
}
