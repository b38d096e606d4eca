import Foundation

/// Counters for one connection's HTTP traffic: calls, attempts, retries, final statuses,
/// transport failures, attempt latency and bytes on the wire.
///
/// A *call* is one `HTTPService.send` (what the plugin asked for); an *attempt* is one
/// exchange on the wire; every attempt after a call's first is a *retry* (the 401
/// re-send after a token refresh included). Statuses count every attempt's status, so a
/// 503 that was retried into a 200 shows as one of each. Thread-safe; read with
/// `snapshot()`.
final class HTTPMetrics: @unchecked Sendable {
  /// A consistent copy of the counters at one moment.
  struct Snapshot: Sendable, Equatable {
    var calls = 0
    var attempts = 0
    var retries = 0
    /// Attempts per HTTP status code.
    var statuses: [Int: Int] = [:]
    /// Attempts that got no response, per `TransportFailure.Kind` name.
    var transportFailures: [String: Int] = [:]
    /// Calls that ended in an error (egress, auth, budget) rather than a response.
    var failedCalls = 0
    /// Requests made to token and login endpoints (not counted as attempts).
    var tokenRequests = 0
    /// Token and login responses per status code.
    var tokenStatuses: [Int: Int] = [:]
    /// Attempt latency: how many fell at or under each bound in `latencyBounds` (ms),
    /// the last bucket counting everything slower.
    var latencyBuckets: [Int] = Array(repeating: 0, count: HTTPMetrics.latencyBounds.count + 1)
    /// Bytes written and read on the wire by every exchange that got a response, token
    /// requests included (estimated under `URLSessionTransport`, see `TransportResponse`).
    var bytesSent = 0
    var bytesReceived = 0
    var latencyTotal: TimeInterval = 0
    var latencyMax: TimeInterval = 0

    /// Mean attempt latency in seconds, 0 before any attempt.
    var latencyMean: TimeInterval { attempts == 0 ? 0 : latencyTotal / Double(attempts) }
  }

  /// Upper bounds of the latency buckets, in milliseconds.
  static let latencyBounds = [10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000]

  private let lock = NSLock()
  private var state = Snapshot()

  /// Counts a call the plugin made.
  func recordCall() { update { $0.calls += 1 } }

  /// Counts a call that ended in an error instead of a response.
  func recordFailedCall() { update { $0.failedCalls += 1 } }

  /// Counts one attempt: its status (nil when no response came), its latency, and
  /// whether it was a retry.
  func recordAttempt(status: Int?, failure: String?, latency: TimeInterval, isRetry: Bool) {
    update { state in
      state.attempts += 1
      if isRetry { state.retries += 1 }
      if let status { state.statuses[status, default: 0] += 1 }
      if let failure { state.transportFailures[failure, default: 0] += 1 }
      let ms = latency * 1000
      let bucket = Self.latencyBounds.firstIndex { ms <= Double($0) } ?? Self.latencyBounds.count
      state.latencyBuckets[bucket] += 1
      state.latencyTotal += latency
      state.latencyMax = max(state.latencyMax, latency)
    }
  }

  /// Counts one request to a token or login endpoint.
  func recordTokenRequest(status: Int?, failure: String?, latency: TimeInterval) {
    update { state in
      state.tokenRequests += 1
      if let status { state.tokenStatuses[status, default: 0] += 1 }
      if let failure { state.transportFailures[failure, default: 0] += 1 }
    }
  }

  /// Adds one exchange's wire bytes.
  func recordWire(sent: Int, received: Int) {
    update { state in
      state.bytesSent += sent
      state.bytesReceived += received
    }
  }

  /// Seconds since `start` on the monotonic clock: latency is real time even when the
  /// service runs on an injected clock.
  static func elapsed(since start: DispatchTime) -> TimeInterval {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
  }

  /// A copy of all counters.
  func snapshot() -> Snapshot {
    lock.lock()
    defer { lock.unlock() }
    return state
  }

  private func update(_ change: (inout Snapshot) -> Void) {
    lock.lock()
    change(&state)
    lock.unlock()
  }
}
