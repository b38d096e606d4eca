import Foundation
import Glibc
import MLCSandboxKit
import SnowflakeSandbox
import XCTest

/// One response as read off the socket.
struct WireResponse {
  var status: Int
  var headers: [(name: String, value: String)]
  var body: [UInt8]

  func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
  var text: String { String(decoding: body, as: UTF8.self) }
  /// The body as a JSON object; an empty dictionary when it is not one.
  var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]) ?? [:] }
  var data: [[Any]] { json["data"] as? [[Any]] ?? [] }
  var code: String? { json["code"] as? String }
}

/// A started sandbox on a manual clock plus a raw-socket HTTP client, so every test controls
/// each header byte (a missing User-Agent must really be missing) and never sleeps.
final class SnowflakeSandboxHarness {
  /// One RSA key for the whole test process: generating 2048-bit keys is the slow part.
  static let key: SnowflakeKeyPair = try! SnowflakeKeyPair.generate()
  static let otherKey: SnowflakeKeyPair = try! SnowflakeKeyPair.generate()

  let sandbox: SnowflakeSandbox
  let endpoint: SandboxEndpoint
  let clock = SnowflakeSandboxClock.manual()
  var userAgent: String? = "mlc-tests/1.0"

  init(settings: [String: String] = [:], faults: String = "") throws {
    var all = settings
    all["private_key_pem"] = Self.key.privateKeyPEM
    sandbox = try SnowflakeSandbox(options: SandboxOptions(seed: 7, faults: try FaultPlan(parsing: faults), settings: all), clock: clock)
    endpoint = try sandbox.start()
  }

  deinit { sandbox.stop() }

  /// A valid key-pair JWT for the sandbox's user, issued now.
  func jwt(lifetime: TimeInterval = 60) throws -> String {
    try Self.key.jwt(account: sandbox.account, user: sandbox.user, issuedAt: clock.now, lifetime: lifetime)
  }

  /// Sends one request on a fresh connection. `token` nil sends no Authorization header.
  func send(_ method: String, _ target: String, body: String? = nil, token: String?, tokenType: String? = "KEYPAIR_JWT",
            headers extra: [(String, String)] = [], contentType: String? = "application/json",
            accept: String = "application/json") throws -> WireResponse {
    var lines = ["\(method) \(target) HTTP/1.1", "Host: sandbox-acct.snowflakecomputing.com", "Accept: \(accept)"]
    if let userAgent { lines.append("User-Agent: \(userAgent)") }
    if let token { lines.append("Authorization: Bearer \(token)") }
    if let tokenType, token != nil { lines.append("X-Snowflake-Authorization-Token-Type: \(tokenType)") }
    if let body {
      if let contentType { lines.append("Content-Type: \(contentType)") }
      lines.append("Content-Length: \(body.utf8.count)")
    }
    lines += extra.map { "\($0.0): \($0.1)" }
    let request = lines.joined(separator: "\r\n") + "\r\n\r\n" + (body ?? "")
    return try Self.roundTrip(port: sandbox.port, Array(request.utf8))
  }

  /// `POST /api/v2/statements[?query]` with a statement and optional bindings, as the
  /// reference's request body shows them.
  func submit(_ statement: String, bindings: [(String, String?)] = [], query: String = "", token: String? = nil,
              extraBody: String = "") throws -> WireResponse {
    var body = #"{"statement":\#(Self.quote(statement)),"timeout":60,"database":"ERP","schema":"RAW","warehouse":"LOAD_WH","role":"LOADER""#
    if !bindings.isEmpty {
      let entries = bindings.enumerated().map { index, binding in
        #""\#(index + 1)":{"type":"\#(binding.0)","value":\#(binding.1.map(Self.quote) ?? "null")}"#
      }
      body += #","bindings":{"# + entries.joined(separator: ",") + "}"
    }
    body += extraBody + "}"
    return try send("POST", "/api/v2/statements" + (query.isEmpty ? "" : "?" + query), body: body, token: token ?? jwt())
  }

  /// `GET /api/v2/statements/{handle}[?partition=N]`.
  func poll(_ handle: String, partition: Int? = nil) throws -> WireResponse {
    try send("GET", "/api/v2/statements/\(handle)" + (partition.map { "?partition=\($0)" } ?? ""), token: try jwt())
  }

  /// Submits and fails the test unless the answer is 200; returns the response.
  @discardableResult
  func ok(_ statement: String, bindings: [(String, String?)] = [], file: StaticString = #filePath, line: UInt = #line) throws -> WireResponse {
    let response = try submit(statement, bindings: bindings)
    XCTAssertEqual(response.status, 200, "\(statement) → \(response.text)", file: file, line: line)
    return response
  }

  static func quote(_ text: String) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed]), as: UTF8.self)
  }

  /// Writes `request` to 127.0.0.1:`port` and reads one Content-Length-framed response.
  static func roundTrip(port: UInt16, _ request: [UInt8]) throws -> WireResponse {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw NSError(domain: "connect", code: Int(errno)) }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    _ = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    var buffer: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      if let end = buffer.firstRange(of: Array("\r\n\r\n".utf8)) {
        let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1]) ?? 0
        let headers = head.dropFirst().map { line -> (String, String) in
          let colon = line.firstIndex(of: ":")!
          return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
        if buffer.count >= end.upperBound + length {
          return WireResponse(status: status, headers: headers, body: Array(buffer[end.upperBound..<end.upperBound + length]))
        }
      }
      let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { throw NSError(domain: "recv", code: Int(errno), userInfo: [NSLocalizedDescriptionKey: "connection closed"]) }
      buffer += chunk[0..<count]
    }
  }
}

