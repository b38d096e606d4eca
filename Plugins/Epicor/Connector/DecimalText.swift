/// Money and quantities as decimal text, taken from the exact JSON number Epicor sent.
///
/// Epicor serializes .NET `decimal` columns as JSON numbers with their stored scale
/// (`1234.50`, `12.00000`); converting them to `Double` would change values such as
/// `0.1`. The canonical form keeps the digits as written and only rewrites what a decimal
/// string cannot hold: a leading `+`, and an exponent (`1.5E+3` becomes `1500`), which .NET
/// never writes but a proxy might.
enum DecimalText {
  /// The canonical decimal string for a JSON number's text, or nil when `text` is not a
  /// decimal number.
  static func canonical(_ text: String) -> String? {
    var bytes = Array(text.utf8)
    guard !bytes.isEmpty else { return nil }
    var negative = false
    if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
      negative = bytes[0] == UInt8(ascii: "-")
      bytes.removeFirst()
    }
    var integer: [UInt8] = []
    var fraction: [UInt8] = []
    var exponent = 0
    var index = 0
    while index < bytes.count, isDigit(bytes[index]) { integer.append(bytes[index]); index += 1 }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      while index < bytes.count, isDigit(bytes[index]) { fraction.append(bytes[index]); index += 1 }
      guard !fraction.isEmpty else { return nil }
    }
    guard !integer.isEmpty || !fraction.isEmpty else { return nil }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      var exponentNegative = false
      if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
        exponentNegative = bytes[index] == UInt8(ascii: "-")
        index += 1
      }
      let start = index
      while index < bytes.count, isDigit(bytes[index]), index - start < 6 {
        exponent = exponent * 10 + Int(bytes[index] - 0x30)
        index += 1
      }
      guard index > start else { return nil }
      if exponentNegative { exponent = -exponent }
    }
    guard index == bytes.count else { return nil }
    if exponent == 0 && !integer.isEmpty {
      return (negative ? "-" : "") + String(decoding: integer, as: UTF8.self)
        + (fraction.isEmpty ? "" : "." + String(decoding: fraction, as: UTF8.self))
    }
    // Shift the decimal point by the exponent over all the digits.
    let digits = integer + fraction
    var point = integer.count + exponent
    var body = digits
    if point <= 0 {
      body = Array(repeating: UInt8(ascii: "0"), count: 1 - point) + body
      point = 1
    } else if point > body.count {
      body += Array(repeating: UInt8(ascii: "0"), count: point - body.count)
    }
    var whole = Array(body[..<point])
    while whole.count > 1, whole[0] == UInt8(ascii: "0") { whole.removeFirst() }
    let rest = body[point...]
    return (negative ? "-" : "") + String(decoding: whole, as: UTF8.self)
      + (rest.isEmpty ? "" : "." + String(decoding: rest, as: UTF8.self))
  }

  /// Whether `text` is a plain decimal (`-12.50`, `3`), the form canonical records carry.
  static func isPlainDecimal(_ text: String) -> Bool {
    guard let canonical = canonical(text) else { return false }
    return canonical == text || "+" + canonical == text
  }

  /// Whether the decimal text denotes zero (`0`, `0.00`, `-0.0`).
  static func isZero(_ text: String) -> Bool {
    text.utf8.allSatisfy { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
  }

  /// Whether two decimal texts denote the same number (`12.5` and `12.500`).
  static func equal(_ a: String, _ b: String) -> Bool {
    guard let x = canonical(a), let y = canonical(b) else { return a == b }
    return trimmed(x) == trimmed(y)
  }

  /// The text without trailing fraction zeros and with `-0` as `0`.
  private static func trimmed(_ text: String) -> String {
    var result = text
    if result.contains(".") {
      while result.hasSuffix("0") { result.removeLast() }
      if result.hasSuffix(".") { result.removeLast() }
    }
    if result == "-0" { result = "0" }
    return result
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
