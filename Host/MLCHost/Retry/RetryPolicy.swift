import Foundation

/// How many times a request may be tried and how long to wait between tries.
///
/// Backoff is exponential with *full jitter* (AWS Architecture Blog, "Exponential Backoff
/// and Jitter"): the wait before retry `n` (0-based) is uniform in
/// `[0, min(cap, base · 2^n)]`. Full jitter spreads clients that failed together, which a
/// fixed or "equal jitter" schedule does not. The random source is injected so tests can
/// pin it to 0 or 1 and check both ends of the interval.
struct RetryPolicy: Sendable, Equatable {
  /// The first backoff ceiling, in seconds.
  var baseDelay: TimeInterval = 0.5
  /// No backoff ceiling grows beyond this, in seconds.
  var maxDelay: TimeInterval = 30
  /// Total tries of one request, the first included (6 = one try and five retries).
  var maxAttempts: Int = 6
  /// The longest `Retry-After` or rate-limit reset the service waits for inside one
  /// request. A server asking for longer makes the request fail with the hint attached,
  /// so the run can reschedule instead of holding a plugin thread for an hour.
  var maxServerDelay: TimeInterval = 120

  /// The ceiling of the jitter interval before retry `retry` (0 = the first retry).
  func backoffCeiling(retry: Int) -> TimeInterval {
    // 2^n overflows a Double only past n≈1023, but the cap is reached long before; clamp
    // the exponent so huge attempt counts stay finite.
    let exponent = Double(min(max(retry, 0), 62))
    return min(maxDelay, baseDelay * pow(2, exponent))
  }

  /// The wait before retry `retry`: `unit` (a uniform draw in [0, 1]) scaled onto
  /// `[0, backoffCeiling(retry:)]`.
  func backoff(retry: Int, unit: Double) -> TimeInterval {
    backoffCeiling(retry: retry) * min(max(unit, 0), 1)
  }
}

/// A uniform random source in [0, 1], injected into the retry loop.
///
/// The default uses the system generator; tests pass a fixed sequence.
struct JitterSource: Sendable {
  let next: @Sendable () -> Double

  init(_ next: @escaping @Sendable () -> Double) { self.next = next }

  /// Uniform draws from the system random generator.
  static let system = JitterSource { Double.random(in: 0...1) }
}
