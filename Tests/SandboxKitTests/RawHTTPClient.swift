import Foundation
import Glibc
import MLCSandboxKit

/// A blocking HTTP/1.1 client on a raw socket, so tests control every byte the server sees
/// and can observe exactly what comes back, including nothing at all.
///
/// Every read gives up after `timeout` so a server bug fails the test instead of hanging it.
final class RawHTTPClient {
  /// One parsed response.
  struct Response {
    var status: Int
    var reason: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The first value of the header `name`, ignoring case.
    func header(_ name: String) -> String? {
      headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }
  }

  /// Why reading a response failed.
  enum ReadError: Error, Equatable {
    /// The server closed the connection (or reset it) before a complete response.
    case closed(partial: Int)
    /// Nothing arrived within the timeout.
    case timedOut
    /// The bytes are not an HTTP/1.1 response.
    case malformed(String)
  }

  let fd: Int32
  private var buffer: [UInt8] = []

  /// Connects to `127.0.0.1:port`.
  init(port: UInt16, timeout: TimeInterval = 5) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard result == 0 else {
      let code = errno
      Glibc.close(fd)
      throw NSError(domain: "RawHTTPClient", code: Int(code),
                    userInfo: [NSLocalizedDescriptionKey: "connect to port \(port) failed: errno \(code)"])
    }
    var interval = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
  }

  deinit { Glibc.close(fd) }

  /// Sends text as UTF-8.
  func send(_ text: String) { send(Array(text.utf8)) }

  /// Sends bytes; a failure (the server closed) is ignored, as a real client would only see it
  /// when reading.
  func send(_ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
      let count = bytes.withUnsafeBytes {
        Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
      }
      if count <= 0 { return }
      offset += count
    }
  }

  /// Half-closes the connection: the server reads EOF after what was sent.
  func finishSending() { shutdown(fd, Int32(SHUT_WR)) }

  /// Reads one complete response (an interim `100 Continue` counts as one).
  func readResponse() throws -> Response {
    while true {
      if let response = try parseBuffered() { return response }
      try fill()
    }
  }

  /// Reads until the server closes or the timeout passes; returns everything received.
  func readToEnd() -> [UInt8] {
    while (try? fill()) != nil {}
    defer { buffer = [] }
    return buffer
  }

  /// Reads until the server closes or the timeout passes; `closed` tells which.
  func readUntilClosed() -> (bytes: [UInt8], closed: Bool) {
    while true {
      do {
        try fill()
      } catch {
        defer { buffer = [] }
        return (buffer, error as? ReadError != .timedOut)
      }
    }
  }

  /// Whether the server has closed the connection (EOF or reset) with nothing more to read.
  func isClosedByServer() -> Bool {
    guard buffer.isEmpty else { return false }
    do {
      try fill()
      return false
    } catch {
      return error as? ReadError != .timedOut
    }
  }

  /// Parses responses from `bytes`; `nil` when they are not a clean sequence of complete
  /// HTTP/1.1 responses.
  static func parseAll(_ bytes: [UInt8]) -> [Response]? {
    var responses: [Response] = []
    var rest = bytes[...]
    while !rest.isEmpty {
      guard let parsed = try? parse(rest) else { return nil }
      responses.append(parsed.0)
      rest = rest.dropFirst(parsed.1)
    }
    return responses
  }

  private func fill() throws {
    var chunk = [UInt8](repeating: 0, count: 65536)
    let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    if count > 0 {
      buffer += chunk[0..<count]
      return
    }
    if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw ReadError.timedOut }
    throw ReadError.closed(partial: buffer.count)
  }

  private func parseBuffered() throws -> Response? {
    guard let (response, used) = try Self.parse(buffer[...]) else { return nil }
    buffer.removeFirst(used)
    return response
  }

  /// Parses one response from the start of `bytes`; `nil` when incomplete.
  private static func parse(_ bytes: ArraySlice<UInt8>) throws -> (Response, Int)? {
    let separator: [UInt8] = Array("\r\n\r\n".utf8)
    guard let headEnd = bytes.firstRange(of: separator) else { return nil }
    let head = String(decoding: bytes[bytes.startIndex..<headEnd.lowerBound], as: UTF8.self)
    var lines = head.components(separatedBy: "\r\n")
    let statusLine = lines.removeFirst()
    let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0] == "HTTP/1.1", parts[1].count == 3, let status = Int(parts[1]) else {
      throw ReadError.malformed("status line '\(statusLine)'")
    }
    var headers: [(name: String, value: String)] = []
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else { throw ReadError.malformed("header line '\(line)'") }
      headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
    }
    var response = Response(status: status, reason: String(parts[2]), headers: headers, body: [])
    let bodyStart = headEnd.upperBound - bytes.startIndex
    if status < 200 || status == 204 { return (response, bodyStart) }
    guard let lengthText = response.header("Content-Length"), let length = Int(lengthText) else {
      throw ReadError.malformed("response without Content-Length")
    }
    guard bytes.count >= bodyStart + length else { return nil }
    response.body = Array(bytes.dropFirst(bodyStart).prefix(length))
    return (response, bodyStart + length)
  }
}

/// Starts a server on 127.0.0.1 and a free port; the caller stops it (`defer { server.stop() }`).
func startServer(
  _ configuration: HTTPServer.Configuration = .init(),
  handler: @escaping HTTPHandler
) throws -> HTTPServer {
  let server = HTTPServer(configuration: configuration, handler: handler)
  try server.start()
  return server
}

/// Sends one request on a new connection and reads its response.
func roundTrip(_ port: UInt16, _ request: String) throws -> RawHTTPClient.Response {
  let client = try RawHTTPClient(port: port)
  client.send(request)
  return try client.readResponse()
}

/// A value shared between a handler thread and the test, behind a lock.
final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  init(_ value: Value) { self.value = value }

  func withValue<Result>(_ body: (inout Value) -> Result) -> Result {
    lock.lock()
    defer { lock.unlock() }
    return body(&value)
  }

  var current: Value { withValue { $0 } }
}
