import Foundation

/// A request a connector asks the host to send on its connection (the Swift side of
/// `mlc_http_request_t`).
struct OutboundRequest: Sendable {
  /// "GET", "POST", "PATCH", "PUT", "DELETE".
  var method: String
  /// A path relative to the connection's base URL, or an absolute URL on an allowed origin.
  var target: String
  /// Percent-encoded query without the "?", or "".
  var query: String
  /// Extra headers; the host adds the auth ones (which win over the plugin's).
  var headers: HeaderList
  var body: [UInt8]
  /// The plugin made resending safe (`MLC_HTTP_IDEMPOTENT`, e.g. a Snowflake `requestId`):
  /// a POST or PATCH may then be resent after a timeout, reset, 5xx or 409.
  var idempotent: Bool
  /// Send without the connection's credentials (`MLC_HTTP_NO_AUTH`).
  var withoutAuth: Bool
  /// Seconds for one attempt; nil for the connection's default.
  var timeout: TimeInterval?

  init(method: String, target: String, query: String = "", headers: HeaderList = HeaderList(),
       body: [UInt8] = [], idempotent: Bool = false, withoutAuth: Bool = false,
       timeout: TimeInterval? = nil) {
    self.method = method.uppercased()
    self.target = target
    self.query = query
    self.headers = headers
    self.body = body
    self.idempotent = idempotent
    self.withoutAuth = withoutAuth
    self.timeout = timeout
  }

  /// True when resending cannot change the outcome: the method is idempotent by HTTP
  /// semantics (RFC 9110 §9.2.2) or the plugin flagged the request.
  var isSafeToResend: Bool {
    idempotent || ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"].contains(method)
  }
}

/// The final response to an `OutboundRequest` (the Swift side of `mlc_http_response_t`).
struct OutboundResponse: Sendable, Equatable {
  var status: Int
  /// Header names lowercased, as the ABI promises.
  var headers: HeaderList
  var body: [UInt8]
  /// Attempts made, 1 when there was no retry.
  var attempts: Int

  /// The body as UTF-8 text.
  var bodyText: String { String(decoding: body, as: UTF8.self) }
}
