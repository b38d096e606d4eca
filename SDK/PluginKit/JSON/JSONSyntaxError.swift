/// Text that is not valid JSON (RFC 8259), with the byte offset where reading stopped.
public struct JSONSyntaxError: Error, CustomStringConvertible, Equatable, Sendable {
  /// Zero-based offset of the offending byte in the input.
  public let offset: Int
  /// What was wrong there, e.g. "expected ':' after an object key".
  public let reason: String

  /// Creates an error at `offset`.
  public init(offset: Int, reason: String) {
    self.offset = offset
    self.reason = reason
  }

  public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
