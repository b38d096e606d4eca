#if canImport(Glibc)
import Glibc
#endif

extension HTTPServer {
  /// A connection refused with 503 whose remaining input is drained until it closes.
  private struct Rejected {
    let socket: Socket
    let deadline: Deadline
  }

  /// At most this many refused connections linger at once; more are closed at once, since
  /// under a flood keeping the accept loop cheap matters more than every 503 being read.
  private static let maxLingering = 64

  /// Accepts connections until the server stops: each one within `maxConnections` gets its own
  /// thread, the rest get 503 from this thread and are closed.
  ///
  /// Refused connections are half-closed and drained here (not on a thread of their own, which
  /// would defeat the limit) so the 503 isn't destroyed by a reset before the client reads it.
  func acceptLoop(listener: Socket, wake: Int32) {
    var rejected: [Rejected] = []
    var backoff = false
    while true {
      var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
                 pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0)]
      fds += rejected.map { pollfd(fd: $0.socket.fd, events: Int16(POLLIN), revents: 0) }
      var deadline = rejected.map(\.deadline).min() ?? .never
      // Out of descriptors: the listener stays readable, so wait a little instead of spinning.
      if backoff {
        fds[1].events = 0
        deadline = deadline.earliest(.after(.milliseconds(50)))
      }
      if poll(&fds, nfds_t(fds.count), deadline.pollTimeout) < 0 && errno != EINTR { break }
      if fds[0].revents != 0 { break }
      rejected = drain(rejected, readiness: fds.dropFirst(2).map(\.revents))
      backoff = false
      if fds[1].revents != 0 || fds[1].events == 0 {
        backoff = acceptPending(on: listener, wake: wake, rejected: &rejected)
      }
    }
    for connection in rejected { connection.socket.close() }
    listener.close()
    acceptThreadEnded()
  }

  /// Accepts every pending connection; returns `true` when accepting failed for lack of
  /// descriptors and the loop should back off.
  private func acceptPending(on listener: Socket, wake: Int32, rejected: inout [Rejected]) -> Bool {
    while true {
      guard let (socket, peer) = listener.accept() else {
        return errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM
      }
      lock.lock()
      let admitted = activeConnections < configuration.maxConnections
      if admitted { activeConnections += 1 }
      lock.unlock()
      if admitted {
        spawnConnection(socket, peer: peer, wake: wake)
        continue
      }
      configuration.log?("\(peer): refused with 503: \(configuration.maxConnections) connections are open already")
      var response = HTTPResponse.text(503, "too many connections: the server serves at most \(configuration.maxConnections) at once; retry later\n")
      response.headers["Retry-After"] = "1"
      let bytes = HTTPEncoder.encode(response, headOnly: false, closing: true)
      // The answer fits an empty send buffer; never wait for a client that doesn't read.
      let sent = socket.sendAll(bytes, wake: wake, deadline: .now)
      guard sent, rejected.count < Self.maxLingering else {
        socket.close()
        continue
      }
      socket.shutdownWrite()
      rejected.append(Rejected(socket: socket, deadline: .after(configuration.lingerTimeout)))
    }
  }

  /// Reads and discards input on refused connections; closes those that finished or whose
  /// linger time is up.
  private func drain(_ rejected: [Rejected], readiness: [Int16]) -> [Rejected] {
    var remaining: [Rejected] = []
    var scratch = [UInt8](repeating: 0, count: 4096)
    for (connection, events) in zip(rejected, readiness) {
      var open = !connection.deadline.hasPassed
      if open && events != 0 {
        let result = scratch.withUnsafeMutableBytes { connection.socket.receive(into: $0) }
        if case .closed = result { open = false }
      }
      if open {
        remaining.append(connection)
      } else {
        connection.socket.close()
      }
    }
    return remaining
  }
}
