/// One decoded HTTP request, as a handler sees it.
///
/// The server fills every field from the wire; tests and sandboxes can build one directly with
/// `init(method:target:headers:body:)` to call a handler without a socket.
public struct HTTPRequest: Sendable {
  /// The method, upper-cased (`GET`, `POST`, …).
  public var method: String
  /// The percent-decoded path without the query (`/api/v2/odata/EPIC06/Vendors('A B')`).
  public var path: String
  /// The path as it was on the wire, before `?` and before decoding.
  public var rawPath: String
  /// The query string as it was on the wire, after `?` (empty when there is none).
  public var rawQuery: String
  /// The query items, percent-decoded with `+` as space, in the order sent.
  public var query: [(name: String, value: String)]
  /// The header fields, in order; lookups ignore case.
  public var headers: HTTPHeaders
  /// The body bytes, already de-chunked.
  public var body: [UInt8]
  /// The protocol version from the request line: `HTTP/1.1` or `HTTP/1.0`.
  public var version: String
  /// The peer as `address:port` (`127.0.0.1:53122`), or empty when not from a socket.
  public var remoteAddress: String

  /// Creates a request from a request target such as `/x?a=1`, splitting and decoding it as
  /// the server does.
  public init(
    method: String,
    target: String,
    headers: HTTPHeaders = .init(),
    body: [UInt8] = [],
    version: String = "HTTP/1.1",
    remoteAddress: String = ""
  ) {
    let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    self.method = method.uppercased()
    self.rawPath = String(parts[0])
    self.rawQuery = parts.count > 1 ? String(parts[1]) : ""
    self.path = PercentDecoding.decode(rawPath)
    self.query = PercentDecoding.queryItems(rawQuery)
    self.headers = headers
    self.body = body
    self.version = version
    self.remoteAddress = remoteAddress
  }

  /// The first query value named `name` (exact, case-sensitive match), or `nil`.
  ///
  /// Case-sensitive because vendor APIs are: OData's `$filter` is not `$Filter`.
  public func queryValue(_ name: String) -> String? {
    query.first { $0.name == name }?.value
  }

  /// Every query value named `name`, in order (`?id=1&id=2`).
  public func queryValues(_ name: String) -> [String] {
    query.filter { $0.name == name }.map(\.value)
  }

  /// The body decoded as UTF-8; invalid sequences become U+FFFD rather than failing.
  public var bodyText: String {
    String(decoding: body, as: UTF8.self)
  }

  /// Whether the client wants the connection kept open after this request.
  ///
  /// HTTP/1.1 keeps it unless `Connection: close` is sent; HTTP/1.0 closes it unless
  /// `Connection: keep-alive` is sent (RFC 9112 §9.3).
  public var wantsKeepAlive: Bool {
    if headers.hasToken("close", in: "Connection") { return false }
    if version == "HTTP/1.0" { return headers.hasToken("keep-alive", in: "Connection") }
    return true
  }
}
