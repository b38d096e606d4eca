/// A strict RFC 8259 JSON parser over UTF-8 bytes that keeps object member order and number
/// text, which `JSONSerialization` does not.
///
/// Request bodies come from clients under test, so the parser never traps: malformed input,
/// nesting deeper than `maxDepth` and trailing garbage all end in `JSONParser.Failure` with
/// the byte offset, which the sandbox turns into ServiceNow's "Exception while reading
/// request" answer.
struct JSONParser {
  /// Why a document could not be parsed, and where.
  struct Failure: Error, CustomStringConvertible {
    let offset: Int
    let reason: String
    var description: String { "invalid JSON at byte \(offset): \(reason)" }
  }

  /// Deeper documents are refused rather than risking the thread's stack.
  static let maxDepth = 64

  private let bytes: [UInt8]
  private var index = 0

  /// Parses one complete document from `bytes`.
  static func parse(_ bytes: [UInt8]) throws -> JSONValue {
    var parser = JSONParser(bytes: bytes)
    parser.skipWhitespace()
    let value = try parser.parseValue(depth: 0)
    parser.skipWhitespace()
    guard parser.index == bytes.count else { throw parser.failure("unexpected text after the document") }
    return value
  }

  private init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  private func failure(_ reason: String) -> Failure {
    Failure(offset: index, reason: reason)
  }

  private mutating func skipWhitespace() {
    while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
  }

  /// Parses the value starting at `index`; `depth` counts enclosing containers.
  private mutating func parseValue(depth: Int) throws -> JSONValue {
    guard depth < JSONParser.maxDepth else { throw failure("nesting deeper than \(JSONParser.maxDepth) levels") }
    guard index < bytes.count else { throw failure("unexpected end of input") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject(depth: depth)
    case UInt8(ascii: "["): return try parseArray(depth: depth)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
    case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
    case UInt8(ascii: "n"): try expectLiteral("null"); return .null
    default: return .number(try parseNumber())
    }
  }

  private mutating func expectLiteral(_ literal: String) throws {
    for byte in literal.utf8 {
      guard index < bytes.count, bytes[index] == byte else { throw failure("expected '\(literal)'") }
      index += 1
    }
  }

  /// Parses `{…}`, keeping members in order and repeated names as they come.
  private mutating func parseObject(depth: Int) throws -> JSONValue {
    index += 1
    var members: [(String, JSONValue)] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
      let name = try parseString()
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':' after a member name") }
      index += 1
      skipWhitespace()
      members.append((name, try parseValue(depth: depth + 1)))
      skipWhitespace()
      guard index < bytes.count else { throw failure("unterminated object") }
      if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
      guard bytes[index] == UInt8(ascii: "}") else { throw failure("expected ',' or '}' in an object") }
      index += 1
      return .object(members)
    }
  }

  /// Parses `[…]`.
  private mutating func parseArray(depth: Int) throws -> JSONValue {
    index += 1
    var elements: [JSONValue] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue(depth: depth + 1))
      skipWhitespace()
      guard index < bytes.count else { throw failure("unterminated array") }
      if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
      guard bytes[index] == UInt8(ascii: "]") else { throw failure("expected ',' or ']' in an array") }
      index += 1
      return .array(elements)
    }
  }

  /// Parses a number per the RFC 8259 grammar and returns its text unchanged.
  private mutating func parseNumber() throws -> String {
    let start = index
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard consumeDigits() > 0 else { throw failure("expected a value") }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard consumeDigits() > 0 else { throw failure("expected digits after '.'") }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard consumeDigits() > 0 else { throw failure("expected digits in an exponent") }
    }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  private mutating func consumeDigits() -> Int {
    let start = index
    while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
    return index - start
  }

  /// Parses a string literal; unescaped runs are copied in one step, escapes one by one.
  private mutating func parseString() throws -> String {
    index += 1
    var scalars = String.UnicodeScalarView()
    var runStart = index
    func flushRun(_ parser: JSONParser, upTo end: Int) {
      scalars.append(contentsOf: String(decoding: parser.bytes[runStart..<end], as: UTF8.self).unicodeScalars)
    }
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        flushRun(self, upTo: index)
        index += 1
        return String(scalars)
      }
      guard byte >= 0x20 else { throw failure("control character inside a string") }
      if byte != UInt8(ascii: "\\") {
        index += 1
        continue
      }
      flushRun(self, upTo: index)
      index += 1
      scalars.append(try parseEscape())
      runStart = index
    }
    throw failure("unterminated string")
  }

  /// Decodes one escape after its backslash; `\u` pairs become one scalar, lone surrogates U+FFFD.
  private mutating func parseEscape() throws -> Unicode.Scalar {
    guard index < bytes.count else { throw failure("unterminated escape") }
    let byte = bytes[index]
    index += 1
    switch byte {
    case UInt8(ascii: "\""): return "\""
    case UInt8(ascii: "\\"): return "\\"
    case UInt8(ascii: "/"): return "/"
    case UInt8(ascii: "b"): return "\u{08}"
    case UInt8(ascii: "f"): return "\u{0C}"
    case UInt8(ascii: "n"): return "\n"
    case UInt8(ascii: "r"): return "\r"
    case UInt8(ascii: "t"): return "\t"
    case UInt8(ascii: "u"):
      let high = try parseHex4()
      if (0xD800..<0xDC00).contains(high), index + 1 < bytes.count,
         bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
        index += 2
        let low = try parseHex4()
        if (0xDC00..<0xE000).contains(low),
           let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) {
          return scalar
        }
        return "\u{FFFD}"
      }
      return Unicode.Scalar(high) ?? "\u{FFFD}"
    default:
      throw failure("unknown escape '\\\(Character(Unicode.Scalar(byte)))'")
    }
  }

  /// Reads the four hex digits of a `\u` escape.
  private mutating func parseHex4() throws -> UInt32 {
    guard index + 4 <= bytes.count else { throw failure("truncated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw failure("bad hex digit in a \\u escape")
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }
}
