import Glibc

/// A forward-only JSON tokenizer over borrowed bytes, strict per RFC 8259, used by
/// `RecordEnvelope` to validate records and pull out a handful of fields.
struct JSONScanner {
  private let bytes: UnsafeRawBufferPointer
  private(set) var index = 0
  /// Nesting deeper than this is refused rather than risking the stack.
  static let maxDepth = 64

  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  var atEnd: Bool { index >= bytes.count }
  func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }
  mutating func advance() { index += 1 }

  func failure(_ reason: String) -> RecordEnvelope.Malformed {
    RecordEnvelope.Malformed(offset: index, reason: reason)
  }

  mutating func take() throws -> UInt8 {
    guard index < bytes.count else { throw failure("unexpected end of record") }
    defer { index += 1 }
    return bytes[index]
  }

  mutating func expect(_ byte: UInt8, _ reason: String) throws {
    guard try take() == byte else { index -= 1; throw failure(reason) }
  }

  mutating func skipWhitespace() throws {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  /// Reads a string value for a known envelope field; `null` reads as absent.
  mutating func readStringValue(field: String) throws -> String? {
    if peek() == UInt8(ascii: "n") { try skipLiteral("null"); return nil }
    guard peek() == UInt8(ascii: "\"") else { throw failure("\"\(field)\" must be a string") }
    return try readString()
  }

  /// Reads `refs`: an object whose string members are references; other members are skipped.
  mutating func readRefs() throws -> [RecordEnvelope.Reference] {
    if peek() == UInt8(ascii: "n") { try skipLiteral("null"); return [] }
    try expect(UInt8(ascii: "{"), "\"refs\" must be an object")
    var refs: [RecordEnvelope.Reference] = []
    try skipWhitespace()
    if peek() == UInt8(ascii: "}") { advance(); return refs }
    while true {
      try skipWhitespace()
      let name = try readString()
      try skipWhitespace()
      try expect(UInt8(ascii: ":"), "expected ':' in \"refs\"")
      try skipWhitespace()
      if peek() == UInt8(ascii: "\"") {
        refs.append(RecordEnvelope.Reference(name: name, key: try readString()))
      } else {
        try skipValue(depth: 2)
      }
      try skipWhitespace()
      let next = try take()
      if next == UInt8(ascii: "}") { return refs }
      if next != UInt8(ascii: ",") { throw failure("expected ',' or '}' in \"refs\"") }
    }
  }

  /// Reads a JSON string (the scanner is on its opening quote) and returns it unescaped.
  mutating func readString() throws -> String {
    try expect(UInt8(ascii: "\""), "expected a string")
    let start = index
    let hasEscapes = try scanStringBody()
    let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
    index += 1
    guard hasEscapes else {
      // ASCII needs no validation; `String(validating:)` is generic and looks its type
      // metadata up on every call, which costs more than the check for short strings.
      if Self.isASCII(raw) { return String(decoding: raw, as: UTF8.self) }
      guard let text = String(validating: raw, as: UTF8.self) else { throw failure("string is not valid UTF-8") }
      return text
    }
    return try Self.unescape(raw, at: start)
  }

  /// Reads an object key (the scanner is on its opening quote) and tells whether it is
  /// exactly `name`, without building a String: a record's top-level keys are compared on
  /// every record.
  mutating func readKey(matching names: [StaticString]) throws -> Int? {
    try expect(UInt8(ascii: "\""), "expected a string")
    let start = index
    let hasEscapes = try scanStringBody()
    let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
    index += 1
    if hasEscapes {
      let text = try Self.unescape(raw, at: start)
      return names.firstIndex { $0.description == text }
    }
    return names.firstIndex { name in
      name.utf8CodeUnitCount == raw.count && memcmp(raw.baseAddress!, name.utf8Start, raw.count) == 0
    }
  }

  private static func isASCII(_ raw: UnsafeRawBufferPointer) -> Bool {
    var combined: UInt8 = 0
    for byte in raw { combined |= byte }
    return combined < 0x80
  }

  /// Advances to the closing quote of a string whose opening quote was consumed, validating
  /// escapes and refusing raw control characters. Returns whether it saw an escape. The
  /// plain-byte loop is the hot path of every record: most of a record's bytes are text.
  private mutating func scanStringBody() throws -> Bool {
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { throw failure("unterminated string") }
    let count = bytes.count
    var i = index
    var hasEscapes = false
    while true {
      // Eight bytes at a time while none is a quote, a backslash or a control character
      // (the classic "has zero byte"/"has byte less than" word tricks; a false alarm only
      // follows a true one, and the byte loop below sorts it out).
      while i + 8 <= count {
        let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
        if special & highs != 0 { break }
        i += 8
      }
      while i < count {
        let byte = base[i]
        if byte == 0x22 || byte == 0x5C || byte < 0x20 { break }
        i += 1
      }
      guard i < count else { index = i; throw failure("unterminated string") }
      let byte = base[i]
      if byte == 0x22 { index = i; return hasEscapes }
      if byte < 0x20 { index = i; throw failure("control character in a string") }
      hasEscapes = true
      i += 1
      guard i < count else { index = i; throw failure("unterminated escape") }
      switch base[i] {
      case UInt8(ascii: "u"):
        guard i + 4 < count, (1...4).allSatisfy({ Self.hexValue(base[i + $0]) != nil }) else { index = i; throw failure("bad \\u escape") }
        i += 5
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
        i += 1
      default:
        index = i
        throw failure("bad escape character")
      }
    }
  }

  /// Skips any JSON value, validating it.
  mutating func skipValue(depth: Int) throws {
    guard depth <= Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth)") }
    guard let byte = peek() else { throw failure("unexpected end of record") }
    switch byte {
    case UInt8(ascii: "\""): _ = try skipString()
    case UInt8(ascii: "{"): try skipContainer(close: UInt8(ascii: "}"), keyed: true, depth: depth)
    case UInt8(ascii: "["): try skipContainer(close: UInt8(ascii: "]"), keyed: false, depth: depth)
    case UInt8(ascii: "t"): try skipLiteral("true")
    case UInt8(ascii: "f"): try skipLiteral("false")
    case UInt8(ascii: "n"): try skipLiteral("null")
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
    default: throw failure("unexpected character")
    }
  }

  private mutating func skipContainer(close: UInt8, keyed: Bool, depth: Int) throws {
    advance()
    try skipWhitespace()
    if peek() == close { advance(); return }
    while true {
      try skipWhitespace()
      if keyed {
        guard peek() == UInt8(ascii: "\"") else { throw failure("expected an object key") }
        _ = try skipString()
        try skipWhitespace()
        try expect(UInt8(ascii: ":"), "expected ':' after an object key")
        try skipWhitespace()
      }
      try skipValue(depth: depth + 1)
      try skipWhitespace()
      let next = try take()
      if next == close { return }
      if next != UInt8(ascii: ",") { throw failure("expected ',' or a closing bracket") }
    }
  }

  /// Skips a string, validating escapes; UTF-8 validity of skipped strings is the sink's concern.
  private mutating func skipString() throws {
    advance()
    _ = try scanStringBody()
    index += 1
  }

  private mutating func skipLiteral(_ literal: StaticString) throws {
    let count = literal.utf8CodeUnitCount
    guard index + count <= bytes.count,
      memcmp(bytes.baseAddress! + index, literal.utf8Start, count) == 0
    else { throw failure("unexpected character") }
    index += count
  }

  private mutating func skipNumber() throws {
    let start = index
    if peek() == UInt8(ascii: "-") { advance() }
    guard let first = peek(), Self.isDigit(first) else { throw failure("bad number") }
    advance()
    if first != UInt8(ascii: "0") { while let b = peek(), Self.isDigit(b) { advance() } }
    if peek() == UInt8(ascii: ".") {
      advance()
      guard let b = peek(), Self.isDigit(b) else { throw failure("bad number") }
      while let b = peek(), Self.isDigit(b) { advance() }
    }
    if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
      advance()
      if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { advance() }
      guard let b = peek(), Self.isDigit(b) else { throw failure("bad number") }
      while let b = peek(), Self.isDigit(b) { advance() }
    }
    if index == start { throw failure("bad number") }
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  private static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case 0x30...0x39: return UInt32(byte - 0x30)
    case 0x41...0x46: return UInt32(byte - 0x41 + 10)
    case 0x61...0x66: return UInt32(byte - 0x61 + 10)
    default: return nil
    }
  }

  /// Decodes escapes (already validated) including surrogate pairs.
  private static func unescape(_ raw: UnsafeRawBufferPointer, at offset: Int) throws -> String {
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var i = 0
    func hex4(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 << 4 | hexValue(raw[at + $1])! } }
    while i < raw.count {
      let byte = raw[i]
      guard byte == UInt8(ascii: "\\") else { out.append(byte); i += 1; continue }
      let kind = raw[i + 1]
      i += 2
      switch kind {
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = hex4(i)
        i += 4
        if (0xD800...0xDBFF).contains(scalar), i + 5 < raw.count, raw[i] == UInt8(ascii: "\\"),
          raw[i + 1] == UInt8(ascii: "u")
        {
          let low = hex4(i + 2)
          if (0xDC00...0xDFFF).contains(low) {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            i += 6
          }
        }
        let value = Unicode.Scalar(scalar) ?? "\u{FFFD}"
        out.append(contentsOf: Array(String(Character(value)).utf8))
      default: out.append(kind)
      }
    }
    guard let text = String(validating: out, as: UTF8.self) else {
      throw RecordEnvelope.Malformed(offset: offset, reason: "string is not valid UTF-8")
    }
    return text
  }
}
