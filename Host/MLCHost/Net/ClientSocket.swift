import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One outgoing TCP connection on a non-blocking socket, every wait done in `poll`.
///
/// Waiting in `poll` puts the thread to sleep in the kernel until a byte arrives or the
/// deadline passes, which is the point of this type: corelibs URLSession spins a CPU while it
/// waits for a slow server. Sends use `MSG_NOSIGNAL` so a peer that has gone away gives
/// `EPIPE` instead of killing the process with `SIGPIPE`. `TCP_NODELAY` is set because a
/// request is written in one piece and Nagle's algorithm would only add latency. One thread
/// uses a socket at a time (the pool hands it out); the descriptor is closed on `close()` or
/// when the object goes away.
final class ClientSocket: @unchecked Sendable {
  /// A point on the monotonic clock by which a wait must end (immune to wall-clock steps).
  struct Deadline: Comparable, Sendable {
    let nanoseconds: UInt64

    /// `seconds` from now.
    static func after(_ seconds: TimeInterval) -> Deadline {
      Deadline(nanoseconds: DispatchTime.now().uptimeNanoseconds &+ UInt64(max(0, min(seconds, 1e9)) * 1e9))
    }

    var hasPassed: Bool { DispatchTime.now().uptimeNanoseconds >= nanoseconds }

    /// Milliseconds left, rounded up, as `poll` takes them.
    var pollTimeout: Int32 {
      let now = DispatchTime.now().uptimeNanoseconds
      guard nanoseconds > now else { return 0 }
      return Int32(clamping: (nanoseconds - now + 999_999) / 1_000_000)
    }

    static func < (lhs: Deadline, rhs: Deadline) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
  }

  /// How a connect attempt ended without a connection.
  enum ConnectError: Error {
    case failed(String)
    case timedOut
  }

  /// The result of `send`.
  enum Sent: Equatable { case all, timedOut, failed(String) }

  /// The result of one `receive`.
  enum Received: Equatable { case bytes(Int), closed(String?), timedOut }

  /// `host:port` as the pool keys it.
  let endpoint: String
  private let fd: Int32
  private var closed = false
  /// How many exchanges this connection has carried; above 0 it came from the pool.
  var exchanges = 0

  private init(fd: Int32, endpoint: String) {
    self.fd = fd
    self.endpoint = endpoint
  }

  deinit { close() }

  /// Connects to `host:port`, trying each address `getaddrinfo` gives (IPv6 and IPv4) in
  /// order until one answers or `deadline` passes. Name resolution itself cannot be bounded
  /// (glibc's `getaddrinfo` has no timeout); numeric hosts resolve without a lookup.
  static func connect(host: String, port: UInt16, endpoint: String, deadline: Deadline) throws(ConnectError) -> ClientSocket {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    hints.ai_flags = AI_NUMERICSERV
    var list: UnsafeMutablePointer<addrinfo>?
    let status = getaddrinfo(host, String(port), &hints, &list)
    guard status == 0, list != nil else {
      throw .failed("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
    }
    defer { freeaddrinfo(list) }
    var lastError = "no address"
    var entry = list
    while let info = entry?.pointee {
      entry = info.ai_next
      let fd = socket(info.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
      guard fd >= 0 else {
        lastError = errorText()
        continue
      }
      let socket = ClientSocket(fd: fd, endpoint: endpoint)
      var on: Int32 = 1
      setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
      if Glibc.connect(fd, info.ai_addr, info.ai_addrlen) == 0 { return socket }
      guard errno == EINPROGRESS else {
        lastError = errorText()
        continue
      }
      guard socket.wait(events: Int16(POLLOUT), deadline: deadline) else { throw .timedOut }
      var code: Int32 = 0
      var length = socklen_t(MemoryLayout<Int32>.size)
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
      if code == 0 { return socket }
      lastError = "\(String(cString: strerror(code))) (errno \(code))"
    }
    throw .failed(lastError)
  }

  /// Writes all of `bytes` before `deadline`; `.failed` says why (the peer closed or reset).
  func send(_ bytes: [UInt8], deadline: Deadline) -> Sent {
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let count = Glibc.send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
        if count >= 0 {
          offset += count
          continue
        }
        switch errno {
        case EINTR: continue
        case EAGAIN, EWOULDBLOCK:
          guard wait(events: Int16(POLLOUT), deadline: deadline) else { return .timedOut }
        default: return .failed(Self.errorText())
        }
      }
      return .all
    }
  }

  /// Reads what is available into `buffer`, waiting for it until `deadline`.
  func receive(into buffer: inout [UInt8], deadline: Deadline) -> Received {
    while true {
      let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if count > 0 { return .bytes(count) }
      if count == 0 { return .closed(nil) }
      switch errno {
      case EINTR: continue
      case EAGAIN, EWOULDBLOCK:
        guard wait(events: Int16(POLLIN), deadline: deadline) else { return .timedOut }
      default: return .closed(Self.errorText())
      }
    }
  }

  /// True when an idle connection still looks usable: nothing to read, no hang-up. A server
  /// that closed it (keep-alive timeout) has sent a FIN, which shows as readable here, so a
  /// stale connection is found before any request is written to it.
  var isIdleAndOpen: Bool {
    guard !closed else { return false }
    var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&entry, 1, 0) == 0
  }

  /// Closes the descriptor; idempotent.
  func close() {
    guard !closed else { return }
    closed = true
    Glibc.close(fd)
  }

  /// Sleeps in `poll` until `events` (or an error or hang-up) or the deadline; false on timeout.
  private func wait(events: Int16, deadline: Deadline) -> Bool {
    var entry = pollfd(fd: fd, events: events, revents: 0)
    while true {
      let count = poll(&entry, 1, deadline.pollTimeout)
      if count > 0 { return true }  // POLLERR/POLLHUP too: the next call says what happened
      if count < 0, errno == EINTR { continue }
      if count < 0 { return true }
      if deadline.hasPassed { return false }
    }
  }

  /// The text of the current `errno`, with its number.
  private static func errorText() -> String {
    let code = errno
    return "\(String(cString: strerror(code))) (errno \(code))"
  }
}
