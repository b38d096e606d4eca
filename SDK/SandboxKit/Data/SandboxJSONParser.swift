/// The recursive-descent reader behind `SandboxJSON.parse`: RFC 8259, strictly (no comments,
/// no trailing commas, no leading zeros), with a depth limit so a hostile body can't overflow
/// the stack of a server thread.
struct SandboxJSONParser {
  private let bytes: [UInt8]
  private var position = 0
  private var depth = 0
  private static let maxDepth = 256

  init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// Parses exactly one value, with optional whitespace around it.
  mutating func parseDocument() throws -> SandboxJSON {
    skipWhitespace()
    let value = try parseValue()
    skipWhitespace()
    guard position == bytes.count else { throw error("unexpected text after the value") }
    return value
  }

  private mutating func parseValue() throws -> SandboxJSON {
    guard position < bytes.count else { throw error("unexpected end of document") }
    switch bytes[position] {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
    case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
    case UInt8(ascii: "n"): try expectWord("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
    default: throw error("unexpected character '\(Character(Unicode.Scalar(bytes[position])))'")
    }
  }

  private mutating func parseObject() throws -> SandboxJSON {
    try enter()
    defer { depth -= 1 }
    position += 1
    var members: [SandboxJSON.Member] = []
    skipWhitespace()
    if peek(UInt8(ascii: "}")) {
      position += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard peek(UInt8(ascii: "\"")) else { throw error("expected a member name in quotes") }
      let key = try parseString()
      skipWhitespace()
      guard peek(UInt8(ascii: ":")) else { throw error("expected ':' after member name") }
      position += 1
      skipWhitespace()
      members.append(SandboxJSON.Member(key, try parseValue()))
      skipWhitespace()
      if peek(UInt8(ascii: ",")) {
        position += 1
        continue
      }
      guard peek(UInt8(ascii: "}")) else { throw error("expected ',' or '}' in object") }
      position += 1
      return .object(members)
    }
  }

  private mutating func parseArray() throws -> SandboxJSON {
    try enter()
    defer { depth -= 1 }
    position += 1
    var items: [SandboxJSON] = []
    skipWhitespace()
    if peek(UInt8(ascii: "]")) {
      position += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try parseValue())
      skipWhitespace()
      if peek(UInt8(ascii: ",")) {
        position += 1
        continue
      }
      guard peek(UInt8(ascii: "]")) else { throw error("expected ',' or ']' in array") }
      position += 1
      return .array(items)
    }
  }

  /// Reads a string literal starting at the opening quote, decoding escapes and surrogate pairs.
  private mutating func parseString() throws -> String {
    position += 1
    var buffer: [UInt8] = []
    while position < bytes.count {
      let byte = bytes[position]
      switch byte {
      case UInt8(ascii: "\""):
        position += 1
        return String(decoding: buffer, as: UTF8.self)
      case UInt8(ascii: "\\"):
        position += 1
        guard position < bytes.count else { break }
        let escape = bytes[position]
        position += 1
        switch escape {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"): buffer.append(contentsOf: try parseUnicodeEscape())
        default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
        }
      case 0..<0x20:
        throw error("control character in string; escape it")
      default:
        buffer.append(byte)
        position += 1
      }
    }
    throw error("unterminated string")
  }

  /// Decodes the hex digits after `\u` (and a following low surrogate) to UTF-8.
  private mutating func parseUnicodeEscape() throws -> [UInt8] {
    var value = try hex4()
    if (0xD800...0xDBFF).contains(value) {
      guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
      else { throw error("high surrogate without a low surrogate") }
      position += 2
      let low = try hex4()
      guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate") }
      value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
    } else if (0xDC00...0xDFFF).contains(value) {
      throw error("low surrogate without a high surrogate")
    }
    guard let scalar = Unicode.Scalar(value) else { throw error("invalid code point") }
    return Array(String(Character(scalar)).utf8)
  }

  private mutating func hex4() throws -> UInt32 {
    guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let digit = PercentDecoding.hexValue(bytes[position]) else { throw error("invalid hex digit in \\u escape") }
      value = value << 4 | UInt32(digit)
      position += 1
    }
    return value
  }

  /// Reads a number per the RFC grammar and returns its exact text.
  private mutating func parseNumber() throws -> String {
    let start = position
    if peek(UInt8(ascii: "-")) { position += 1 }
    guard position < bytes.count, isDigit(bytes[position]) else { throw error("expected a digit") }
    if bytes[position] == UInt8(ascii: "0") {
      position += 1
      if position < bytes.count, isDigit(bytes[position]) { throw error("leading zeros are not allowed") }
    } else {
      while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }
    if peek(UInt8(ascii: ".")) {
      position += 1
      guard position < bytes.count, isDigit(bytes[position]) else { throw error("expected a digit after '.'") }
      while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }
    if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
      position += 1
      if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { position += 1 }
      guard position < bytes.count, isDigit(bytes[position]) else { throw error("expected a digit in the exponent") }
      while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }
    return String(decoding: bytes[start..<position], as: UTF8.self)
  }

  private mutating func expectWord(_ word: String) throws {
    for expected in word.utf8 {
      guard position < bytes.count, bytes[position] == expected else { throw error("expected '\(word)'") }
      position += 1
    }
  }

  private mutating func enter() throws {
    depth += 1
    if depth > Self.maxDepth { throw error("nested deeper than \(Self.maxDepth) levels") }
  }

  private mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x09, 0x0A, 0x0D: position += 1
      default: return
      }
    }
  }

  private func peek(_ byte: UInt8) -> Bool {
    position < bytes.count && bytes[position] == byte
  }

  private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private func error(_ reason: String) -> SandboxJSON.ParseError {
    SandboxJSON.ParseError(offset: position, reason: reason)
  }
}
