#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point on the monotonic clock by which an I/O wait must end.
///
/// Monotonic so that a wall-clock step (NTP, a VM resume) can't make a read wait forever or
/// time out at once. Kept as plain nanoseconds because it is checked on every `poll`.
struct Deadline: Comparable {
  /// Nanoseconds on `CLOCK_MONOTONIC`.
  let nanoseconds: UInt64

  /// A deadline that never passes.
  static let never = Deadline(nanoseconds: .max)

  /// The current instant.
  static var now: Deadline { Deadline(nanoseconds: monotonicNanoseconds()) }

  /// The instant `duration` from now; negative durations mean now.
  static func after(_ duration: Duration) -> Deadline {
    let (seconds, attoseconds) = duration.components
    guard seconds >= 0 else { return now }
    let nanos = UInt64(clamping: seconds).multipliedReportingOverflow(by: 1_000_000_000)
    if nanos.overflow { return .never }
    let total = now.nanoseconds.addingReportingOverflow(nanos.partialValue &+ UInt64(attoseconds / 1_000_000_000))
    return total.overflow ? .never : Deadline(nanoseconds: total.partialValue)
  }

  /// Whether the deadline is now or in the past.
  var hasPassed: Bool { self != .never && Deadline.monotonicNanoseconds() >= nanoseconds }

  /// Milliseconds left, rounded up and clamped for `poll`: -1 (wait forever) for `never`.
  var pollTimeout: Int32 {
    if self == .never { return -1 }
    let now = Deadline.monotonicNanoseconds()
    guard nanoseconds > now else { return 0 }
    let millis = (nanoseconds - now + 999_999) / 1_000_000
    return Int32(clamping: millis)
  }

  /// The earlier of two deadlines.
  func earliest(_ other: Deadline) -> Deadline { Swift.min(self, other) }

  static func < (lhs: Deadline, rhs: Deadline) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

  private static func monotonicNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
  }
}
