import Foundation

/// A shared allowance of retries, spent one at a time by any number of threads.
///
/// One budget is made per run and handed to every connection's HTTP service in it, so a
/// vendor outage stops costing time once the run has retried enough: further failures go
/// to the dead letters at once instead of each record waiting through its own backoff.
/// (The per-request limit is `RetryPolicy.maxAttempts`.)
final class RetryBudget: @unchecked Sendable {
  /// How many retries the budget started with.
  let limit: Int
  private let lock = NSLock()
  private var spent = 0

  init(limit: Int) {
    self.limit = max(0, limit)
  }

  /// Takes one retry from the budget; false when none is left (nothing is taken then).
  func consume() -> Bool {
    lock.lock()
    defer { lock.unlock() }
    guard spent < limit else { return false }
    spent += 1
    return true
  }

  /// Retries taken so far.
  var used: Int {
    lock.lock()
    defer { lock.unlock() }
    return spent
  }

  /// Retries still available.
  var remaining: Int { limit - used }
}
