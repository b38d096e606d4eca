import Foundation
import Glibc
import MLCSandboxKit
import ServiceNowSandbox
import XCTest

/// One raw HTTP/1.1 exchange with the sandbox: the test writes every header itself, so
/// "missing Accept" really is missing, and reads the status, headers and body as sent.
///
/// Kept here rather than in TestKit because this file is the ServiceNow sandbox engineer's
/// to own; it can move to TestKit once another sandbox's tests want it.
struct RawExchange {
  let status: Int
  let headers: [(name: String, value: String)]
  let body: String

  /// The first header `name`, ignoring case.
  func header(_ name: String) -> String? {
    headers.first { $0.name.lowercased() == name.lowercased() }?.value
  }

  /// The body parsed as a JSON object.
  var json: [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
  }

  /// `result` as an array of objects (Table API list).
  var results: [[String: Any]] { json["result"] as? [[String: Any]] ?? [] }

  /// `result` as one object (Table API single record).
  var record: [String: Any] { json["result"] as? [String: Any] ?? [:] }

  /// Sends `request` (a complete HTTP message) to 127.0.0.1:`port` and reads the answer.
  static func send(_ request: String, port: UInt16) throws -> RawExchange {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw XCTSkip("cannot connect to the sandbox on port \(port)") }
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    let bytes = Array(request.utf8)
    var sent = 0
    while sent < bytes.count {
      let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
      guard count > 0 else { break }
      sent += count
    }
    var received: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      if let exchange = parse(received) { return exchange }
      let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { break }
      received += chunk[0..<count]
    }
    guard let exchange = parse(received) else {
      throw NSError(domain: "RawExchange", code: 1, userInfo: [NSLocalizedDescriptionKey: "no complete response"])
    }
    return exchange
  }

  private static func parse(_ bytes: [UInt8]) -> RawExchange? {
    guard let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else { return nil }
    let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
    let status = Int(head[0].split(separator: " ")[1]) ?? 0
    let headers = head.dropFirst().compactMap { line -> (name: String, value: String)? in
      guard let colon = line.firstIndex(of: ":") else { return nil }
      return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
    let length = Int(headers.first { $0.name.lowercased() == "content-length" }?.value ?? "0") ?? 0
    guard bytes.count >= end.upperBound + length else { return nil }
    let body = String(decoding: bytes[end.upperBound..<(end.upperBound + length)], as: UTF8.self)
    return RawExchange(status: status, headers: headers, body: body)
  }
}

/// A started sandbox and request builders shaped as SYSTEMS.md §1 shows them.
final class SandboxHarness: Sendable {
  let sandbox: ServiceNowSandbox
  let endpoint: SandboxEndpoint
  let port: UInt16

  /// Starts a sandbox with `settings` (seed 7); the caller stops it.
  init(records: Int = 20, settings: [String: String] = [:], faults: FaultPlan = FaultPlan()) throws {
    sandbox = try ServiceNowSandbox(options: SandboxOptions(records: records, seed: 7, faults: faults, settings: settings))
    endpoint = try sandbox.start()
    port = sandbox.port
  }

  deinit { sandbox.stop() }

  /// `Authorization: Basic …` for the sandbox's integration user.
  var basic: String {
    let user = endpoint.credentials["username"] ?? "", password = endpoint.credentials["password"] ?? ""
    return "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
  }

  /// Sends `method target` with `headers` (Host is added) and an optional body.
  func send(_ method: String, _ target: String, headers: [String] = [], body: String? = nil) throws -> RawExchange {
    var lines = ["\(method) \(target) HTTP/1.1", "Host: 127.0.0.1:\(port)"] + headers
    if let body { lines.append("Content-Length: \(body.utf8.count)") }
    lines.append("Connection: close")
    return try RawExchange.send(lines.joined(separator: "\r\n") + "\r\n\r\n" + (body ?? ""), port: port)
  }

  /// A JSON API call authenticated with `authorization` (Basic by default).
  func api(_ method: String, _ target: String, json body: String? = nil, authorization: String? = nil) throws -> RawExchange {
    var headers = ["Authorization: \(authorization ?? basic)", "Accept: application/json"]
    if body != nil { headers.append("Content-Type: application/json") }
    return try send(method, target, headers: headers, body: body)
  }

  /// `POST /oauth_token.do` with a form body.
  func token(_ form: [(String, String)]) throws -> RawExchange {
    let body = form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    return try send("POST", "/oauth_token.do", headers: ["Content-Type: application/x-www-form-urlencoded", "Accept: application/json"],
                    body: body)
  }

  /// Percent-encodes a query value (`^`, `=`, `'`, `:` and spaces included).
  static func encode(_ value: String) -> String {
    value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
  }
}

/// The harness's own checks: the platform's answers for paths and methods no API serves.
final class ServiceNowSandboxHarnessTests: XCTestCase {
  func testUnknownPathAnswersInvalidURIInServiceNowErrorShape() throws {
    let harness = try SandboxHarness()
    let response = try harness.api("GET", "/api/now/nothing/here")
    XCTAssertEqual(response.status, 400)
    XCTAssertEqual((response.json["error"] as? [String: Any])?["message"] as? String,
                   "Requested URI does not represent any resource")
    XCTAssertEqual(response.json["status"] as? String, "failure")
  }

  func testMethodOverrideTurnsPostIntoPatch() throws {
    let harness = try SandboxHarness()
    let supplier = try XCTUnwrap(harness.sandbox.rows("sn_fin_supplier").first?["sys_id"])
    let response = try harness.send("POST", "/api/now/table/sn_fin_supplier/\(supplier)",
                                    headers: ["Authorization: \(harness.basic)", "Accept: application/json",
                                              "Content-Type: application/json", "X-HTTP-Method-Override: PATCH"],
                                    body: #"{"email":"orders@example.com"}"#)
    XCTAssertEqual(response.status, 200)
    XCTAssertEqual(harness.sandbox.row("sn_fin_supplier", sysID: supplier)?["email"], "orders@example.com")
  }
}
