import Foundation

/// Counts the wire bytes of every exchange another transport carries into `HTTPMetrics`.
///
/// It wraps the connection's transport once, in `HTTPServiceFactory`, so the connection's
/// API calls and its token or login requests (which `AuthContext` sends on the same
/// transport) are all counted. Exchanges that end in a `TransportFailure` carry no counts
/// and are not added.
final class MeteredTransport: HTTPTransport, @unchecked Sendable {
  let base: any HTTPTransport
  let metrics: HTTPMetrics

  init(_ base: any HTTPTransport, metrics: HTTPMetrics) {
    self.base = base
    self.metrics = metrics
  }

  func send(_ request: TransportRequest) throws -> TransportResponse {
    let response = try base.send(request)
    metrics.recordWire(sent: response.bytesSent, received: response.bytesReceived)
    return response
  }

  func shutdown() {
    base.shutdown()
  }
}
