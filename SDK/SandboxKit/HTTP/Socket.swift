#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking TCP socket and the few POSIX calls the server makes on it.
///
/// Every wait goes through `poll` with a deadline and the server's wake pipe, so a slow peer can
/// only ever cost its own timeout and `stop()` can end any wait at once. Sends use
/// `MSG_NOSIGNAL` so a peer that has gone away gives `EPIPE` instead of killing the process
/// with `SIGPIPE`. The value does not own the descriptor: whoever created it calls `close()`.
struct Socket: Sendable {
  /// The file descriptor.
  let fd: Int32

  /// The result of `wait`.
  enum Readiness { case ready, timedOut, woken }
  /// The result of one `receive`.
  enum Received { case bytes(Int), wouldBlock, closed }

  /// Creates a listening socket bound to `host:port` (`port` 0 picks a free port).
  ///
  /// `SO_REUSEADDR` lets a restarted server bind again while old connections sit in TIME_WAIT.
  static func listen(host: String, port: UInt16, backlog: Int32) throws -> Socket {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
    var list: UnsafeMutablePointer<addrinfo>?
    let status = getaddrinfo(host, String(port), &hints, &list)
    guard status == 0, let first = list else {
      let reason = String(cString: gai_strerror(status))
      throw HTTPServerError(.resolve, "cannot resolve host '\(host)': \(reason); use an IP address such as 127.0.0.1")
    }
    defer { freeaddrinfo(list) }
    var lastError = "no address"
    var entry: UnsafeMutablePointer<addrinfo>? = first
    while let info = entry {
      entry = info.pointee.ai_next
      let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
      if fd < 0 { lastError = errorText(); continue }
      var on: Int32 = 1
      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
      if bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
        lastError = errorText()
        Glibc.close(fd)
        continue
      }
      if Glibc.listen(fd, backlog) != 0 {
        let reason = errorText()
        Glibc.close(fd)
        throw HTTPServerError(.listen, "cannot listen on \(host):\(port): \(reason)")
      }
      return Socket(fd: fd)
    }
    throw HTTPServerError(.bind, "cannot bind \(host):\(port): \(lastError); choose another port or stop the process using it")
  }

  /// The local port the socket is bound to.
  var localPort: UInt16 {
    var storage = sockaddr_storage()
    var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
    let ok = withUnsafeMutablePointer(to: &storage) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
    }
    return ok ? Socket.address(of: storage).port : 0
  }

  /// Accepts one pending connection as a non-blocking socket with `TCP_NODELAY`, with the
  /// peer as `address:port`; `nil` when none is pending or it vanished before being accepted.
  func accept() -> (socket: Socket, peer: String)? {
    var storage = sockaddr_storage()
    var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
    let client = withUnsafeMutablePointer(to: &storage) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.accept(fd, $0, &length)
      }
    }
    guard client >= 0 else { return nil }
    // accept4 isn't exported to Swift, so the flags the listener has are set here.
    _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
    _ = fcntl(client, F_SETFD, FD_CLOEXEC)
    var on: Int32 = 1
    // Responses are written in one send, so Nagle's algorithm would only add delay.
    setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    let peer = Socket.address(of: storage)
    let text = peer.host.contains(":") ? "[\(peer.host)]:\(peer.port)" : "\(peer.host):\(peer.port)"
    return (Socket(fd: client), text)
  }

  /// Waits until the socket is readable (or writable, with `forWriting`), the wake descriptor
  /// becomes readable, or the deadline passes.
  func wait(forWriting: Bool = false, wake: Int32, deadline: Deadline) -> Readiness {
    let events = Int16(forWriting ? POLLOUT : POLLIN)
    var fds = [pollfd(fd: fd, events: events, revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
    while true {
      let count = poll(&fds, nfds_t(wake >= 0 ? 2 : 1), deadline.pollTimeout)
      if count < 0 {
        if errno == EINTR { continue }
        return .woken
      }
      if wake >= 0 && fds[1].revents != 0 { return .woken }
      // POLLHUP and POLLERR count as ready: the next recv or send reports what happened.
      if fds[0].revents != 0 { return .ready }
      if count == 0 || deadline.hasPassed { return .timedOut }
    }
  }

  /// Reads what is available into `buffer`.
  func receive(into buffer: UnsafeMutableRawBufferPointer) -> Received {
    while true {
      let count = recv(fd, buffer.baseAddress, buffer.count, 0)
      if count > 0 { return .bytes(count) }
      if count == 0 { return .closed }
      switch errno {
      case EINTR: continue
      case EAGAIN, EWOULDBLOCK: return .wouldBlock
      default: return .closed
      }
    }
  }

  /// Sends all of `bytes` before `deadline`; `false` when the peer went away, the deadline
  /// passed or the server is stopping.
  func sendAll(_ bytes: UnsafeRawBufferPointer, wake: Int32, deadline: Deadline) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let count = send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
      if count >= 0 {
        offset += count
        continue
      }
      switch errno {
      case EINTR: continue
      case EAGAIN, EWOULDBLOCK:
        guard wait(forWriting: true, wake: wake, deadline: deadline) == .ready else { return false }
      default: return false
      }
    }
    return true
  }

  /// Sends `bytes` before `deadline`; see `sendAll(_:wake:deadline:)`.
  func sendAll(_ bytes: [UInt8], wake: Int32, deadline: Deadline) -> Bool {
    bytes.withUnsafeBytes { sendAll($0, wake: wake, deadline: deadline) }
  }

  /// Half-closes the sending side, so the peer reads EOF after the last response.
  func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

  /// Closes the descriptor.
  func close() { Glibc.close(fd) }

  /// The numeric host and port of a socket address.
  private static func address(of storage: sockaddr_storage) -> (host: String, port: UInt16) {
    var storage = storage
    var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
    switch Int32(storage.ss_family) {
    case AF_INET:
      return withUnsafePointer(to: &storage) {
        $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
          var raw = address.pointee.sin_addr
          inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
          return (Socket.string(text), UInt16(bigEndian: address.pointee.sin_port))
        }
      }
    case AF_INET6:
      return withUnsafePointer(to: &storage) {
        $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
          var raw = address.pointee.sin6_addr
          inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
          return (Socket.string(text), UInt16(bigEndian: address.pointee.sin6_port))
        }
      }
    default:
      return ("unknown", 0)
    }
  }

  /// A NUL-terminated C buffer as a string.
  private static func string(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The text of the current `errno`, with its number.
  static func errorText() -> String {
    let code = errno
    return "\(String(cString: strerror(code))) (errno \(code))"
  }
}
