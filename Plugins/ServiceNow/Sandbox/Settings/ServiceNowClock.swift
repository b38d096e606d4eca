import Foundation

/// The sandbox's notion of "now", which tests can move: token expiry, `sys_created_on`,
/// `sys_updated_on` and the rate-limit windows all read it.
///
/// By default the clock follows the system clock; `advance(by:)` adds an offset, so a test
/// can expire a 30-minute token without waiting. `freeze(at:)` (or the `clock` setting)
/// stops it at a fixed instant, which makes every timestamp the sandbox writes repeatable.
public final class ServiceNowClock: @unchecked Sendable {
  private let lock = NSLock()
  private var frozenAt: Date?
  private var offset: TimeInterval = 0

  /// Creates a clock frozen at `start`, or following the system clock when `start` is `nil`.
  public init(start: Date? = nil) {
    frozenAt = start
  }

  /// The current sandbox time.
  public var now: Date {
    lock.lock()
    defer { lock.unlock() }
    if let frozenAt { return frozenAt }
    return Date().addingTimeInterval(offset)
  }

  /// Moves the clock forward (or back, with a negative value) by `seconds`.
  public func advance(by seconds: TimeInterval) {
    lock.lock()
    defer { lock.unlock() }
    if let frozenAt {
      self.frozenAt = frozenAt.addingTimeInterval(seconds)
    } else {
      offset += seconds
    }
  }

  /// Stops the clock at `date`; it stays there until advanced or frozen again.
  public func freeze(at date: Date) {
    lock.lock()
    defer { lock.unlock() }
    frozenAt = date
  }

  /// Whether the clock is frozen.
  public var isFrozen: Bool {
    lock.lock()
    defer { lock.unlock() }
    return frozenAt != nil
  }
}
