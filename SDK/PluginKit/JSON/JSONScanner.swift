/// A strict, byte-level JSON reader over a borrowed buffer: the shared core of
/// `JSONParser` (which builds values) and `RecordFields` (which only picks a few fields).
///
/// Strict means RFC 8259 exactly: no comments, trailing commas, single quotes, leading
/// zeros, bare control characters or invalid UTF-8 inside strings, lone surrogate escapes,
/// or nesting deeper than `maximumDepth`. Values it skips are checked as thoroughly as the
/// ones it decodes, so a record that scans is a record any JSON parser accepts.
///
/// The buffer is borrowed: a scanner must not outlive the call that lent the bytes.
struct JSONScanner {
  /// Nesting deeper than this is refused rather than risking the stack.
  static let maximumDepth = 512

  let bytes: UnsafeRawBufferPointer
  private(set) var position = 0

  init(_ bytes: UnsafeRawBufferPointer) {
    self.bytes = bytes
  }

  var isAtEnd: Bool { position >= bytes.count }

  /// The byte at the current position, or nil at the end.
  var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

  func error(_ reason: String) -> JSONSyntaxError {
    JSONSyntaxError(offset: position, reason: reason)
  }

  mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x09, 0x0A, 0x0D: position += 1
      default: return
      }
    }
  }

  /// Consumes `byte` (after whitespace) or throws naming what was expected.
  mutating func expect(_ byte: UInt8, _ what: String) throws {
    skipWhitespace()
    guard peek == byte else { throw error("expected \(what)") }
    position += 1
  }

  /// Consumes `byte` after whitespace when it is next; returns whether it was.
  mutating func consume(_ byte: UInt8) -> Bool {
    skipWhitespace()
    guard peek == byte else { return false }
    position += 1
    return true
  }

  /// Throws unless only whitespace remains.
  mutating func expectEnd() throws {
    skipWhitespace()
    guard isAtEnd else { throw error("unexpected text after the JSON value") }
  }

  // MARK: Skipping

  /// Checks and skips one value of any kind.
  mutating func skipValue(depth: Int = 0) throws {
    skipWhitespace()
    guard let byte = peek else { throw error("expected a value, found the end of the input") }
    switch byte {
    case UInt8(ascii: "{"):
      guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
      position += 1
      if consume(UInt8(ascii: "}")) { return }
      repeat {
        skipWhitespace()
        guard peek == UInt8(ascii: "\"") else { throw error("expected a string object key") }
        _ = try scanString(decode: false)
        try expect(UInt8(ascii: ":"), "':' after an object key")
        try skipValue(depth: depth + 1)
      } while consume(UInt8(ascii: ","))
      try expect(UInt8(ascii: "}"), "',' or '}' in an object")
    case UInt8(ascii: "["):
      guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
      position += 1
      if consume(UInt8(ascii: "]")) { return }
      repeat {
        try skipValue(depth: depth + 1)
      } while consume(UInt8(ascii: ","))
      try expect(UInt8(ascii: "]"), "',' or ']' in an array")
    case UInt8(ascii: "\""):
      _ = try scanString(decode: false)
    case UInt8(ascii: "t"):
      try scanLiteral("true")
    case UInt8(ascii: "f"):
      try scanLiteral("false")
    case UInt8(ascii: "n"):
      try scanLiteral("null")
    default:
      _ = try scanNumber()
    }
  }

  /// Consumes the literal `true`, `false` or `null`.
  mutating func scanLiteral(_ literal: StaticString) throws {
    let count = literal.utf8CodeUnitCount
    guard position + count <= bytes.count else { throw error("expected \(literal)") }
    for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] {
      throw error("expected \(literal)")
    }
    position += count
  }

  // MARK: Numbers

  /// Consumes a number per the JSON grammar and returns its text.
  mutating func scanNumber() throws -> String {
    let start = position
    if peek == UInt8(ascii: "-") { position += 1 }
    guard let first = peek, isDigit(first) else { throw error("expected a value") }
    position += 1
    if first == UInt8(ascii: "0"), let next = peek, isDigit(next) {
      throw error("a number may not have a leading zero")
    }
    skipDigits()
    if peek == UInt8(ascii: ".") {
      position += 1
      guard let digit = peek, isDigit(digit) else { throw error("expected a digit after '.'") }
      skipDigits()
    }
    if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
      position += 1
      if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
      guard let digit = peek, isDigit(digit) else { throw error("expected a digit in the exponent") }
      skipDigits()
    }
    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
  }

  private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private mutating func skipDigits() {
    while let byte = peek, isDigit(byte) { position += 1 }
  }

  // MARK: Strings

  /// Consumes a string (the current byte must be its opening quote), checking escapes and
  /// UTF-8. Returns its decoded value when `decode` is true, else nil.
  mutating func scanString(decode: Bool) throws -> String? {
    position += 1
    let start = position
    var decoded: [UInt8]? = nil
    var runStart = start
    while true {
      guard position < bytes.count else { throw error("unterminated string") }
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        let tail = UnsafeRawBufferPointer(rebasing: bytes[runStart..<position])
        position += 1
        guard decode else { return nil }
        guard var decoded else { return String(decoding: tail, as: UTF8.self) }
        decoded.append(contentsOf: tail)
        return String(decoding: decoded, as: UTF8.self)
      }
      if byte == UInt8(ascii: "\\") {
        if decode {
          if decoded == nil { decoded = [] }
          decoded?.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<position]))
        }
        let scalar = try scanEscape()
        if decode { decoded?.append(contentsOf: String(Character(scalar)).utf8) }
        runStart = position
        continue
      }
      if byte < 0x20 { throw error("a control character must be escaped inside a string") }
      position += byte < 0x80 ? 1 : try utf8SequenceLength()
    }
  }

  /// Consumes one escape sequence (at its backslash) and returns the scalar it denotes.
  private mutating func scanEscape() throws -> Unicode.Scalar {
    position += 1
    guard let kind = peek else { throw error("unterminated escape sequence") }
    position += 1
    switch kind {
    case UInt8(ascii: "\""): return "\""
    case UInt8(ascii: "\\"): return "\\"
    case UInt8(ascii: "/"): return "/"
    case UInt8(ascii: "b"): return "\u{08}"
    case UInt8(ascii: "f"): return "\u{0C}"
    case UInt8(ascii: "n"): return "\n"
    case UInt8(ascii: "r"): return "\r"
    case UInt8(ascii: "t"): return "\t"
    case UInt8(ascii: "u"):
      let unit = try scanHex4()
      if (0xDC00...0xDFFF).contains(unit) { throw error("a low surrogate escape without a high one") }
      guard (0xD800...0xDBFF).contains(unit) else {
        return Unicode.Scalar(unit) ?? "\u{FFFD}"
      }
      guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
            bytes[position + 1] == UInt8(ascii: "u") else {
        throw error("a high surrogate escape must be followed by a low one")
      }
      position += 2
      let low = try scanHex4()
      guard (0xDC00...0xDFFF).contains(low) else {
        throw error("a high surrogate escape must be followed by a low one")
      }
      let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
      return Unicode.Scalar(value) ?? "\u{FFFD}"
    default:
      position -= 1
      throw error("unknown escape sequence")
    }
  }

  private mutating func scanHex4() throws -> UInt16 {
    guard position + 4 <= bytes.count else { throw error("expected four hex digits after \\u") }
    var value: UInt16 = 0
    for _ in 0..<4 {
      let byte = bytes[position]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw error("expected four hex digits after \\u")
      }
      value = value << 4 | UInt16(digit)
      position += 1
    }
    return value
  }

  /// The length of the well-formed UTF-8 sequence starting at a byte >= 0x80 (RFC 3629:
  /// no overlong forms, no surrogates, nothing above U+10FFFF), or throws.
  private func utf8SequenceLength() throws -> Int {
    let lead = bytes[position]
    let length: Int
    var secondRange: ClosedRange<UInt8> = 0x80...0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: length = 3; secondRange = 0xA0...0xBF
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: length = 3; secondRange = 0x80...0x9F
    case 0xF0: length = 4; secondRange = 0x90...0xBF
    case 0xF1...0xF3: length = 4
    case 0xF4: length = 4; secondRange = 0x80...0x8F
    default: throw error("invalid UTF-8 in a string")
    }
    guard position + length <= bytes.count, secondRange.contains(bytes[position + 1]) else {
      throw error("invalid UTF-8 in a string")
    }
    for offset in 2..<length where !(0x80...0xBF).contains(bytes[position + offset]) {
      throw error("invalid UTF-8 in a string")
    }
    return length
  }
}
