import CMLCPlugin
@testable import MLCPluginKit
import XCTest

/// `PluginHost` against a fake host table: what crosses to the host and what comes back.
final class PluginHostTests: XCTestCase {
  /// Opens a `ThrowingConnector` (which keeps its host) and returns the driver and host.
  private func openHost() throws -> (PluginDriver, PluginHost) {
    let pointer = try XCTUnwrap(PluginExport.entry(ThrowingConnector.self, hostMajor: UInt32(MLC_ABI_MAJOR), hostMinor: 0))
    let driver = PluginDriver(pointer)
    XCTAssertEqual(driver.open("{}"), mlc_status(MLC_OK))
    let instance = try XCTUnwrap(ConnectorInstance.from(driver.instance))
    let connector = try XCTUnwrap(instance.connector as? ThrowingConnector)
    return (driver, connector.host)
  }

  func testHTTPSendsEveryFieldAndCopiesTheResponseBeforeReleasingIt() throws {
    let (driver, host) = try openHost()
    driver.host.response = FakeHost.CannedResponse(
      httpStatus: 404, headers: [("content-type", "application/json"), ("x-request-id", "r-1")],
      body: #"{"error":"no such vendor"}"#)
    let response = try host.http(HTTPRequest(
      method: "POST", target: "api/v1/vendors", query: "company=EPIC06&$top=1",
      headers: [("Accept", "application/json"), ("X-Trace", "t")], body: Array("{}".utf8),
      withoutAuth: true, idempotent: true, timeoutMilliseconds: 2500))
    let seen = try XCTUnwrap(driver.host.requests.first)
    XCTAssertEqual(seen.method, "POST")
    XCTAssertEqual(seen.target, "api/v1/vendors")
    XCTAssertEqual(seen.query, "company=EPIC06&$top=1")
    XCTAssertEqual(seen.headers, ["Accept": "application/json", "X-Trace": "t"])
    XCTAssertEqual(seen.body, "{}")
    XCTAssertEqual(seen.flags, UInt32(MLC_HTTP_NO_AUTH) | UInt32(MLC_HTTP_IDEMPOTENT))
    XCTAssertEqual(seen.timeout, 2500)

    XCTAssertEqual(driver.host.releases, 1, "the response is released as soon as it is copied")
    XCTAssertEqual(response.status, 404)
    XCTAssertEqual(response.attempts, 2)
    XCTAssertEqual(response.header("Content-Type"), "application/json")
    XCTAssertEqual(response.header("x-request-id"), "r-1")
    XCTAssertEqual(response.text, #"{"error":"no such vendor"}"#)
    XCTAssertFalse(response.isSuccess)
  }

  func testHTTPWithoutAFinalResponseThrowsAndKeepsTheHostsExplanation() throws {
    let (driver, host) = try openHost()
    driver.host.response.status = mlc_status(MLC_RETRY)
    XCTAssertThrowsError(try host.http(HTTPRequest(target: "vendors"))) { error in
      let pluginError = error as? PluginError
      XCTAssertEqual(pluginError?.code, .retry)
      XCTAssertEqual(pluginError?.message, "HTTP GET vendors failed (retry budget exhausted); try again later")
      XCTAssertEqual(pluginError?.explainedByHost, true)
    }
    XCTAssertEqual(driver.host.releases, 0)

    driver.host.response.status = mlc_status(MLC_CONFIG_ERROR)
    XCTAssertThrowsError(try host.http(HTTPRequest(target: "vendors"))) { error in
      XCTAssertEqual((error as? PluginError)?.code, .config)
    }

    // Thrown through the boundary, the host's own message is not overwritten.
    let status = Boundary.run(host, name: "throwing", operation: "check") {
      _ = try host.http(HTTPRequest(target: "vendors"))
    }
    XCTAssertEqual(status, mlc_status(MLC_CONFIG_ERROR))
    XCTAssertTrue(driver.host.errors.isEmpty)
  }

  func testLookupFindsDeliveredRecordsAndNilOtherwise() throws {
    let (driver, host) = try openHost()
    driver.host.idMap["vendor|GEN/V/000012"] = "sys_id_Ü12"
    XCTAssertEqual(try host.lookup(entity: "vendor", sourceKey: "GEN/V/000012"), "sys_id_Ü12")
    XCTAssertNil(try host.lookup(entity: "vendor", sourceKey: "GEN/V/000013"))
  }

  func testJWTSigningAndHMACVerificationGoThroughTheHost() throws {
    let (driver, host) = try openHost()
    driver.host.secrets["snowflake_key"] = Array("k".utf8)
    XCTAssertEqual(try host.jwtSign(secret: "snowflake_key", alg: "RS256", claimsJSON: #"{"sub":"x"}"#),
                   #"jwt.RS256.{"sub":"x"}"#)
    XCTAssertThrowsError(try host.jwtSign(secret: "missing", alg: "RS256", claimsJSON: "{}")) { error in
      XCTAssertEqual((error as? PluginError)?.code, .config)
      XCTAssertTrue((error as? PluginError)?.message.contains("mlc secret set missing") ?? false)
    }

    driver.host.secrets["webhook"] = [0x0F]
    let message = Array("payload".utf8)
    let good = message.map { $0 ^ 0x0F }
    XCTAssertTrue(try host.hmacSHA256Verify(secret: "webhook", message: message, signature: good))
    XCTAssertFalse(try host.hmacSHA256Verify(secret: "webhook", message: message, signature: Array(good.dropLast())))
    XCTAssertThrowsError(try host.hmacSHA256Verify(secret: "nope", message: message, signature: good))
    driver.host.verifyFailsInHost = true
    XCTAssertThrowsError(try host.hmacSHA256Verify(secret: "webhook", message: message, signature: good),
                         "a host that could not verify is an error, never a quiet \"no match\"")
  }

  func testLogAndServiceLookup() throws {
    let (driver, host) = try openHost()
    host.log(.warn, "vendor GEN/V/000001 has no tax id")
    XCTAssertEqual(driver.host.logs.last?.level, mlc_log_level(MLC_LOG_WARN))
    XCTAssertEqual(driver.host.logs.last?.message, "vendor GEN/V/000001 has no tax id")
    XCTAssertNotNil(host.service("mlc.test/1"))
    XCTAssertNil(host.service("mlc.webhook/9"))
  }

  func testOpenRefusesAHostTableThatIsTooShortOrHasANullService() throws {
    let pointer = try XCTUnwrap(PluginExport.entry(WidgetSource.self, hostMajor: UInt32(MLC_ABI_MAJOR), hostMinor: 0))
    let short = PluginDriver(pointer)
    short.host.table.pointee.struct_size = UInt32(MemoryLayout<mlc_host_t>.offset(of: \.lookup) ?? 0)
    XCTAssertEqual(short.open("{}"), mlc_status(MLC_FATAL))
    XCTAssertNil(short.instance)

    let broken = PluginDriver(pointer)
    let offset = try XCTUnwrap(MemoryLayout<mlc_host_t>.offset(of: \.jwt_sign))
    UnsafeMutableRawPointer(broken.host.table).storeBytes(of: nil, toByteOffset: offset, as: UnsafeRawPointer?.self)
    XCTAssertEqual(broken.open("{}"), mlc_status(MLC_FATAL))
    XCTAssertNil(broken.instance)

    let otherMajor = PluginDriver(pointer)
    otherMajor.host.table.pointee.abi_major = UInt16(MLC_ABI_MAJOR) + 1
    XCTAssertEqual(otherMajor.open("{}"), mlc_status(MLC_FATAL))
  }
}
