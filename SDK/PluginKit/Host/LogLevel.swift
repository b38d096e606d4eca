import CMLCPlugin

/// How important a log line is; the ABI's `mlc_log_level`.
public enum LogLevel: Int32, Sendable, CaseIterable {
  /// Detail for diagnosing a problem.
  case debug = 0
  /// Normal progress worth recording.
  case info = 1
  /// Something unexpected that did not stop the work.
  case warn = 2
  /// A failure.
  case error = 3

  /// The ABI's `mlc_log_level` value.
  var cValue: mlc_log_level { rawValue }
}
