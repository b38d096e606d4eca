import Foundation

/// How the HTTP service reaches the rest of the host: redaction and debug logging.
///
/// `redact` is applied to every log line and error message the service and its auth
/// profiles produce (the vault's redactor plugs in here). `registerSecret` is told every
/// credential the service derives itself (a Basic header value, a token it obtained, a
/// session cookie, a signed JWT) so the redactor hides those too. `debugLog` receives one
/// line per exchange; nil turns debug logging off and skips formatting the lines.
struct HTTPServiceHooks: Sendable {
  var redact: @Sendable (String) -> String
  var registerSecret: @Sendable (String) -> Void
  var debugLog: (@Sendable (String) -> Void)?

  init(redact: @escaping @Sendable (String) -> String = { $0 },
       registerSecret: @escaping @Sendable (String) -> Void = { _ in },
       debugLog: (@Sendable (String) -> Void)? = nil) {
    self.redact = redact
    self.registerSecret = registerSecret
    self.debugLog = debugLog
  }

  /// Registers a derived secret, ignoring values too short to redact safely (a redactor
  /// replacing "1" everywhere would mangle every line).
  func register(_ secret: String) {
    if secret.count >= 4 { registerSecret(secret) }
  }

  /// Writes a debug line, redacted; the message is built only when logging is on.
  func debug(_ message: @autoclosure () -> String) {
    guard let debugLog else { return }
    debugLog(redact(message()))
  }
}
