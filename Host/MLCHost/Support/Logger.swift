import Foundation

/// Writes diagnostics to stderr, one line each, with secrets redacted.
///
/// The level comes from `MLC_LOG` (`debug`, `info`, `warn`, `error`; default `warn`) or
/// `--verbose`. Thread-safe: plugins log from their own threads.
final class Logger: @unchecked Sendable {
  enum Level: Int, Comparable, Sendable {
    case debug = 0, info, warn, error
    static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

    init?(name: String) {
      switch name.lowercased() {
      case "debug": self = .debug
      case "info": self = .info
      case "warn", "warning": self = .warn
      case "error": self = .error
      default: return nil
      }
    }

    var label: String { ["debug", "info", "warn", "error"][rawValue] }
  }

  let minimum: Level
  private let lock = NSLock()
  private var redactor: (@Sendable (String) -> String)?
  private let write: @Sendable (String) -> Void

  init(minimum: Level, write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
    self.minimum = minimum
    self.write = write
  }

  /// Installs the function that masks secret values; applied to every line before it is written.
  func setRedactor(_ redactor: @escaping @Sendable (String) -> String) {
    lock.withLock { self.redactor = redactor }
  }

  /// Masks secrets in text that will leave the host some other way (errors, audit rows).
  func redact(_ text: String) -> String {
    let redactor = lock.withLock { self.redactor }
    return redactor?(text) ?? text
  }

  func log(_ level: Level, _ message: @autoclosure () -> String, source: String = "mlc") {
    guard level >= minimum else { return }
    let line = "\(level.label): [\(source)] \(redact(message()))\n"
    lock.withLock { write(line) }
  }
}
