import Foundation

/// Parses one HTTP/1.x response from bytes fed in chunks of any size, enforcing size limits.
///
/// Pure: no I/O, so every framing rule is tested on byte arrays split at every position.
/// Feed what arrives with `feed(_:)` until it returns true; at end of stream call
/// `finish()`, which completes a body delimited by the close (or throws when the stream
/// ended early). Interim 1xx responses (`100 Continue`) are skipped. Bodies are framed as
/// RFC 9112 §6.3 says: none for HEAD, 1xx, 204 and 304; `Transfer-Encoding: chunked` (its
/// trailers kept apart from the headers); `Content-Length`; else everything up to the close.
/// Strict where one response could be read two ways: folded header lines, a space before
/// the colon, differing `Content-Length` values and bad chunk sizes are errors. Lenient
/// where it costs nothing: bare LF line ends. Errors are `TransportFailure(.other)` naming
/// what was wrong; the transport adds where.
struct HTTPResponseParser {
  /// The sizes a response must stay within.
  struct Limits: Sendable {
    /// Status line, header fields and chunk trailers together.
    var maxHeaderBytes = 64 << 10
    /// The body after any chunked framing is removed.
    var maxBodyBytes = 256 << 20
  }

  /// Where the parser is in the response.
  private enum State: Equatable {
    case statusLine, headers, fixedBody(remaining: Int), chunkSize, chunkData(remaining: Int),
         chunkDataEnd, trailers, untilClose, done
  }

  let limits: Limits
  /// True for a HEAD request, whose response never has a body.
  private let isHead: Bool
  private var state = State.statusLine
  private var line: [UInt8] = []
  private var headerBytes = 0
  /// The body ran to the close, so the connection is gone with it.
  private var delimitedByClose = false

  /// The final status code, once its status line has been read.
  private(set) var status = 0
  /// The protocol version of the final response, e.g. "HTTP/1.1".
  private(set) var version = ""
  /// The final response's header fields, names as sent, in order.
  private(set) var headers = HeaderList()
  /// Fields sent after a chunked body.
  private(set) var trailers = HeaderList()
  private(set) var body: [UInt8] = []
  /// Every byte fed so far, interim responses included.
  private(set) var bytesRead = 0
  /// Bytes that arrived after the response was complete (a server that should not be trusted
  /// with another request on this connection).
  private(set) var bytesAfterResponse = 0

  init(requestMethod: String, limits: Limits = Limits()) {
    self.limits = limits
    isHead = requestMethod == "HEAD"
  }

  /// True once a whole final response has been read.
  var isComplete: Bool { state == .done }

  /// True when the body is delimited by the server closing the connection.
  var readsUntilClose: Bool { state == .untilClose }

