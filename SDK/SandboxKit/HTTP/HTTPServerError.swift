/// Why an `HTTPServer` could not start: what failed, on which address, and what to do.
public struct HTTPServerError: Error, CustomStringConvertible, Sendable {
  /// The kind of failure; new kinds may be added.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The name of the kind, such as `bind`.
    public let name: String
    /// The host name could not be resolved to an address.
    public static let resolve = Code(name: "resolve")
    /// A socket could not be created, configured or bound.
    public static let bind = Code(name: "bind")
    /// The bound socket could not listen.
    public static let listen = Code(name: "listen")
    /// `start()` was called on a server that is running or was stopped.
    public static let lifecycle = Code(name: "lifecycle")
    /// A thread or pipe for the server could not be created.
    public static let resources = Code(name: "resources")
    public var description: String { name }
  }

  /// The kind of failure.
  public let code: Code
  /// A message that says what failed, where, and what to do.
  public let message: String

  /// Creates an error.
  public init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  public var description: String { "HTTP server \(code): \(message)" }
}
