import Foundation

/// The transport for `http://` URLs: HTTP/1.1 on blocking-style POSIX sockets with a
/// keep-alive pool, whose waiting threads sleep in `poll` instead of spinning a CPU.
///
/// Each `send` takes the most recently used idle connection to the URL's `host:port` (see
/// `SocketConnectionPool`) or connects a new one within `connectTimeout` (`.connectFailed`
/// otherwise), then writes the request and reads the response, the whole exchange within
/// `timeout` (`.timedOut` otherwise). A response that allows it (HTTP/1.1, no
/// `Connection: close`, not delimited by the close) returns its connection to the pool.
///
/// Stale keep-alive connections, and why resending is safe only in two cases. A server may
/// close an idle connection at any moment. Most such closes are seen before anything is
/// written (`ClientSocket.isIdleAndOpen`: the server's FIN makes the socket readable) and
/// the connection is simply skipped. When the close races the request, the request is sent
/// once more on a fresh connection only when the failure proves the server did not act:
/// - writing the request to a *reused* connection failed (reset, broken pipe): the server
///   never had the whole request, so nothing was processed — any method is resent;
/// - a *reused* connection ended (EOF or reset) before a single response byte, and the
///   method is idempotent (GET, HEAD, OPTIONS, TRACE, PUT, DELETE): the server may have
///   read the request before closing, but repeating an idempotent request is harmless.
/// A POST or PATCH that got EOF after being written is `.connectionLost`: the server might
/// have processed it and crashed before answering, and resending could duplicate an order.
/// This is Go's `net/http` rule (`shouldRetryRequest`: nothing written, or replayable and
/// no response byte) and the conservative half of curl's (curl retries any method on a
/// reused connection that returned zero bytes). A fresh connection is never retried here:
/// a failure on it is the server's answer. Once any response byte has been read, nothing is
/// resent. `HTTPService` decides about retries above this (with backoff and budget).
///
/// Only plain `http`: the host links libcrypto but not libssl, so `https` stays on
/// `URLSessionTransport` (`SchemeTransport` routes). Thread-safe: a connection is used by
/// one thread at a time, taken from and returned to the pool.
final class SocketTransport: HTTPTransport, @unchecked Sendable {
  /// Methods that may be repeated without changing the result (RFC 9110 §9.2.2).
  static let idempotentMethods: Set<String> = ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]

  let pool: SocketConnectionPool
  let limits: HTTPResponseParser.Limits

  /// - Parameters:
  ///   - maxIdlePerEndpoint: Idle keep-alive connections kept per `host:port`.
  ///   - limits: The response head and body sizes allowed.
  init(maxIdlePerEndpoint: Int = 16, limits: HTTPResponseParser.Limits = HTTPResponseParser.Limits()) {
    pool = SocketConnectionPool(maxIdlePerEndpoint: maxIdlePerEndpoint)
    self.limits = limits
  }

  /// How one exchange on one connection ended.
  private enum Outcome {
    case response(TransportResponse)
    case failed(TransportFailure)
    /// The reused connection was dead and the request may go again on a fresh one.
    case stale(TransportFailure)
  }

  func send(_ request: TransportRequest) throws -> TransportResponse {
    let head = try HTTPRequestHead(request)
    var wire = head.bytes
    wire.append(contentsOf: request.body)
    let deadline = ClientSocket.Deadline.after(request.timeout)
    if let socket = pool.take(head.endpoint) {
      switch exchange(wire, on: socket, request: request, deadline: deadline) {
      case .response(let response): return response
      case .failed(let failure): throw failure
      case .stale: break  // resent below on a fresh connection
      }
    }
    let socket = try connect(head, request: request, deadline: deadline)
    switch exchange(wire, on: socket, request: request, deadline: deadline) {
    case .response(let response): return response
    case .failed(let failure), .stale(let failure): throw failure
    }
  }

  func shutdown() {
    pool.shutdown()
  }

  /// A fresh connection to the request's endpoint within its connect timeout (and never past
  /// the exchange's deadline).
  private func connect(_ head: HTTPRequestHead, request: TransportRequest,
                       deadline: ClientSocket.Deadline) throws(TransportFailure) -> ClientSocket {
    let connectDeadline = min(ClientSocket.Deadline.after(request.connectTimeout), deadline)
    do {
      return try ClientSocket.connect(host: head.host, port: head.port, endpoint: head.endpoint,
                                      deadline: connectDeadline)
    } catch {
      switch error {
      case .timedOut:
        throw TransportFailure(kind: .connectFailed, message:
          "no connection to \(head.endpoint) within \(Self.seconds(min(request.connectTimeout, request.timeout)))")
      case .failed(let reason):
        throw TransportFailure(kind: .connectFailed, message: "cannot connect to \(head.endpoint): \(reason)")
      }
    }
  }

  /// Writes `wire` on `socket` and reads the response; returns the connection to the pool
  /// when the response allows, closes it otherwise.
  private func exchange(_ wire: [UInt8], on socket: ClientSocket, request: TransportRequest,
                        deadline: ClientSocket.Deadline) -> Outcome {
    let reused = socket.exchanges > 0
    let endpoint = socket.endpoint
    switch socket.send(wire, deadline: deadline) {
    case .all:
      break
    case .timedOut:
      socket.close()
      return .failed(timedOut(endpoint, request, received: 0))
    case .failed(let error):
      socket.close()
      let failure = TransportFailure(kind: .connectionLost, message: "sending the request to \(endpoint) failed: \(error)")
      return reused ? .stale(failure) : .failed(failure)
    }
    var parser = HTTPResponseParser(requestMethod: request.method, limits: limits)
    var buffer = [UInt8](repeating: 0, count: 64 << 10)
    reading: while true {
      switch socket.receive(into: &buffer, deadline: deadline) {
      case .bytes(let count):
        do {
          if try parser.feed(buffer[0..<count]) { break reading }
        } catch {
          socket.close()
          return .failed(TransportFailure(kind: error.kind, message: "\(error.message) (from \(endpoint))"))
        }
      case .timedOut:
        socket.close()
        return .failed(timedOut(endpoint, request, received: parser.bytesRead))
      case .closed(let reason):
        socket.close()
        let why = reason.map { " (\($0))" } ?? ""
        do {
          try parser.finish()
          break reading
        } catch {
          let failure = TransportFailure(kind: error.kind, message: "\(error.message) from \(endpoint)\(why)")
          let resendable = reused && parser.bytesRead == 0 && Self.idempotentMethods.contains(request.method)
          return resendable ? .stale(failure) : .failed(failure)
        }
      }
    }
    socket.exchanges += 1
    if parser.allowsReuse { pool.put(socket) } else { socket.close() }
    var response = parser.response
    response.bytesSent = wire.count
    response.bytesReceived = parser.bytesRead
    return .response(response)
  }

  private func timedOut(_ endpoint: String, _ request: TransportRequest, received: Int) -> TransportFailure {
    let progress = received == 0 ? "nothing received" : "\(received) bytes received"
    return TransportFailure(kind: .timedOut, message:
      "no complete response from \(endpoint) within \(Self.seconds(request.timeout)) (\(progress))")
  }

  private static func seconds(_ value: TimeInterval) -> String {
    value == value.rounded() ? "\(Int(value)) s" : String(format: "%.3f s", value)
  }
}
