/// Parses HTTP/1.x requests from a `ByteSource`, enforcing the server's size limits.
///
/// Strict where leniency lets one request be read two ways (request smuggling): a header name
/// followed by whitespace, folded header lines, both `Content-Length` and `Transfer-Encoding`,
/// differing `Content-Length` values and bad chunk sizes are all 400, as RFC 9112 asks.
/// Lenient where it costs nothing: bare LF line ends and empty lines before a request line.
/// Reading is split into head, framing and body so the connection can answer
/// `Expect: 100-continue` between them.
struct HTTPDecoder {
  /// The limits a request must stay within.
  struct Limits {
    var maxRequestLineBytes: Int
    var maxHeaderBytes: Int
    var maxHeaderCount: Int
    var maxBodyBytes: Int
  }

  /// The request line and header section of one request.
  struct Head {
    var method: String
    var target: String
    var version: String
    var headers: HTTPHeaders
  }

  /// How the body of a request is delimited (RFC 9112 §6.3).
  enum Framing: Equatable {
    case none
    case length(Int)
    case chunked
  }

  let limits: Limits

  /// Reads the request line and the header fields.
  func readHead<Source: ByteSource>(from source: inout Source) throws -> Head {
    var line = try readRequestLine(from: &source)
    let (method, target, version) = try parseRequestLine(line)
    var headers = HTTPHeaders()
    var used = 0
    while true {
      let tooLarge = HTTPRequestError.headersTooLarge("header section is larger than \(limits.maxHeaderBytes) bytes")
      line = try source.readLine(limit: max(0, limits.maxHeaderBytes - used), tooLong: tooLarge)
      if line.isEmpty { break }
      used += line.count + 2
      guard used <= limits.maxHeaderBytes else { throw tooLarge }
      guard headers.count < limits.maxHeaderCount else {
        throw HTTPRequestError.headersTooLarge("more than \(limits.maxHeaderCount) header fields")
      }
      let field = try parseField(line)
      headers.add(field.name, field.value)
    }
    let hosts = headers.all("Host").count
    if hosts > 1 || (hosts == 0 && version == "HTTP/1.1") {
      throw HTTPRequestError.malformed("an HTTP/1.1 request needs exactly one Host header, found \(hosts)")
    }
    return Head(method: method, target: target, version: version, headers: headers)
  }

