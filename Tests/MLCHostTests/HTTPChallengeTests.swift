import Foundation
import TestKit
import XCTest
@testable import MLCHost

/// A 401 carrying `WWW-Authenticate` (ServiceNow, Epicor and many others send one) must come
/// back as a response, not hang the plugin thread in URLSession's credential challenge.
final class HTTPChallengeTests: XCTestCase {
  func testA401WithWWWAuthenticateIsAFinalResponse() throws {
    let server = ScriptedServer()
    server.script("GET", "/api/now/table/x", [
      .json(401, #"{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"}"#,
            headers: [("WWW-Authenticate", #"Basic realm="Service-now""#)]),
    ])
    let port = try server.start()
    defer { server.stop() }
    let transport = URLSessionTransport()
    let started = Date()
    let response = try transport.send(TransportRequest(
      method: "GET", url: URL(string: "http://127.0.0.1:\(port)/api/now/table/x")!,
      headers: HeaderList([("Accept", "application/json")]), body: [], timeout: 10))
    XCTAssertEqual(response.status, 401)
    XCTAssertLessThan(Date().timeIntervalSince(started), 5, "the challenge was answered, not waited out")
  }
}
