import Foundation

/// Idle keep-alive connections per `host:port`, handed out most recently used first.
///
/// LIFO because the connection used last is the one least likely to have hit the server's
/// idle timeout, and the ones at the bottom of the stack age out on the server's side
/// instead of being kept warm for nothing. At most `maxIdlePerEndpoint` wait per endpoint;
/// a connection returned beyond that is closed. Thread-safe.
final class SocketConnectionPool: @unchecked Sendable {
  let maxIdlePerEndpoint: Int
  private let lock = NSLock()
  private var idle: [String: [ClientSocket]] = [:]
  private var isShutDown = false

  init(maxIdlePerEndpoint: Int = 16) {
    self.maxIdlePerEndpoint = max(0, maxIdlePerEndpoint)
  }

  /// The most recently returned connection to `endpoint` that still looks open, or nil.
  /// Connections the server has closed meanwhile are closed and skipped.
  func take(_ endpoint: String) -> ClientSocket? {
    while true {
      lock.lock()
      let socket = idle[endpoint]?.popLast()
      lock.unlock()
      guard let socket else { return nil }
      if socket.isIdleAndOpen { return socket }
      socket.close()
    }
  }

  /// Keeps `socket` for the next request to its endpoint, or closes it when the pool is
  /// full or shut down.
  func put(_ socket: ClientSocket) {
    lock.lock()
    var stack = idle[socket.endpoint, default: []]
    let keep = !isShutDown && stack.count < maxIdlePerEndpoint
    if keep {
      stack.append(socket)
      idle[socket.endpoint] = stack
    }
    lock.unlock()
    if !keep { socket.close() }
  }

  /// How many idle connections wait for `endpoint` (for tests and diagnostics).
  func idleCount(_ endpoint: String) -> Int {
    lock.lock()
    defer { lock.unlock() }
    return idle[endpoint]?.count ?? 0
  }

  /// Closes every idle connection; connections returned later are closed too.
  func shutdown() {
    lock.lock()
    isShutDown = true
    let all = idle.values.flatMap { $0 }
    idle = [:]
    lock.unlock()
    for socket in all { socket.close() }
  }
}