/// The wire contract every operation shares: required headers, status codes with their
/// documented bodies, and injected faults in Snowflake's shape.
final class SnowflakeSandboxHTTPTests: XCTestCase {
  func testMissingUserAgentIsRefusedWith400() throws {
    let harness = try SnowflakeSandboxHarness()
    harness.userAgent = nil
    let response = try harness.submit("SELECT 1")
    XCTAssertEqual(response.status, 400)
    XCTAssertEqual(response.code, "391903")
    XCTAssertEqual(harness.sandbox.counters.submitted, 0)
  }

  func testContentTypeAcceptAndPayloadAreChecked() throws {
    let harness = try SnowflakeSandboxHarness()
    let token = try harness.jwt()
    let xml = try harness.send("POST", "/api/v2/statements", body: "<statement/>", token: token, contentType: "application/xml")
    XCTAssertEqual(xml.status, 415)
    // A missing Content-Type is read as JSON, as the reference says.
    let untyped = try harness.send("POST", "/api/v2/statements", body: #"{"statement":"select 1"}"#, token: token, contentType: nil)
    XCTAssertEqual(untyped.status, 200, untyped.text)
    let invalid = try harness.send("POST", "/api/v2/statements", body: #"{"sql":"select 1"}"#, token: token)
    XCTAssertEqual(invalid.status, 400)
    XCTAssertEqual(invalid.json["message"] as? String, "Incoming request does not contain a valid payload.")
    XCTAssertEqual(invalid.code, "390142")
    let numberBinding = try harness.send("POST", "/api/v2/statements", body: #"{"statement":"select ?","bindings":{"1":{"type":"FIXED","value":1}}}"#, token: token)
    XCTAssertEqual(numberBinding.status, 400, "binding values must be strings")
    let wrongMethod = try harness.send("DELETE", "/api/v2/statements", token: token)
    XCTAssertEqual(wrongMethod.status, 405)
    XCTAssertTrue(wrongMethod.body.isEmpty)
    let html = try harness.send("GET", "/api/v2/statements/x", token: token, accept: "text/html")
    XCTAssertEqual(html.status, 406)
  }

  func testInjected429CarriesSnowflakesBody() throws {
    let harness = try SnowflakeSandboxHarness(faults: "429:1")
    let response = try harness.submit("SELECT 1")
    XCTAssertEqual(response.status, 429)
    XCTAssertEqual(response.text, #"{"code":"390505","message":"Too many requests."}"#)
    XCTAssertEqual(harness.sandbox.counters.submitted, 0)
    XCTAssertEqual(harness.sandbox.faultCounts.errors(429), 1)
  }

  func testUnknownHandleIs422WithCode000709() throws {
    let harness = try SnowflakeSandboxHarness()
    let handle = "01b00000-0000-0000-0000-000000000999"
    for response in [try harness.poll(handle), try harness.send("POST", "/api/v2/statements/\(handle)/cancel", token: try harness.jwt())] {
      XCTAssertEqual(response.status, 422)
      XCTAssertEqual(response.code, "000709")
      XCTAssertEqual(response.json["sqlState"] as? String, "02000")
      XCTAssertEqual(response.json["message"] as? String, "Statement \(handle) not found")
    }
  }

  func testResultSetCarriesTheDocumentedEnvelope() throws {
    let harness = try SnowflakeSandboxHarness()
    let response = try harness.submit("select current_account(), current_user(), current_role(), current_warehouse(), current_database(), current_schema()",
                                      query: "requestId=7d1c2c36-8d3e-4c5b-9a59-000000000001")
    XCTAssertEqual(response.status, 200, response.text)
    let body = response.json
    XCTAssertEqual(body["code"] as? String, "090001")
    XCTAssertEqual(body["sqlState"] as? String, "00000")
    XCTAssertEqual(body["message"] as? String, "Statement executed successfully.")
    let handle = try XCTUnwrap(body["statementHandle"] as? String)
    XCTAssertNotNil(handle.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", options: .regularExpression))
    XCTAssertEqual(body["statementStatusUrl"] as? String, "/api/v2/statements/\(handle)?requestId=7d1c2c36-8d3e-4c5b-9a59-000000000001")
    XCTAssertEqual(body["createdOn"] as? Int, Int(harness.clock.now.timeIntervalSince1970 * 1000))
    XCTAssertEqual(response.data as? [[String]], [["SANDBOX-ACCT", "MLC_LOADER", "LOADER", "LOAD_WH", "ERP", "RAW"]])
    let meta = try XCTUnwrap(body["resultSetMetaData"] as? [String: Any])
    XCTAssertEqual(meta["format"] as? String, "jsonv2")
    XCTAssertEqual(meta["numRows"] as? Int, 1)
    let rowType = try XCTUnwrap(meta["rowType"] as? [[String: Any]])
    XCTAssertEqual(rowType.first?["name"] as? String, "CURRENT_ACCOUNT()")
    XCTAssertEqual(rowType.first?["type"] as? String, "text")
    XCTAssertEqual(Set(rowType[0].keys), ["name", "database", "schema", "table", "type", "scale", "precision", "length", "byteLength", "nullable", "collation"])
    XCTAssertEqual((meta["partitionInfo"] as? [[String: Any]])?.first?["rowCount"] as? Int, 1)
    XCTAssertNotNil(response.header("Link"))
  }
}