  /// Decides how the body is delimited, rejecting ambiguous or oversized framing before any
  /// body byte is read.
  func framing(of head: Head) throws -> Framing {
    let encodings = head.headers.all("Transfer-Encoding")
    let lengths = head.headers.all("Content-Length")
    if !encodings.isEmpty {
      guard lengths.isEmpty else {
        throw HTTPRequestError.malformed("both Transfer-Encoding and Content-Length are present; send only one")
      }
      guard head.version == "HTTP/1.1" else {
        throw HTTPRequestError.malformed("Transfer-Encoding is not allowed in an HTTP/1.0 request")
      }
      let codings = encodings.joined(separator: ",").split(separator: ",").map {
        $0.trimmingASCIIWhitespace().lowercased()
      }
      guard codings == ["chunked"] else {
        throw HTTPRequestError.unsupportedTransferEncoding(encodings.joined(separator: ", "))
      }
      return .chunked
    }
    guard !lengths.isEmpty else { return .none }
    let values = Set(lengths.joined(separator: ",").split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingASCIIWhitespace()
    })
    guard values.count == 1, let text = values.first, !text.isEmpty,
          text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
      throw HTTPRequestError.malformed("invalid Content-Length '\(lengths.joined(separator: ", "))'")
    }
    guard text.count <= 18, let length = Int(text), length <= limits.maxBodyBytes else {
      throw HTTPRequestError.bodyTooLarge(limit: limits.maxBodyBytes)
    }
    return length == 0 ? .none : .length(length)
  }

  /// Whether the client waits for `100 Continue` before sending the body.
  ///
  /// HTTP/1.0 clients can't know the interim status, so their `Expect` is ignored
  /// (RFC 9110 §10.1.1); any expectation other than `100-continue` is 417.
  func expectsContinue(_ head: Head) throws -> Bool {
    guard head.version == "HTTP/1.1", let expect = head.headers["Expect"] else { return false }
    guard expect.trimmingASCIIWhitespace().lowercased() == "100-continue" else {
      throw HTTPRequestError.unsupportedExpectation(expect)
    }
    return true
  }

  /// Reads the body as framed, de-chunking it and skipping trailer fields.
  func readBody<Source: ByteSource>(_ framing: Framing, from source: inout Source) throws -> [UInt8] {
    switch framing {
    case .none:
      return []
    case .length(let count):
      var body: [UInt8] = []
      body.reserveCapacity(min(count, 1 << 20))
      try source.read(count, into: &body)
      return body
    case .chunked:
      return try readChunked(from: &source)
    }
  }

  /// Builds the request a handler sees from a head and its body.
  func makeRequest(_ head: Head, body: [UInt8], remoteAddress: String) -> HTTPRequest {
    HTTPRequest(method: head.method, target: head.target, headers: head.headers, body: body,
                version: head.version, remoteAddress: remoteAddress)
  }

  /// Reads the request line, skipping a few empty lines that some clients send after a body.
  private func readRequestLine<Source: ByteSource>(from source: inout Source) throws -> [UInt8] {
    let tooLong = HTTPRequestError.headersTooLarge("request line is longer than \(limits.maxRequestLineBytes) bytes")
    for _ in 0..<4 {
      let line = try source.readLine(limit: limits.maxRequestLineBytes, tooLong: tooLong)
      if !line.isEmpty { return line }
    }
    throw HTTPRequestError.malformed("expected a request line, got empty lines")
  }

  /// Splits `method SP target SP version` and validates each part.
  private func parseRequestLine(_ line: [UInt8]) throws -> (String, String, String) {
    let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
    guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
      throw HTTPRequestError.malformed("request line must be 'METHOD target HTTP/1.1'")
    }
    guard parts[0].allSatisfy(HTTPSyntax.isTokenByte) else {
      throw HTTPRequestError.malformed("method contains characters not allowed in a token")
    }
    guard parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
      throw HTTPRequestError.malformed("request target contains spaces, control or non-ASCII bytes; percent-encode them")
    }
    let version = String(decoding: parts[2], as: UTF8.self)
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
      let isVersion = parts[2].count == 8 && version.hasPrefix("HTTP/")
        && HTTPSyntax.isDigit(parts[2][parts[2].startIndex + 5]) && parts[2][parts[2].startIndex + 6] == UInt8(ascii: ".")
        && HTTPSyntax.isDigit(parts[2][parts[2].startIndex + 7])
      if isVersion { throw HTTPRequestError.unsupportedVersion(version) }
      throw HTTPRequestError.malformed("invalid protocol version in the request line")
    }
    let method = String(decoding: parts[0], as: UTF8.self).uppercased()
    return (method, try originForm(String(decoding: parts[1], as: UTF8.self), method: method), version)
  }

  /// Reduces the request target to origin form (`/path?query`), accepting absolute form
  /// (`http://host/path`), which RFC 9112 §3.2.2 says servers must accept.
  private func originForm(_ target: String, method: String) throws -> String {
    if target.hasPrefix("/") { return target }
    if target == "*" && method == "OPTIONS" { return target }
    let lower = target.lowercased()
    for scheme in ["http://", "https://"] where lower.hasPrefix(scheme) {
      let rest = target.dropFirst(scheme.count)
      guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
      return rest[slash] == "/" ? String(rest[slash...]) : "/" + rest[slash...]
    }
    throw HTTPRequestError.malformed("request target must start with '/'")
  }

  /// Parses `name: value`, rejecting whitespace before the colon, folding and control bytes.
  private func parseField(_ line: [UInt8]) throws -> (name: String, value: String) {
    guard line[0] != UInt8(ascii: " ") && line[0] != UInt8(ascii: "\t") else {
      throw HTTPRequestError.malformed("folded header lines are not allowed")
    }
    guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0,
          line[..<colon].allSatisfy(HTTPSyntax.isTokenByte) else {
      throw HTTPRequestError.malformed("header line is not 'Name: value'")
    }
    var valueStart = colon + 1
    var valueEnd = line.count
    while valueStart < valueEnd, HTTPSyntax.isBlank(line[valueStart]) { valueStart += 1 }
    while valueEnd > valueStart, HTTPSyntax.isBlank(line[valueEnd - 1]) { valueEnd -= 1 }
    let value = line[valueStart..<valueEnd]
    guard value.allSatisfy({ $0 >= 0x20 && $0 != 0x7F || $0 == UInt8(ascii: "\t") }) else {
      throw HTTPRequestError.malformed("header value contains control characters")
    }
    return (String(decoding: line[..<colon], as: UTF8.self), String(decoding: value, as: UTF8.self))
  }

  /// Reads `size[;ext] CRLF data CRLF` chunks up to the zero chunk, then skips trailers.
  private func readChunked<Source: ByteSource>(from source: inout Source) throws -> [UInt8] {
    var body: [UInt8] = []
    let sizeTooLong = HTTPRequestError.malformed("chunk size line is too long")
    while true {
      let line = try source.readLine(limit: 1024, tooLong: sizeTooLong)
      let sizeText = line.prefix { $0 != UInt8(ascii: ";") }.trimmingBlanks()
      guard !sizeText.isEmpty, sizeText.count <= 16, let size = Int(String(decoding: sizeText, as: UTF8.self), radix: 16),
            sizeText.allSatisfy({ PercentDecoding.hexValue($0) != nil }) else {
        throw HTTPRequestError.malformed("invalid chunk size '\(String(decoding: sizeText.prefix(20), as: UTF8.self))'")
      }
      if size == 0 { break }
      guard size <= limits.maxBodyBytes - body.count else {
        throw HTTPRequestError.bodyTooLarge(limit: limits.maxBodyBytes)
      }
      try source.read(size, into: &body)
      let end = try source.readLine(limit: 0, tooLong: HTTPRequestError.malformed("chunk data is longer than its size"))
      guard end.isEmpty else { throw HTTPRequestError.malformed("chunk data is longer than its size") }
    }
    var used = 0
    let tooLarge = HTTPRequestError.headersTooLarge("trailer section is larger than \(limits.maxHeaderBytes) bytes")
    while true {
      let trailer = try source.readLine(limit: max(0, limits.maxHeaderBytes - used), tooLong: tooLarge)
      if trailer.isEmpty { return body }
      used += trailer.count + 2
      guard used <= limits.maxHeaderBytes else { throw tooLarge }
    }
  }
}
