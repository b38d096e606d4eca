import EpicorSandbox
import Foundation
import MLCSandboxKit
import TestKit
import XCTest

/// `mlc check` on an Epicor connection: one cheap authenticated call when all is well, and a
/// specific error for each way the connection can be wrong.
final class EpicorConnectorCheckTests: XCTestCase {
  /// Runs `mlc check epicor --json` and returns the parsed answer.
  private func check(_ epicor: EpicorConnectorDeployment, expect status: Int32) throws -> [String: Any] {
    try MLCTestDeployment.json(try epicor.mlc.mlc(["check", "epicor", "--json"], expect: status).stdout)
  }

  func testAWorkingConnectionIsProvedWithOneRead() throws {
    let epicor = try EpicorConnectorDeployment(records: 10)
    try epicor.configure()
    let answer = try check(epicor, expect: 0)
    XCTAssertEqual(answer["ok"] as? Bool, true)
    let detail = try XCTUnwrap((answer["report"] as? [String: Any])?["detail"] as? String)
    XCTAssertTrue(detail.contains("company \(epicor.company)"), detail)
    XCTAssertEqual(epicor.sandbox.requestCounts, ["VendorSvc/Vendors": 1])
  }

  func testABadCompanyIsNamed() throws {
    let epicor = try EpicorConnectorDeployment(records: 10)
    try epicor.configure(config: ["company": "EPIC99"])
    let error = try XCTUnwrap(try check(epicor, expect: 1)["error"] as? String)
    XCTAssertTrue(error.contains("company \"EPIC99\" is not a company this user can use"), error)
    XCTAssertTrue(error.contains("HTTP 404"), error)
  }

  func testAMissingAPIKeyIsNamed() throws {
    let epicor = try EpicorConnectorDeployment(records: 10)
    try epicor.configure(apiKey: false)
    let error = try XCTUnwrap(try check(epicor, expect: 1)["error"] as? String)
    XCTAssertTrue(error.contains("the API key is missing or refused"), error)
    XCTAssertTrue(error.contains("x-api-key"), error)
  }

  func testABadPasswordIsNamed() throws {
    let epicor = try EpicorConnectorDeployment(records: 10)
    try epicor.configure(password: "not-the-password")
    let error = try XCTUnwrap(try check(epicor, expect: 1)["error"] as? String)
    XCTAssertTrue(error.contains("the user name or password (or token) is refused"), error)
    XCTAssertFalse(error.contains("not-the-password"), "secrets never reach a message")
  }

  func testABadPasswordForTheTokenEndpointIsNamedByTheHost() throws {
    let epicor = try EpicorConnectorDeployment(records: 10)
    try epicor.configure(auth: .tokenExchange, password: "not-the-password")
    let error = try XCTUnwrap(try check(epicor, expect: 1)["error"] as? String)
    XCTAssertTrue(error.contains("TokenResource.svc"), error)
    XCTAssertTrue(error.contains("HTTP 401"), error)
  }

  func testAnUnreachableHostIsNamed() throws {
    let epicor = try EpicorConnectorDeployment(records: 10)
    // A port that was just free: nothing listens there.
    let port = try closedPort()
    try epicor.configure(baseURL: "http://127.0.0.1:\(port)/EpicorSandbox", http: ["max_attempts": 2, "connect_timeout_seconds": 2])
    let error = try XCTUnwrap(try check(epicor, expect: 1)["error"] as? String)
    XCTAssertTrue(error.contains("127.0.0.1:\(port)"), error)
    XCTAssertTrue(error.lowercased().contains("connect"), error)
  }

  func testAWrongBaseURLIsNamed() throws {
    let epicor = try EpicorConnectorDeployment(records: 10)
    try epicor.configure(baseURL: epicor.endpoint.baseURL + "/api")
    let error = try XCTUnwrap(try check(epicor, expect: 1)["error"] as? String)
    XCTAssertTrue(error.contains("HTTP 404"), error)
    XCTAssertTrue(error.contains("base_url"), error)
  }

  /// A loopback port nothing listens on: bound, read and released.
  private func closedPort() throws -> UInt16 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    XCTAssertEqual(bound, 0)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    return UInt16(bigEndian: address.sin_port)
  }
}
