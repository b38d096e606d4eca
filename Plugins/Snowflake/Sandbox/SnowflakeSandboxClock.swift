import Foundation

/// The sandbox's notion of now: the system clock, or a manual clock tests move by hand.
///
/// Everything time-dependent reads it: JWT `iat`/`exp` checks, `createdOn`, when a long
/// statement finishes (202 until then), warehouse auto-suspend. Waiting "until" a time sleeps
/// on the system clock and simply moves a manual clock there, so tests never sleep.
public final class SnowflakeSandboxClock: @unchecked Sendable {
  private let lock = NSLock()
  private var manualNow: Date?

  private init(manualNow: Date?) {
    self.manualNow = manualNow
  }

  /// The system clock.
  public static func system() -> SnowflakeSandboxClock { SnowflakeSandboxClock(manualNow: nil) }

  /// A clock that stands still at `start` until moved.
  public static func manual(_ start: Date = Date(timeIntervalSince1970: 1_769_846_400)) -> SnowflakeSandboxClock {
    SnowflakeSandboxClock(manualNow: start)
  }

  /// Whether the clock only moves when told to.
  public var isManual: Bool {
    lock.lock()
    defer { lock.unlock() }
    return manualNow != nil
  }

  /// The current time.
  public var now: Date {
    lock.lock()
    defer { lock.unlock() }
    return manualNow ?? Date()
  }

  /// Moves a manual clock forward; ignored by the system clock.
  public func advance(by seconds: TimeInterval) {
    lock.lock()
    defer { lock.unlock() }
    manualNow = manualNow.map { $0.addingTimeInterval(seconds) }
  }

  /// Sets a manual clock; ignored by the system clock.
  public func set(_ date: Date) {
    lock.lock()
    defer { lock.unlock() }
    if manualNow != nil { manualNow = date }
  }

  /// Milliseconds since the epoch.
  var millis: Int64 { Int64((now.timeIntervalSince1970 * 1000).rounded(.down)) }

  /// Blocks until `millis` (system clock) or moves the clock there (manual clock).
  func wait(untilMillis target: Int64) {
    lock.lock()
    if let manual = manualNow {
      let date = Date(timeIntervalSince1970: Double(target) / 1000)
      if date > manual { manualNow = date }
      lock.unlock()
      return
    }
    lock.unlock()
    let remaining = Double(target) / 1000 - Date().timeIntervalSince1970
    if remaining > 0 { Thread.sleep(forTimeInterval: remaining) }
  }
}