  /// Whether the connection may carry another request once this response is complete: not
  /// after HTTP/1.0, `Connection: close`, a close-delimited body or stray extra bytes.
  var allowsReuse: Bool {
    guard isComplete, version == "HTTP/1.1", bytesAfterResponse == 0, !delimitedByClose else { return false }
    return !headers.values("Connection").contains { value in
      value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "close" }
    }
  }

  /// Consumes `bytes`; returns true when the response is complete.
  mutating func feed(_ bytes: ArraySlice<UInt8>) throws(TransportFailure) -> Bool {
    bytesRead += bytes.count
    var index = bytes.startIndex
    while index < bytes.endIndex {
      switch state {
      case .done:
        bytesAfterResponse += bytes.endIndex - index
        return true
      case .fixedBody(let remaining), .chunkData(let remaining):
        let take = min(remaining, bytes.endIndex - index)
        body.append(contentsOf: bytes[index..<index + take])
        index += take
        let left = remaining - take
        if case .chunkData = state {
          state = left == 0 ? .chunkDataEnd : .chunkData(remaining: left)
        } else {
          state = left == 0 ? .done : .fixedBody(remaining: left)
        }
      case .untilClose:
        try checkBody(adding: bytes.endIndex - index)
        body.append(contentsOf: bytes[index...])
        index = bytes.endIndex
      default:
        guard let newline = bytes[index...].firstIndex(of: 10) else {
          try appendToLine(bytes[index...])
          index = bytes.endIndex
          continue
        }
        try appendToLine(bytes[index..<newline])
        index = newline + 1
        if line.last == 13 { line.removeLast() }
        let complete = line
        line.removeAll(keepingCapacity: true)
        try takeLine(complete)
      }
    }
    return state == .done
  }

  /// Feeds a whole array (tests, mostly).
  mutating func feed(_ bytes: [UInt8]) throws(TransportFailure) -> Bool {
    try feed(bytes[...])
  }

  /// Marks the end of the stream: completes a close-delimited body, or throws `connectionLost`
  /// naming how far the response had got.
  mutating func finish() throws(TransportFailure) {
    switch state {
    case .done: return
    case .untilClose: state = .done
    case .statusLine where bytesRead == 0:
      throw TransportFailure(kind: .connectionLost, message: "the connection closed before any response byte arrived")
    case .statusLine, .headers:
      throw TransportFailure(kind: .connectionLost, message: "the connection closed inside the response head")
    case .fixedBody(let remaining):
      throw TransportFailure(kind: .connectionLost, message:
        "the connection closed \(remaining) bytes short of the Content-Length body (\(body.count) bytes read)")
    case .chunkSize, .chunkData, .chunkDataEnd, .trailers:
      throw TransportFailure(kind: .connectionLost, message:
        "the connection closed inside the chunked body (\(body.count) bytes read, no final chunk)")
    }
  }

  /// The parsed response (valid once complete).
  var response: TransportResponse {
    TransportResponse(status: status, headers: headers, body: body)
  }

  private mutating func appendToLine(_ bytes: ArraySlice<UInt8>) throws(TransportFailure) {
    line.append(contentsOf: bytes)
    switch state {
    case .chunkSize, .chunkDataEnd:
      guard line.count <= 1024 else { throw Self.malformed("a chunk-size line is longer than 1024 bytes") }
    default:
      guard headerBytes + line.count <= limits.maxHeaderBytes else {
        throw Self.malformed("the response head is larger than \(limits.maxHeaderBytes) bytes")
      }
    }
  }

  /// Handles one complete line (without its line end) in the current state.
  private mutating func takeLine(_ text: [UInt8]) throws(TransportFailure) {
    switch state {
    case .statusLine:
      headerBytes += text.count + 2
      if text.isEmpty { return }  // a stray line end before the status line
      try parseStatusLine(text)
      state = .headers
    case .headers, .trailers:
      headerBytes += text.count + 2
      guard !text.isEmpty else { return try endOfFields() }
      let field = try Self.parseField(text)
      if state == .trailers { trailers.add(field.name, field.value) } else { headers.add(field.name, field.value) }
    case .chunkSize:
      state = try chunkState(text)
    case .chunkDataEnd:
      guard text.isEmpty else { throw Self.malformed("chunk data is not followed by CRLF") }
      state = .chunkSize
    default:
      break
    }
  }

  private mutating func parseStatusLine(_ text: [UInt8]) throws(TransportFailure) {
    let string = String(decoding: text, as: UTF8.self)
    let parts = string.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
    guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0",
          parts[1].count == 3, let code = Int(parts[1]), (100...599).contains(code) else {
      throw Self.malformed("the status line \"\(string.prefix(80))\" is not \"HTTP/1.1 <3-digit code> <reason>\"")
    }
    version = String(parts[0])
    status = code
    headers = HeaderList()
  }

  /// The blank line after the header fields (or trailers): decides how the body is framed.
  private mutating func endOfFields() throws(TransportFailure) {
    if state == .trailers {
      state = .done
      return
    }
    if status == 101 {
      throw Self.malformed("the server switched protocols (101) though no upgrade was asked for")
    }
    if (100...199).contains(status) {
      state = .statusLine  // an interim response: the final one follows
      return
    }
    if isHead || status == 204 || status == 304 {
      state = .done
      return
    }
    let encodings = headers.values("Transfer-Encoding")
    if !encodings.isEmpty {
      let codings = encodings.joined(separator: ",").split(separator: ",").map {
        $0.trimmingCharacters(in: .whitespaces).lowercased()
      }
      guard codings == ["chunked"] else {
        throw Self.malformed("Transfer-Encoding \"\(encodings.joined(separator: ", "))\" is not supported (only chunked)")
      }
      guard !headers.contains("Content-Length") else {
        throw Self.malformed("both Transfer-Encoding and Content-Length are present")
      }
      state = .chunkSize
      return
    }
    let lengths = Set(headers.values("Content-Length").flatMap { $0.split(separator: ",") }
      .map { $0.trimmingCharacters(in: .whitespaces) })
    guard let text = lengths.first else {
      state = .untilClose
      delimitedByClose = true
      return
    }
    guard lengths.count == 1, !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }),
          let length = Int(text) else {
      throw Self.malformed("Content-Length \"\(lengths.sorted().joined(separator: ", "))\" is not one decimal number")
    }
    try checkBody(adding: length)
    state = length == 0 ? .done : .fixedBody(remaining: length)
  }

  /// The state after a chunk-size line: data of that size, or trailers after the last chunk.
  private mutating func chunkState(_ text: [UInt8]) throws(TransportFailure) -> State {
    let sizeText = String(decoding: text.prefix { $0 != 59 }, as: UTF8.self)  // up to any ";ext"
      .trimmingCharacters(in: .whitespaces)
    guard !sizeText.isEmpty, sizeText.count <= 15, sizeText.allSatisfy(\.isHexDigit),
          let size = Int(sizeText, radix: 16) else {
      throw Self.malformed("the chunk size \"\(sizeText.prefix(20))\" is not a hexadecimal number")
    }
    if size == 0 { return .trailers }
    try checkBody(adding: size)
    return .chunkData(remaining: size)
  }

  private func checkBody(adding count: Int) throws(TransportFailure) {
    guard body.count + count <= limits.maxBodyBytes else {
      throw Self.malformed("the response body is larger than the \(limits.maxBodyBytes >> 20) MiB limit")
    }
  }

  /// `name: value`, with the value's surrounding whitespace removed.
  private static func parseField(_ text: [UInt8]) throws(TransportFailure) -> HeaderList.Field {
    if text.first == 32 || text.first == 9 {
      throw malformed("a header line starts with whitespace (obsolete line folding is not accepted)")
    }
    guard let colon = text.firstIndex(of: 58), colon > 0 else {
      throw malformed("the header line \"\(String(decoding: text.prefix(80), as: UTF8.self))\" has no name and colon")
    }
    let name = text[..<colon]
    guard name.allSatisfy(isTokenByte) else {
      throw malformed("the header name \"\(String(decoding: name.prefix(80), as: UTF8.self))\" has characters a name cannot have")
    }
    let value = String(decoding: text[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
    return HeaderList.Field(name: String(decoding: name, as: UTF8.self), value: value)
  }

  /// RFC 9110 `tchar`: what a header name may contain.
  private static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 48...57, 65...90, 97...122: return true
    default: return tokenPunctuation.contains(byte)
    }
  }

  private static let tokenPunctuation = Set("!#$%&'*+-.^_`|~".utf8)

  private static func malformed(_ what: String) -> TransportFailure {
    TransportFailure(kind: .other, message: "malformed HTTP response: \(what)")
  }
}
