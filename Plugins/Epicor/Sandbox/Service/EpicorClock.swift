import Foundation
import MLCSandboxKit

/// The sandbox's notion of now: the real time plus an offset tests can move forward, so a
/// token can expire or a write can land "tomorrow" without sleeping.
final class EpicorClock: @unchecked Sendable {
  private let lock = NSLock()
  private var offsetMilliseconds: Int64 = 0

  /// The current sandbox time (UTC wall clock).
  var now: SandboxDateTime {
    lock.lock()
    defer { lock.unlock() }
    return SandboxDateTime(Date()).addingMilliseconds(offsetMilliseconds)
  }

  /// Moves the clock forward (or back, with a negative value).
  func advance(by seconds: Double) {
    lock.lock()
    offsetMilliseconds += Int64((seconds * 1000).rounded())
    lock.unlock()
  }
}

extension SandboxDateTime {
  /// This time moved by milliseconds.
  func addingMilliseconds(_ milliseconds: Int64) -> SandboxDateTime {
    SandboxDateTime(milliseconds: self.milliseconds + milliseconds)
  }
}
