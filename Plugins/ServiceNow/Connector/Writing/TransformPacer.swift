import Foundation

/// Learns how long this instance takes to transform asynchronous insertMultiple import
/// sets, so the first status read of the next batch comes when the rows are likely done.
///
/// Every status read of a set that is still `pending` is a call spent on nothing, and the
/// scheduled transform job's latency depends on the instance (SN-DOCS
/// `rest-apis/c_ImportSetAPI.md` only says insertMultiple is asynchronous by default). So
/// the first read of a round waits `firstReadDelay`: nothing on a fresh connection (a
/// synchronous `sys_rest_insert_multiple` entry makes the first immediate read complete,
/// and then the delay stays 0); after a round that found rows pending, the time that round
/// took to see every row done; after a round whose first read was complete, a little less
/// than before, so the pacer follows an instance that got faster. Shared by every batch of
/// one connection; safe to use from several threads.
final class TransformPacer: @unchecked Sendable {
  /// How much of the previous delay a round that was complete at once keeps.
  static let decay = 0.95
  private let lock = NSLock()
  private var expected = 0.0
  private let ceiling: Double

  /// A pacer that never waits longer than `ceiling` seconds before a first read.
  init(ceiling: Double) {
    self.ceiling = ceiling
  }

  /// Seconds to wait after the last insertMultiple of a round before its first status read.
  var firstReadDelay: Double {
    lock.lock()
    defer { lock.unlock() }
    return expected
  }

  /// Records a round: `seconds` from its last insertMultiple to the read that found every
  /// row transformed, and whether its first read still found rows pending.
  func record(seconds: Double, pendingAtFirstRead: Bool) {
    lock.lock()
    defer { lock.unlock() }
    if pendingAtFirstRead {
      expected = min(max(seconds, expected), ceiling)
    } else {
      expected = expected * Self.decay < 0.001 ? 0 : expected * Self.decay
    }
  }
}
