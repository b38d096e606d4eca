import Foundation

/// Which failed attempts may be sent again, and how long to wait first.
///
/// - 408, 429 and 503 are always retried: the server did not process the request.
/// - Other 5xx (but 501, which will not change), timeouts and lost connections are
///   retried only when resending is safe: GET/HEAD/OPTIONS/PUT/DELETE, or a request the
///   plugin flagged idempotent. A connection that could not be opened is retried for any
///   method, since nothing was sent.
/// - 409 is retried only for a flagged request; other 4xx are final.
/// The wait is the server's `Retry-After` when given, else (for 429/503) the rate-limit
/// window's reset, else full-jitter backoff.
enum RetryRules {
  /// Whether a response with `status` may be resent.
  static func isRetryable(status: Int, _ request: OutboundRequest) -> Bool {
    switch status {
    case 408, 429, 503: return true
    case 409: return request.idempotent
    case 501: return false
    case 500...599: return request.isSafeToResend
    default: return false
    }
  }

  /// Whether an attempt that got no response may be resent.
  static func isRetryable(_ failure: TransportFailure, _ request: OutboundRequest) -> Bool {
    switch failure.kind {
    case .connectFailed: return true
    case .timedOut, .connectionLost: return request.isSafeToResend
    case .other: return false
    }
  }

  /// The wait the server asked for: `Retry-After`, or for 429/503 the rate-limit reset;
  /// nil when it said nothing (backoff applies then).
  static func serverDelay(_ response: TransportResponse, limits: RateLimitHeaders, now: Date) -> TimeInterval? {
    if let delay = RetryAfter.delay(response.headers["Retry-After"], now: now) { return delay }
    guard response.status == 429 || response.status == 503 else { return nil }
    return limits.delayUntilReset(now: now)
  }
}
