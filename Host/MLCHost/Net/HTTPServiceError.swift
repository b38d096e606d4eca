import Foundation

/// Why `HTTPService.send` produced no response, with what the C bridge needs to report it.
///
/// The message names the connection and the URL, is already redacted, and says what to
/// do. `disposition` is the `mlc_status` family the bridge returns (`retry` → MLC_RETRY
/// with `retryAfter` as `retry_after_ms`, `configError` → MLC_CONFIG_ERROR, `fatal` →
/// MLC_FATAL); the caller turns `retriesExhausted` into a dead letter.
struct HTTPServiceError: Error, CustomStringConvertible {
  /// What went wrong.
  enum Code: String, Sendable {
    /// The target resolved outside the connection's allow-list.
    case egressRefused
    /// Credentials could not be obtained (token endpoint, login, missing secret).
    case authFailed
    /// The per-request attempts or the run's retry budget ran out, or the server asked
    /// to wait longer than one request may.
    case retriesExhausted
    /// A request that is not safe to resend timed out or lost its connection: the
    /// server may or may not have acted on it.
    case outcomeUnknown
    /// Anything else that stops the request (a malformed response).
    case requestFailed
  }

  /// How the C bridge should report it.
  enum Disposition: String, Sendable {
    case retry, fatal, configError
  }

  let code: Code
  let disposition: Disposition
  let connection: String
  /// The resolved URL, or the target as given when it could not be resolved.
  let url: String
  /// The full explanation, redacted.
  let message: String
  /// Attempts made before giving up (0 when none was sent).
  let attempts: Int
  /// The status of the last attempt, when one answered.
  let lastStatus: Int?
  /// When the server said to come back, in seconds from now.
  let retryAfter: TimeInterval?

  var description: String { message }
}
