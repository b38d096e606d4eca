#if canImport(Glibc)
import Glibc
#endif

/// Serializes responses, owning the framing so no handler output can corrupt the stream.
///
/// The encoder always writes `Content-Length` itself and drops any `Content-Length`,
/// `Transfer-Encoding` or `Connection` a handler set, and adds `Date` unless the handler set
/// one (a sandbox may simulate a vendor's clock); it skips fields whose names are not
/// tokens and replaces CR and LF in values, so a header value taken from a request can't
/// inject a second response (response splitting).
enum HTTPEncoder {
  /// The interim answer to `Expect: 100-continue`.
  static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

  /// Fields the encoder writes itself.
  private static let framingFields: Set<String> = ["content-length", "transfer-encoding", "connection"]

  /// Encodes `response` as bytes ready to send.
  ///
  /// - Parameters:
  ///   - headOnly: the request was `HEAD`: send the headers with the body's length, no body.
  ///   - closing: the connection closes after this response; adds `Connection: close`.
  ///   - keepAliveHTTP10: the client is HTTP/1.0 and asked for keep-alive; adds
  ///     `Connection: keep-alive`, which it needs to see to reuse the connection.
  static func encode(_ response: HTTPResponse, headOnly: Bool, closing: Bool, keepAliveHTTP10: Bool = false) -> [UInt8] {
    let status = (200...599).contains(response.status) ? response.status : 500
    // 204 and 304 never have a body (RFC 9110 §15.3.5, §15.4.5), and 204 has no length.
    let bodyless = status == 204 || status == 304
    var head = "HTTP/1.1 \(status) \(HTTPStatus.reasonPhrase(status))\r\n"
    for field in response.headers where !framingFields.contains(field.name.lowercased()) {
      guard HTTPSyntax.isToken(field.name) else { continue }
      head += field.name + ": " + sanitized(field.value) + "\r\n"
    }
    if status != 204 {
      head += "Content-Length: \(bodyless ? 0 : response.body.count)\r\n"
    }
    if !response.headers.contains("Date") {
      head += "Date: \(httpDate())\r\n"
    }
    if closing {
      head += "Connection: close\r\n"
    } else if keepAliveHTTP10 {
      head += "Connection: keep-alive\r\n"
    }
    head += "\r\n"
    var bytes = Array(head.utf8)
    if !headOnly && !bodyless {
      bytes.append(contentsOf: response.body)
    }
    return bytes
  }

  /// The server's own answer to a request it could not read: a plain-text reason, then close.
  static func errorResponse(_ error: HTTPRequestError) -> HTTPResponse {
    var response = HTTPResponse.text(error.status ?? 400, error.description + "\n")
    response.closesConnection = true
    return response
  }

  /// `value` with CR, LF and NUL replaced by spaces.
  private static func sanitized(_ value: String) -> String {
    guard value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else { return value }
    return String(decoding: value.utf8.map { $0 == 13 || $0 == 10 || $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
  }

  /// The current time as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 9110 §5.6.7.
  static func httpDate(_ seconds: time_t = time(nil)) -> String {
    var clock = seconds
    var parts = tm()
    gmtime_r(&clock, &parts)
    let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
      + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
  }
}
