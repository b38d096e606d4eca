import CMLCPlugin

/// How important a log line is; the ABI's `mlc_log_level`.
public enum LogLevel: Int32, Sendable, CaseIterable {
  case debug = 0
  case info = 1
  case warn = 2
  case error = 3

  var cValue: mlc_log_level { rawValue }
}
