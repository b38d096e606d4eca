import CMLCPlugin

/// What happened to one record a sink was asked to write.
public enum Outcome: Int32, Sendable, CaseIterable {
  /// Created in the target.
  case inserted = 1
  /// Existed in the target and was changed.
  case updated = 2
  /// Already up to date in the target, or nothing to do.
  case skipped = 3
  /// Rejected; the message says why. The host keeps the record as a dead letter.
  case failed = 4
  /// A reference cannot be resolved yet (unknown vendor, unmapped GL account); the message
  /// names it. The host retries the record after a mapping is set.
  case held = 5
  /// Not attempted, or failed transiently (a timeout, a 5xx after the host's retries): the
  /// host sends the record again and never dead-letters it for this.
  case retry = 6

  /// The ABI's `mlc_outcome` value.
  var cValue: mlc_outcome { rawValue }
}
