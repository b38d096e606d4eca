import Foundation
import Glibc
import XCTest

/// A TCP server on 127.0.0.1 whose every connection runs a test's script byte by byte, for
/// the faults a well-behaved HTTP server never produces: closing a keep-alive connection
/// after reading a request, never answering, answering then hanging up.
///
/// Each accepted connection gets its own thread running `script`; the connection closes when
/// the script returns. Reads give up after 5 s so a client bug fails the test instead of
/// hanging it. Call `stop()` when done (`start(_:_:)` arranges it at the test's teardown).
final class RawSocketServer: @unchecked Sendable {
  /// One accepted connection as the script sees it.
  final class Connection: @unchecked Sendable {
    /// 0 for the first connection the server accepted, then 1, 2…
    let index: Int
    fileprivate let fd: Int32
    fileprivate let server: RawSocketServer
    private var buffer: [UInt8] = []

    fileprivate init(index: Int, fd: Int32, server: RawSocketServer) {
      self.index = index
      self.fd = fd
      self.server = server
    }

    /// Reads one request (head and `Content-Length` body) and returns its head as text, or
    /// nil when the client closed or sent nothing for 5 s. Every request is recorded.
    @discardableResult
    func readRequest() -> String? {
      while true {
        if let end = find([13, 10, 13, 10]) {
          let head = String(decoding: buffer[..<end], as: UTF8.self)
          let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) } ?? 0
          while buffer.count < end + 4 + length {
            guard fill() else { return nil }
          }
          buffer.removeFirst(end + 4 + length)
          server.record(head)
          return head
        }
        guard fill() else { return nil }
      }
    }

    /// Writes `text` (a response, or part of one).
    func write(_ text: String) {
      let bytes = Array(text.utf8)
      server.addWritten(bytes.count)
      _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// A small `200 OK` with a `Content-Length` body.
    func respond(_ body: String = "ok", extraHeaders: String = "") {
      write("HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\(extraHeaders)\r\n\(body)")
    }

    private func fill() -> Bool {
      var chunk = [UInt8](repeating: 0, count: 4096)
      let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { return false }
      buffer.append(contentsOf: chunk[..<count])
      return true
    }

    private func find(_ pattern: [UInt8]) -> Int? {
      guard buffer.count >= pattern.count else { return nil }
      return (0...(buffer.count - pattern.count)).first { Array(buffer[$0..<$0 + pattern.count]) == pattern }
    }
  }

  /// What the server does with each connection.
  typealias Script = @Sendable (Connection) -> Void

  let port: UInt16
  private let listener: Int32
  private let script: Script
  private let lock = NSLock()
  private var accepted = 0
  private var closed = 0
  private var heads: [String] = []
  private var written = 0
  private var stopped = false

  /// Binds 127.0.0.1 on a free port and starts accepting.
  init(_ script: @escaping Script) throws {
    self.script = script
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0
      }
    }
    guard bound else {
      Glibc.close(fd)
      throw NSError(domain: "RawSocketServer", code: Int(errno), userInfo: [NSLocalizedDescriptionKey: "cannot listen on 127.0.0.1"])
    }
    listener = fd
    port = UInt16(bigEndian: address.sin_port)
    // The thread keeps the server alive until `stop()` ends its accept loop.
    Thread { self.acceptLoop() }.start()
  }

  /// Connections accepted so far.
  var connectionCount: Int { locked { accepted } }
  /// Connections whose script has returned and whose socket is closed.
  var closedCount: Int { locked { closed } }
  /// The heads of every request read so far, request line first.
  var requestHeads: [String] { locked { heads } }
  /// Bytes the scripts have written.
  var bytesWritten: Int { locked { written } }

  /// Stops accepting; connections end when their scripts return. Idempotent.
  func stop() {
    let first = locked { () -> Bool in
      defer { stopped = true }
      return !stopped
    }
    if first { Glibc.shutdown(listener, Int32(SHUT_RDWR)) }
  }

  private func acceptLoop() {
    while true {
      let fd = accept(listener, nil, nil)
      if fd < 0 {
        if errno == EINTR, !locked({ stopped }) { continue }
        break
      }
      if locked({ stopped }) {
        Glibc.close(fd)
        break
      }
      var interval = timeval(tv_sec: 5, tv_usec: 0)
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
      let index = locked { () -> Int in
        accepted += 1
        return accepted - 1
      }
      let connection = Connection(index: index, fd: fd, server: self)
      let script = self.script
      Thread {
        script(connection)
        Glibc.close(fd)
        self.locked { self.closed += 1 }
      }.start()
    }
    Glibc.close(listener)
  }

  /// A server running `script` that stops when `test` ends.
  static func start(_ test: XCTestCase, _ script: @escaping Script) throws -> RawSocketServer {
    let server = try RawSocketServer(script)
    test.addTeardownBlock { server.stop() }
    return server
  }

  /// Waits (up to 5 s) until `count` connections have been closed by their scripts.
  func waitForClosed(_ count: Int) {
    let deadline = Date().addingTimeInterval(5)
    while closedCount < count, Date() < deadline { usleep(1000) }
  }

  fileprivate func record(_ head: String) { locked { heads.append(head) } }
  fileprivate func addWritten(_ count: Int) { locked { written += count } }

  private func locked<T>(_ body: () -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body()
  }
}
