/// The waits between polls of a statement that answered 202: short at first (most
/// statements that go async finish soon after the 45 s mark, or right after a warehouse
/// resumes), then doubling up to a ceiling, and ending once the statement's own timeout
/// (plus a margin for Snowflake to report it) has been waited out.
///
/// Counts the time it hands out instead of reading a clock, so tests drive it without
/// sleeping and the give-up point does not depend on how long each poll's request took.
struct PollSchedule: Sendable {
  /// The first wait, in seconds.
  static let first = 0.05
  /// The longest wait between two polls.
  static let ceiling = 2.0

  /// Seconds handed out so far.
  private(set) var waited = 0.0
  private var nextDelay = PollSchedule.first
  private let limit: Double

  /// `timeoutSeconds` is the statement's timeout; 0 means Snowflake's maximum (7 days).
  init(timeoutSeconds: Int) {
    limit = Double(timeoutSeconds == 0 ? 604_800 : timeoutSeconds) + 60
  }

  /// The next wait, or nil once the statement should have ended by now.
  mutating func next() -> Double? {
    guard waited < limit else { return nil }
    let delay = nextDelay
    waited += delay
    nextDelay = min(nextDelay * 2, Self.ceiling)
    return delay
  }
}
