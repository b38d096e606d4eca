/// An error a connector throws to tell the host what went wrong and what the host should
/// do about it: retry later, stop, or ask a person to fix the connection's config.
///
/// The kit catches every error at the C boundary: a `PluginError` becomes the status of
/// its `code` and its message goes to the host (`mlc_host_t.error`) with `retryAfter`;
/// any other error becomes `MLC_FATAL` with its description. Say what failed, where
/// (entity, record key, field) and what to do, e.g.
/// `PluginError.config("generator config: \"count\" must be a positive integer")`.
public struct PluginError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The kind of failure, which decides the status the host sees. A struct rather than an
  /// enum so that kinds can be added without breaking connectors that switch over them.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    fileprivate enum Kind: Hashable, Sendable {
      case retry, fatal, config, unsupported
    }

    fileprivate let kind: Kind

    /// Transient (timeout, rate limit, 5xx): the same call may succeed later. `MLC_RETRY`.
    public static let retry = Code(kind: .retry)
    /// Give up this operation. `MLC_FATAL`.
    public static let fatal = Code(kind: .fatal)
    /// The connection's config or credentials are wrong; a person must fix them.
    /// `MLC_CONFIG_ERROR`.
    public static let config = Code(kind: .config)
    /// This connector does not do that (entity, operation). `MLC_UNSUPPORTED`.
    public static let unsupported = Code(kind: .unsupported)

    public var description: String {
      switch kind {
      case .retry: return "retry"
      case .fatal: return "fatal"
      case .config: return "config"
      case .unsupported: return "unsupported"
      }
    }
  }

  /// What kind of failure this is.
  public let code: Code
  /// The explanation passed to the host.
  public let message: String
  /// For `.retry`: milliseconds after which the call may succeed (0 = unknown).
  public let retryAfterMilliseconds: UInt32
  /// True when the host itself already recorded the reason (a failed `PluginHost.http`
  /// call): the boundary then keeps the host's words instead of replacing them with this
  /// error's more generic message.
  public let explainedByHost: Bool

  /// Creates an error; prefer the `retry`, `fatal`, `config` and `unsupported` shorthands.
  public init(code: Code, message: String, retryAfterMilliseconds: UInt32 = 0,
              explainedByHost: Bool = false) {
    self.code = code
    self.message = message
    self.retryAfterMilliseconds = retryAfterMilliseconds
    self.explainedByHost = explainedByHost
  }

  /// A transient failure; `after` is how many milliseconds to wait (0 = unknown).
  public static func retry(after milliseconds: Int = 0, _ message: String) -> PluginError {
    let clamped = UInt32(clamping: max(milliseconds, 0))
    return PluginError(code: .retry, message: message, retryAfterMilliseconds: clamped)
  }

  /// A failure that ends the operation.
  public static func fatal(_ message: String) -> PluginError {
    PluginError(code: .fatal, message: message)
  }

  /// A config or credentials problem a person must fix.
  public static func config(_ message: String) -> PluginError {
    PluginError(code: .config, message: message)
  }

  /// An entity or operation this connector does not support.
  public static func unsupported(_ message: String) -> PluginError {
    PluginError(code: .unsupported, message: message)
  }

  public var description: String {
    if code == .retry && retryAfterMilliseconds > 0 {
      return "\(message) (retry after \(retryAfterMilliseconds) ms)"
    }
    return message
  }
}
