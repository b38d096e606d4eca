import CMLCPlugin

/// Where Swift errors stop: runs connector code for a C thunk and turns whatever it
/// throws into an `mlc_status`, explaining it to the host through `mlc_host_t.error`.
///
/// A `throw` must never reach a C frame (it cannot unwind through one), and a trap would
/// take the host down, so every thunk goes through here and nothing here force-unwraps.
enum Boundary {
  /// Runs `body` for `operation` of instance `name`; returns `MLC_OK` when it returns,
  /// otherwise the mapped status after reporting the error. `open` may only fail with
  /// `MLC_CONFIG_ERROR` or `MLC_FATAL` (the header says so), so there retry and
  /// unsupported become fatal.
  static func run(_ host: PluginHost, name: String, operation: String,
                  _ body: () throws -> Void) -> mlc_status {
    do {
      try body()
      return mlc_status(MLC_OK)
    } catch let error as PluginError {
      var status = self.status(for: error.code)
      if operation == "open" && status != mlc_status(MLC_CONFIG_ERROR) {
        status = mlc_status(MLC_FATAL)
      }
      if !error.explainedByHost {
        host.reportError(error.message, retryAfterMilliseconds: error.retryAfterMilliseconds)
      }
      return status
    } catch {
      host.reportError("\(name) \(operation): \(String(describing: error))", retryAfterMilliseconds: 0)
      return mlc_status(MLC_FATAL)
    }
  }

  /// The status the host sees for an error code.
  static func status(for code: PluginError.Code) -> mlc_status {
    switch code {
    case .retry: return mlc_status(MLC_RETRY)
    case .config: return mlc_status(MLC_CONFIG_ERROR)
    case .unsupported: return mlc_status(MLC_UNSUPPORTED)
    default: return mlc_status(MLC_FATAL)
    }
  }
}
