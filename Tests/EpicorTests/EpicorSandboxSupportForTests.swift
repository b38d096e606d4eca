import EpicorSandbox
import Foundation
import MLCSandboxKit
import XCTest
import Glibc

/// A raw HTTP client for driving the Epicor sandbox exactly as SYSTEMS.md §1 shapes
/// requests (not through the connector): URLs are built by hand, with `$filter` text
/// percent-encoded the way clients send it.
struct EpicorRawClient {
  /// One response.
  struct Response {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object; fails the test when it isn't one.
    func json(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
      let object = try JSONSerialization.jsonObject(with: body)
      return try XCTUnwrap(object as? [String: Any], "body is not a JSON object: \(text)", file: file, line: line)
    }

    /// The `value` array of an OData collection response.
    func values(file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
      try XCTUnwrap(try json(file: file, line: line)["value"] as? [[String: Any]], "no value array in \(text)", file: file, line: line)
    }

    func header(_ name: String) -> String? {
      headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
  }

  let endpoint: SandboxEndpoint

  var baseURL: String { endpoint.baseURL }
  var apiKey: String { endpoint.credentials["api_key"]! }
  var username: String { endpoint.credentials["username"]! }
  var password: String { endpoint.credentials["password"]! }
  var company: String { endpoint.settings["company"]! }
  var basic: String { "Basic " + Data("\(username):\(password)".utf8).base64EncodedString() }

  /// `{base}/api/v2/odata/{company}/Erp.BO.{service}/{path}` with an already-encoded query.
  func url(_ service: String, _ path: String, query: String = "") -> String {
    "\(baseURL)/api/v2/odata/\(company)/Erp.BO.\(service)/\(path)" + (query.isEmpty ? "" : "?" + query)
  }

  /// Percent-encodes a query value (spaces as %20, quotes and `$` kept readable as clients do).
  static func encode(_ value: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~'(),$:")
    return value.addingPercentEncoding(withAllowedCharacters: allowed)!
  }

  /// `name=value` pairs joined with `&`, values encoded.
  static func query(_ items: [(String, String)]) -> String {
    items.map { "\($0.0)=\(encode($0.1))" }.joined(separator: "&")
  }

  /// A GET with the API key and Basic auth unless `headers` says otherwise.
  func get(_ url: String, headers: [String: String]? = nil) throws -> Response {
    try send("GET", url, headers: headers ?? standardHeaders())
  }

  /// A POST of a JSON body with the API key and Basic auth.
  func post(_ url: String, json: String, headers: [String: String]? = nil) throws -> Response {
    var all = headers ?? standardHeaders()
    all["Content-Type"] = "application/json"
    return try send("POST", url, headers: all, body: Data(json.utf8))
  }

  /// `x-api-key`, `Authorization: Basic`, `Accept: application/json`.
  func standardHeaders(authorization: String? = nil) -> [String: String] {
    ["x-api-key": apiKey, "Authorization": authorization ?? basic, "Accept": "application/json"]
  }

  /// Sends one request over a fresh socket and reads the whole answer (10 s timeout).
  ///
  /// A raw socket rather than URLSession so the bytes are exactly what the test wrote (no
  /// added headers, no URL normalisation) and nothing depends on FoundationNetworking.
  func send(_ method: String, _ url: String, headers: [String: String], body: Data? = nil) throws -> Response {
    let parsed = try XCTUnwrap(URLComponents(string: url), "bad URL \(url)")
    let port = UInt16(try XCTUnwrap(parsed.port))
    let target = parsed.percentEncodedPath + (parsed.percentEncodedQuery.map { "?" + $0 } ?? "")
    var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if let body { head += "Content-Length: \(body.count)\r\n" }
    var bytes = Array((head + "\r\n").utf8)
    if let body { bytes += Array(body) }

    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw NSError(domain: "EpicorRawClient", code: Int(errno)) }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var offset = 0
    while offset < bytes.count {
      let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
      guard sent > 0 else { break }
      offset += sent
    }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
      if count <= 0 { break }
      received += buffer[0..<count]
    }
    let separator: [UInt8] = [13, 10, 13, 10]
    guard let split = (0..<max(0, received.count - 3)).first(where: { Array(received[$0..<$0 + 4]) == separator }) else {
      throw NSError(domain: "EpicorRawClient", code: -1, userInfo: [NSLocalizedDescriptionKey: "no HTTP response for \(method) \(url)"])
    }
    let lines = String(decoding: received[0..<split], as: UTF8.self).components(separatedBy: "\r\n")
    let status = Int(lines[0].split(separator: " ")[1])!
    var fields: [String: String] = [:]
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    var payload = Array(received[(split + 4)...])
    if let length = fields.first(where: { $0.key.lowercased() == "content-length" }).flatMap({ Int($0.value) }), length < payload.count {
      payload = Array(payload.prefix(length))
    }
    return Response(status: status, headers: fields, body: Data(payload))
  }
}

/// Starts a sandbox for one test and stops it afterwards.
func startEpicorSandbox(records: Int = 300, seed: UInt64 = 7, faults: FaultPlan = FaultPlan(),
                        settings: [String: String] = [:]) throws -> (EpicorSandbox, EpicorRawClient) {
  let sandbox = try EpicorSandbox(options: SandboxOptions(records: records, seed: seed, faults: faults, settings: settings))
  let endpoint = try sandbox.start()
  return (sandbox, EpicorRawClient(endpoint: endpoint))
}
