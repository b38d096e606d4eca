/// Byte classes from the HTTP grammar (RFC 9110 §5.6), shared by the decoder and encoder.
enum HTTPSyntax {
  /// Whether `byte` may appear in a token: a method or a field name.
  static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
         UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    default:
      return "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }
  }

  /// Whether `byte` is an ASCII digit.
  static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  /// Whether `byte` is optional whitespace: space or horizontal tab.
  static func isBlank(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
  }

  /// Whether `name` is a valid field name, so it can be written without breaking framing.
  static func isToken(_ name: String) -> Bool {
    !name.isEmpty && name.utf8.allSatisfy(isTokenByte)
  }
}

extension BidirectionalCollection where Element == UInt8 {
  /// The bytes without leading and trailing spaces and tabs.
  func trimmingBlanks() -> SubSequence {
    let start = firstIndex { !HTTPSyntax.isBlank($0) } ?? endIndex
    var end = endIndex
    while end > start, HTTPSyntax.isBlank(self[index(before: end)]) { end = index(before: end) }
    return self[start..<end]
  }
}

extension StringProtocol {
  /// The text without leading and trailing spaces and tabs, as a `String`.
  func trimmingASCIIWhitespace() -> String {
    String(decoding: Array(utf8).trimmingBlanks(), as: UTF8.self)
  }
}
