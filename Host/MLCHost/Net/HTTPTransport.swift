import Foundation

/// Sends one HTTP exchange and waits for its response, blocking the calling thread.
///
/// The transport is the wire and nothing else: no retries, no credentials, no redirects
/// (a 3xx is returned as it is, so a redirect cannot carry credentials to another host),
/// no cookies. `HTTPService` builds everything else on top. Implementations must be safe
/// to call from several threads at once.
protocol HTTPTransport: AnyObject, Sendable {
  /// Sends `request`; returns whatever status arrived or throws `TransportFailure`.
  func send(_ request: TransportRequest) throws -> TransportResponse
  /// Releases connections; later sends may fail.
  func shutdown()
}

/// One exchange ready for the wire: absolute URL and final headers.
struct TransportRequest: Sendable {
  var method: String
  var url: URL
  var headers: HeaderList
  var body: [UInt8]
  /// Seconds allowed for this attempt, from send to the last response byte.
  var timeout: TimeInterval
  /// Seconds allowed to establish the connection.
  var connectTimeout: TimeInterval

  init(method: String, url: URL, headers: HeaderList = HeaderList(), body: [UInt8] = [],
       timeout: TimeInterval = 60, connectTimeout: TimeInterval = 10) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.timeout = timeout
    self.connectTimeout = connectTimeout
  }
}

/// A response as it came off the wire.
struct TransportResponse: Sendable, Equatable {
  var status: Int
  var headers: HeaderList
  var body: [UInt8]
  /// Bytes the exchange wrote: request line, headers and body. `SocketTransport` counts the
  /// wire exactly; `URLSessionTransport` cannot see the wire and estimates from the request
  /// it built (headers corelibs adds on its own are missed).
  var bytesSent = 0
  /// Bytes the exchange read: status lines, headers and body as framed (chunk sizes and any
  /// 1xx included). Exact for `SocketTransport`; `URLSessionTransport` estimates from the
  /// decoded headers and body.
  var bytesReceived = 0

  init(status: Int, headers: HeaderList = HeaderList(), body: [UInt8] = [],
       bytesSent: Int = 0, bytesReceived: Int = 0) {
    self.status = status
    self.headers = headers
    self.body = body
    self.bytesSent = bytesSent
    self.bytesReceived = bytesReceived
  }

  /// The body as UTF-8 text (for error messages and token parsing).
  var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// An attempt that got no HTTP response.
struct TransportFailure: Error, CustomStringConvertible, Equatable {
  /// What went wrong, which decides whether resending is safe.
  enum Kind: String, Sendable {
    /// The connection could not be made (refused, DNS, TLS handshake): nothing was sent,
    /// so any request may be resent.
    case connectFailed
    /// No complete response within the time allowed: the server may have acted.
    case timedOut
    /// The connection broke after the request was sent (reset, empty reply): the server
    /// may have acted.
    case connectionLost
    /// Anything else (a malformed response): not retried.
    case other
  }

  let kind: Kind
  let message: String

  var description: String { "\(kind.rawValue): \(message)" }

  /// True when the request never left this machine, so resending cannot duplicate it.
  var requestWasNotSent: Bool { kind == .connectFailed }
}
