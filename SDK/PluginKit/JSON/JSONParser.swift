/// Parses a whole JSON document into a `JSONValue`, strictly (see `JSONScanner`), and
/// refuses objects that repeat a member name: which of two `"count"` values a user meant
/// cannot be guessed.
enum JSONParser {
  /// Parses exactly one value, allowing surrounding whitespace only.
  static func parse(_ bytes: UnsafeRawBufferPointer) throws -> JSONValue {
    var scanner = JSONScanner(bytes)
    let value = try parseValue(&scanner, depth: 0)
    try scanner.expectEnd()
    return value
  }

  private static func parseValue(_ scanner: inout JSONScanner, depth: Int) throws -> JSONValue {
    scanner.skipWhitespace()
    guard let byte = scanner.peek else {
      throw scanner.error("expected a value, found the end of the input")
    }
    switch byte {
    case UInt8(ascii: "{"):
      return try parseObject(&scanner, depth: depth)
    case UInt8(ascii: "["):
      return try parseArray(&scanner, depth: depth)
    case UInt8(ascii: "\""):
      return .string(try scanner.scanString(decode: true) ?? "")
    case UInt8(ascii: "t"):
      try scanner.scanLiteral("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try scanner.scanLiteral("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try scanner.scanLiteral("null")
      return .null
    default:
      return .number(try scanner.scanNumber())
    }
  }

  private static func parseObject(_ scanner: inout JSONScanner, depth: Int) throws -> JSONValue {
    guard depth < JSONScanner.maximumDepth else {
      throw scanner.error("nesting deeper than \(JSONScanner.maximumDepth)")
    }
    try scanner.expect(UInt8(ascii: "{"), "'{'")
    var members: [String: JSONValue] = [:]
    if scanner.consume(UInt8(ascii: "}")) { return .object(members) }
    repeat {
      scanner.skipWhitespace()
      guard scanner.peek == UInt8(ascii: "\"") else { throw scanner.error("expected a string object key") }
      let keyOffset = scanner.position
      let name = try scanner.scanString(decode: true) ?? ""
      try scanner.expect(UInt8(ascii: ":"), "':' after an object key")
      let value = try parseValue(&scanner, depth: depth + 1)
      guard members.updateValue(value, forKey: name) == nil else {
        throw JSONSyntaxError(offset: keyOffset, reason: "duplicate object key \"\(name)\"")
      }
    } while scanner.consume(UInt8(ascii: ","))
    try scanner.expect(UInt8(ascii: "}"), "',' or '}' in an object")
    return .object(members)
  }

  private static func parseArray(_ scanner: inout JSONScanner, depth: Int) throws -> JSONValue {
    guard depth < JSONScanner.maximumDepth else {
      throw scanner.error("nesting deeper than \(JSONScanner.maximumDepth)")
    }
    try scanner.expect(UInt8(ascii: "["), "'['")
    var elements: [JSONValue] = []
    if scanner.consume(UInt8(ascii: "]")) { return .array(elements) }
    repeat {
      elements.append(try parseValue(&scanner, depth: depth + 1))
    } while scanner.consume(UInt8(ascii: ","))
    try scanner.expect(UInt8(ascii: "]"), "',' or ']' in an array")
    return .array(elements)
  }
}
