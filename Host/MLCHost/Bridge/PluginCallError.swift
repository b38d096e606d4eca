import CMLCPlugin

/// A plugin call that returned a status other than MLC_OK, with the plugin's explanation.
struct PluginCallError: Error, CustomStringConvertible {
  let connection: String
  let plugin: String
  let operation: String
  let status: mlc_status
  let message: String
  /// When the plugin said a retry may succeed (MLC_RETRY), in milliseconds; 0 = unknown.
  let retryAfterMilliseconds: UInt32

  var isRetryable: Bool { status == ABI.retry }

  var statusName: String {
    switch status {
    case ABI.retry: return "retry"
    case ABI.fatal: return "fatal"
    case ABI.configError: return "config error"
    case ABI.unsupported: return "unsupported"
    case ABI.notFound: return "not found"
    case ABI.mismatch: return "mismatch"
    default: return "status \(status)"
    }
  }

  var description: String {
    let reason = message.isEmpty ? "the plugin gave no reason (\(statusName))" : message
    return "connection \"\(connection)\" (plugin \(plugin)): \(operation): \(reason)"
  }
}
