/// The final response to an `HTTPRequest`, copied out of the host's memory.
public struct HTTPResponse: Sendable {
  /// The HTTP status code of the final attempt (a 4xx arrives here too, not as an error).
  public var status: Int
  /// How many attempts the host made (1 = no retry).
  public var attempts: Int
  /// Response headers, names lowercased.
  public var headers: [(name: String, value: String)]
  /// The response body.
  public var body: [UInt8]

  /// Creates a response (the kit fills these from the host; tests build their own).
  public init(status: Int, attempts: Int = 1, headers: [(name: String, value: String)] = [],
              body: [UInt8] = []) {
    self.status = status
    self.attempts = attempts
    self.headers = headers
    self.body = body
  }

  /// The first header named `name` (compared case-insensitively), or nil.
  public func header(_ name: String) -> String? {
    let lowered = name.lowercased()
    return headers.first { $0.name.lowercased() == lowered }?.value
  }

  /// The body decoded as UTF-8.
  public var text: String { String(decoding: body, as: UTF8.self) }

  /// Whether the status is 2xx.
  public var isSuccess: Bool { (200..<300).contains(status) }
}
