import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The wire side of `ScriptedServer`: a minimal HTTP/1.1 server on a loopback socket.
///
/// One thread accepts; each connection gets a thread that reads requests (head up to
/// 64 KiB, `Content-Length` bodies up to 16 MiB, `Expect: 100-continue` answered), asks
/// the handler for a reply and writes it, keeping the connection alive until the client
/// closes it, asks to close, or stays idle for 5 s. Test-only: it trusts its client.
final class ScriptedServerSocket: @unchecked Sendable {
  /// One parsed request.
  struct Parsed {
    var method: String
    var path: String
    var query: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]
  }

  let port: UInt16
  private let listener: Int32
  private let handler: (Parsed) -> ScriptedServer.Reply
  private let finished: () -> Void
  private let lock = NSLock()
  private var clients: Set<Int32> = []
  private var stopped = false

  init(handler: @escaping (Parsed) -> ScriptedServer.Reply, finished: @escaping () -> Void = {}) throws {
    self.handler = handler
    self.finished = finished
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw Self.error("socket") }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(fd, 64) == 0 else {
      close(fd)
      throw Self.error("bind/listen")
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    listener = fd
    port = UInt16(bigEndian: address.sin_port)
    let thread = Thread { [self] in acceptLoop() }
    thread.name = "ScriptedServer.accept"
    thread.start()
  }

  /// Stops accepting, then shuts down every open connection so their threads end.
  func stop() {
    lock.lock()
    guard !stopped else { lock.unlock(); return }
    stopped = true
    let open = clients
    lock.unlock()
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
    for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
  }

  private func acceptLoop() {
    while true {
      let fd = accept(listener, nil, nil)
      guard fd >= 0 else {
        if errno == EINTR { continue }
        return
      }
      lock.lock()
      if stopped {
        lock.unlock()
        close(fd)
        return
      }
      clients.insert(fd)
      lock.unlock()
      var timeout = timeval(tv_sec: 5, tv_usec: 0)
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
      var noDelay: Int32 = 1
      setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
      let thread = Thread { [self] in serve(fd) }
      thread.name = "ScriptedServer.connection"
      thread.start()
    }
  }

  private func serve(_ fd: Int32) {
    var buffer: [UInt8] = []
    defer {
      lock.lock()
      clients.remove(fd)
      lock.unlock()
      close(fd)
    }
    while let request = readRequest(fd, buffer: &buffer) {
      let reply = handler(request)
      defer { finished() }
      switch reply {
      case .dropConnection:
        // SO_LINGER 0 turns close() into a TCP reset: the client sees the connection
        // torn down mid-exchange, as when a load balancer kills it.
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        return
      case .respond(let status, let headers, let body, let delay, let bodyDelay):
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        if bodyDelay > 0 {
          guard write(fd, Array(head.utf8)) else { return }
          Thread.sleep(forTimeInterval: bodyDelay)
          guard write(fd, body) else { return }
        } else {
          // One write: split head and body would meet Nagle and delayed ACKs (40 ms each).
          guard write(fd, Array(head.utf8) + body) else { return }
        }
      }
      let wantsClose = request.headers.contains { $0.name == "connection" && $0.value.lowercased() == "close" }
      if wantsClose { return }
    }
  }

  /// Reads one request from `fd`; nil when the client closed, idled out, or sent garbage.
  private func readRequest(_ fd: Int32, buffer: inout [UInt8]) -> Parsed? {
    let separator: [UInt8] = [13, 10, 13, 10]
    var headEnd: Int?
    while headEnd == nil {
      headEnd = Self.find(separator, in: buffer)
      if headEnd != nil { break }
      guard buffer.count < 64 << 10, read(fd, into: &buffer) else { return nil }
    }
    let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
    buffer.removeFirst(headEnd! + 4)
    var lines = head.components(separatedBy: "\r\n")
    let requestLine = lines.removeFirst().split(separator: " ")
    guard requestLine.count == 3 else { return nil }
    let target = String(requestLine[1])
    let question = target.firstIndex(of: "?")
    var headers: [(name: String, value: String)] = []
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers.append((line[..<colon].lowercased(),
                      line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
    }
    let length = headers.first { $0.name == "content-length" }.flatMap { Int($0.value) } ?? 0
    guard length <= 16 << 20 else { return nil }
    if headers.contains(where: { $0.name == "expect" && $0.value.lowercased() == "100-continue" }) {
      guard write(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return nil }
    }
    while buffer.count < length {
      guard read(fd, into: &buffer) else { return nil }
    }
    let body = Array(buffer[..<length])
    buffer.removeFirst(length)
    return Parsed(
      method: String(requestLine[0]),
      path: question.map { String(target[..<$0]) } ?? target,
      query: question.map { String(target[target.index(after: $0)...]) } ?? "",
      headers: headers, body: body)
  }

  private func read(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
    var chunk = [UInt8](repeating: 0, count: 16 << 10)
    let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    guard count > 0 else { return false }
    buffer.append(contentsOf: chunk[..<count])
    return true
  }

  private func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes {
        send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      guard sent > 0 else { return false }
      offset += sent
    }
    return true
  }

  private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count)
    where haystack[start..<(start + needle.count)].elementsEqual(needle) {
      return start
    }
    return nil
  }

  private static func reason(_ status: Int) -> String {
    switch status {
    case 200: return "OK"
    case 201: return "Created"
    case 204: return "No Content"
    case 302: return "Found"
    case 400: return "Bad Request"
    case 401: return "Unauthorized"
    case 403: return "Forbidden"
    case 404: return "Not Found"
    case 408: return "Request Timeout"
    case 409: return "Conflict"
    case 422: return "Unprocessable Entity"
    case 429: return "Too Many Requests"
    case 500: return "Internal Server Error"
    case 502: return "Bad Gateway"
    case 503: return "Service Unavailable"
    default: return "Status"
    }
  }

  private static func error(_ call: String) -> NSError {
    NSError(domain: "ScriptedServer", code: Int(errno),
            userInfo: [NSLocalizedDescriptionKey: "\(call) failed: \(String(cString: strerror(errno)))"])
  }
}
