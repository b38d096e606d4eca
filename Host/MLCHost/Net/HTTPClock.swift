import Foundation

/// The time source the HTTP service waits on: backoff, `Retry-After`, rate-limit resets,
/// token expiry and the request-rate limiter all read `now` and wait with `sleep(until:)`.
///
/// Injected so tests can assert every delay the service chose without sleeping: a test
/// clock records the deadline and moves its own `now` forward instead of blocking.
/// Implementations must be safe to call from several plugin threads at once.
protocol HTTPClock: Sendable {
  /// The current wall-clock time (HTTP-dates and `X-RateLimit-Reset` are wall-clock).
  var now: Date { get }
  /// Blocks the calling thread until `deadline`; returns at once when it has passed.
  func sleep(until deadline: Date)
}

/// The real clock: `Date()` and a blocking `Thread.sleep`.
///
/// Sleeping blocks only the calling plugin thread, never Swift's cooperative pool, because
/// the HTTP service is only ever called from the host's own plugin threads.
struct SystemHTTPClock: HTTPClock {
  var now: Date { Date() }

  func sleep(until deadline: Date) {
    let interval = deadline.timeIntervalSinceNow
    if interval > 0 { Thread.sleep(forTimeInterval: interval) }
  }
}
