/// An HTTP request a connector asks the host to send on its connection.
///
/// The host resolves `target` against the connection's base URL (and refuses any other
/// host), attaches credentials, applies timeouts, rate limits and retries.
public struct HTTPRequest: Sendable {
  /// `"GET"`, `"POST"`, `"PATCH"`, `"PUT"` or `"DELETE"`.
  public var method: String
  /// A path relative to the connection's base URL (`"api/v2/odata/EPIC06/…"`), or an
  /// absolute URL on the connection's host.
  public var target: String
  /// The percent-encoded query without the `?`, or empty.
  public var query: String
  /// Extra headers; the host adds the auth ones.
  public var headers: [(name: String, value: String)]
  /// The request body, or empty.
  public var body: [UInt8]
  /// Send without the connection's credentials (a public token endpoint, say).
  public var withoutAuth: Bool
  /// The connector made this POST/PATCH safe to resend after a timeout or reset.
  public var idempotent: Bool
  /// Total time for one attempt in milliseconds; 0 = the connection's default.
  public var timeoutMilliseconds: UInt32

  /// Creates a request.
  public init(method: String = "GET", target: String, query: String = "",
              headers: [(name: String, value: String)] = [], body: [UInt8] = [],
              withoutAuth: Bool = false, idempotent: Bool = false, timeoutMilliseconds: UInt32 = 0) {
    self.method = method
    self.target = target
    self.query = query
    self.headers = headers
    self.body = body
    self.withoutAuth = withoutAuth
    self.idempotent = idempotent
    self.timeoutMilliseconds = timeoutMilliseconds
  }
}
