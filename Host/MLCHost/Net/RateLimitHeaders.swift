import Foundation

/// What a vendor's rate-limit response headers say about when more requests may be sent.
///
/// Two header families are read, as the vendors document them (shared/SYSTEMS.md):
/// - ServiceNow: `X-RateLimit-Limit`, `X-RateLimit-Reset` (UNIX seconds); it does not
///   document `X-RateLimit-Remaining`, but the header is honoured when present.
/// - Procore: `X-Rate-Limit-Limit`, `X-Rate-Limit-Remaining`, `X-Rate-Limit-Reset` (UNIX
///   seconds), describing whichever window (hourly or 10-second spike) is nearer.
/// A reset value below 10⁹ cannot be a UNIX time in this century, so it is read as a
/// number of seconds from now, which is what some other APIs send under the same name.
struct RateLimitHeaders: Sendable, Equatable {
  /// Requests left in the current window, when the server says.
  var remaining: Int?
  /// When the current window ends, when the server says.
  var reset: Date?

  /// Reads both header families from `headers`; fields stay nil when absent.
  init(headers: HeaderList, now: Date) {
    remaining = (headers["x-rate-limit-remaining"] ?? headers["x-ratelimit-remaining"])
      .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    let resetText = headers["x-rate-limit-reset"] ?? headers["x-ratelimit-reset"]
    reset = resetText.flatMap { Self.resetDate($0, now: now) }
  }

  init(remaining: Int?, reset: Date?) {
    self.remaining = remaining
    self.reset = reset
  }

  /// True when the window is used up: the limiter should hold further requests until
  /// `reset` rather than spend them on certain 429s.
  var isExhausted: Bool { remaining.map { $0 <= 0 } ?? false }

  /// The wait a 429 without `Retry-After` should honour: until the window resets.
  func delayUntilReset(now: Date) -> TimeInterval? {
    reset.map { max(0, $0.timeIntervalSince(now)) }
  }

  private static func resetDate(_ text: String, now: Date) -> Date? {
    guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
      return nil
    }
    return value >= 1_000_000_000
      ? Date(timeIntervalSince1970: value)
      : now.addingTimeInterval(value)
  }
}
