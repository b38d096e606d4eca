import Foundation

/// Where an `http://` request goes and the bytes of its request line and header section.
///
/// The head carries the request's headers as given, plus `Host` (with the port unless it
/// is 80) when the caller set none, and `Content-Length` whenever there is a body or the
/// method is POST, PUT or PATCH (some servers answer 411 to a body-less POST without it).
/// A caller's own `Content-Length` or `Transfer-Encoding` is dropped: the body is always
/// sent whole, so only the computed length is true. No `Accept-Encoding` is added, since
/// the host cannot decompress, and no `Connection` header: HTTP/1.1 keeps the connection
/// alive by default.
struct HTTPRequestHead: Sendable {
  /// The host as `getaddrinfo` takes it (an IPv6 literal without brackets).
  let host: String
  let port: UInt16
  /// The bytes to write before the body.
  let bytes: [UInt8]

  /// `host:port`, the key connections are pooled under.
  var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

  /// Builds the head for `request`; throws `.other` for a URL that is not `http://host…`
  /// or a header that would break the framing.
  init(_ request: TransportRequest) throws(TransportFailure) {
    let url = request.url
    guard url.scheme?.lowercased() == "http", let host = url.host, !host.isEmpty,
          let parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
      throw TransportFailure(kind: .other, message:
        "\(url.absoluteString) is not an http:// URL with a host; the socket transport sends only plain http")
    }
    let port = url.port ?? 80
    guard (1...65535).contains(port) else {
      throw TransportFailure(kind: .other, message: "\(url.absoluteString) has port \(port), outside 1...65535")
    }
    self.host = host
    self.port = UInt16(port)
    bytes = try Self.encode(request, parts: parts, host: host, port: port)
  }

  /// What URLSession puts on the wire for `request`, approximately: this head's size plus the
  /// body, or 0 when the URL is not one this type can describe (https is encoded the same).
  static func estimatedSize(of request: TransportRequest) -> Int {
    var plain = request
    var parts = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
    parts?.scheme = "http"
    guard let url = parts?.url else { return request.body.count }
    plain.url = url
    return ((try? HTTPRequestHead(plain))?.bytes.count ?? 0) + request.body.count
  }

  private static func encode(_ request: TransportRequest, parts: URLComponents, host: String,
                             port: Int) throws(TransportFailure) -> [UInt8] {
    var path = parts.percentEncodedPath.isEmpty ? "/" : parts.percentEncodedPath
    if let query = parts.percentEncodedQuery { path += "?" + query }
    var text = "\(request.method) \(path) HTTP/1.1\r\n"
    if !request.headers.contains("Host") {
      let name = host.contains(":") ? "[\(host)]" : host
      text += port == 80 ? "Host: \(name)\r\n" : "Host: \(name):\(port)\r\n"
    }
    for field in request.headers {
      let lower = field.name.lowercased()
      if lower == "content-length" || lower == "transfer-encoding" { continue }
      guard !(field.name + field.value).utf8.contains(where: { $0 == 13 || $0 == 10 }) else {
        throw TransportFailure(kind: .other, message:
          "header \"\(field.name)\" of \(request.method) \(request.url.absoluteString) contains a line break; remove it")
      }
      text += "\(field.name): \(field.value)\r\n"
    }
    if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
      text += "Content-Length: \(request.body.count)\r\n"
    }
    text += "\r\n"
    return Array(text.utf8)
  }
}
