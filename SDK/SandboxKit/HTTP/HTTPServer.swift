import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server on POSIX sockets, with one thread per connection.
///
/// Built for sandboxes, tests and the host's webhook listener: it binds (by default to
/// loopback and a free port), keeps connections alive, reads `Content-Length` and chunked
/// bodies, answers `Expect: 100-continue`, and enforces the limits in `Configuration`. Its
/// threads are its own, never Swift's cooperative pool, so a blocking handler (a sandbox's
/// injected latency, a plugin call) can't starve other async work.
///
/// Lifecycle: `start()` once, `stop()` any number of times. `stop()` may also be called from a
/// handler; it then returns without waiting for that handler's own connection.
public final class HTTPServer: @unchecked Sendable {
  /// The settings the server was created with.
  public let configuration: Configuration
  let handler: HTTPHandler

  /// Guards every `var` below; signalled when a thread exits.
  let lock = NSCondition()
  private var state = State.idle
  private var boundPort: UInt16 = 0
  /// The server's self-pipe: one byte written to it wakes every `poll` in every server thread
  /// at once, because nobody ever reads it.
  private var wakePipe: (read: Int32, write: Int32) = (-1, -1)
  var acceptThreadRunning = false
  var activeConnections = 0
  private var workerThreads = Set<pthread_t>()

  private enum State { case idle, running, stopping, stopped }

  /// Creates a server that answers every request with `handler`; call `start()` to listen.
  public init(configuration: Configuration = .init(), handler: @escaping HTTPHandler) {
    self.configuration = configuration
    self.handler = handler
  }

  deinit {
    stop()
  }

  /// The port the server listens on, once started; 0 before.
  public var port: UInt16 {
    lock.lock()
    defer { lock.unlock() }
    return boundPort
  }

  /// How many connections are being served right now.
  public var connectionCount: Int {
    lock.lock()
    defer { lock.unlock() }
    return activeConnections
  }

  /// Binds, listens and starts serving on the server's own threads; returns the bound port.
  ///
  /// Throws `HTTPServerError` when the address can't be bound (port in use, unknown host) or
  /// the server was already started.
  @discardableResult
  public func start() throws -> UInt16 {
    lock.lock()
    defer { lock.unlock() }
    guard state == .idle else {
      throw HTTPServerError(.lifecycle, "start() was called twice; create a new HTTPServer to serve again")
    }
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else {
      throw HTTPServerError(.resources, "cannot create the server's wake pipe: \(Socket.errorText())")
    }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    let listener: Socket
    do {
      listener = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
    } catch {
      Glibc.close(fds[0])
      Glibc.close(fds[1])
      throw error
    }
    wakePipe = (fds[0], fds[1])
    boundPort = listener.localPort
    state = .running
    acceptThreadRunning = true
    let wake = fds[0]
    let thread = Thread { [self] in acceptLoop(listener: listener, wake: wake) }
    thread.name = "http-accept-\(boundPort)"
    thread.start()
    return boundPort
  }

  /// Stops listening, closes every connection and waits for the server's threads to end.
  ///
  /// The port is free when this returns. Handlers still running finish first; their responses
  /// go out with `Connection: close`. Safe to call more than once and from any thread.
  public func stop() {
    lock.lock()
    defer { lock.unlock() }
    let fromHandler = workerThreads.contains(pthread_self())
    switch state {
    case .idle:
      state = .stopped
      return
    case .stopped:
      return
    case .stopping:
      while state != .stopped && !fromHandler { lock.wait() }
      return
    case .running:
      state = .stopping
    }
    var byte: UInt8 = 1
    _ = write(wakePipe.write, &byte, 1)
    while acceptThreadRunning || activeConnections > (fromHandler ? 1 : 0) { lock.wait() }
    state = .stopped
    closeWakePipeIfIdle()
    lock.broadcast()
  }

  /// Blocks the calling thread until `stop()` has finished (at once if the server never
  /// started); a sandbox executable's main thread parks here while its threads serve.
  public func waitUntilStopped() {
    lock.lock()
    defer { lock.unlock() }
    while state == .running || state == .stopping { lock.wait() }
  }

  /// Whether `stop()` has begun.
  var isStopping: Bool {
    lock.lock()
    defer { lock.unlock() }
    return state == .stopping || state == .stopped
  }

  /// Serves one accepted connection on a new thread; the caller has counted it already.
  func spawnConnection(_ socket: Socket, peer: String, wake: Int32) {
    let connection = HTTPConnection(
      socket: socket, peer: peer, configuration: configuration, handler: handler, wake: wake,
      isStopping: { [unowned self] in isStopping })
    let thread = Thread { [self] in
      lock.lock()
      workerThreads.insert(pthread_self())
      lock.unlock()
      connection.run()
      lock.lock()
      workerThreads.remove(pthread_self())
      activeConnections -= 1
      if state == .stopped { closeWakePipeIfIdle() }
      lock.broadcast()
      lock.unlock()
    }
    thread.name = "http-conn"
    thread.start()
  }

  /// Marks the accept thread as ended and wakes `stop()`.
  func acceptThreadEnded() {
    lock.lock()
    acceptThreadRunning = false
    lock.broadcast()
    lock.unlock()
  }

  /// Closes the wake pipe once no thread can poll it any more. Call with `lock` held.
  private func closeWakePipeIfIdle() {
    guard activeConnections == 0, !acceptThreadRunning, wakePipe.read >= 0 else { return }
    Glibc.close(wakePipe.read)
    Glibc.close(wakePipe.write)
    wakePipe = (-1, -1)
  }
}
