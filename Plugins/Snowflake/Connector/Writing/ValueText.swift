import MLCPluginKit

/// Turns one canonical field into the text bound for a column of a given type, or says why
/// it cannot be.
///
/// Checking here, before anything is sent, lets one bad record fail alone with a message
/// that names its field, instead of failing a whole multi-row statement in Snowflake.
/// Nothing is rounded: a decimal with more places than its column holds is refused rather
/// than silently cut, which a finance user would not forgive.
enum ValueText {
  /// The text to bind for `value` in a column of `type`; nil binds SQL NULL. Throws a
  /// message (without the field name, which the caller adds) when the value does not fit.
  static func bind(_ value: JSONValue?, as type: ColumnType) throws(ValueProblem) -> String? {
    guard let value, value != .null else { return nil }
    switch type {
    case .text:
      switch value {
      case .string(let text): return text
      case .number(let text): return text
      case .bool(let flag): return flag ? "true" : "false"
      default: throw ValueProblem("must be text, found \(value.kindDescription)")
      }
    case .boolean:
      guard let flag = value.boolValue else { throw ValueProblem("must be true or false, found \(value.kindDescription)") }
      return flag ? "true" : "false"
    case .decimal(let scale):
      let text = try numberText(value, type)
      try checkDecimal(text, scale: scale, type)
      return text
    case .integer:
      let text = try numberText(value, type)
      try checkDecimal(text, scale: 0, type)
      return text
    case .date:
      guard let text = value.stringValue, isDate(text) else { throw ValueProblem("must be \(type.expectation), found \(describe(value))") }
      return text
    case .timestamp:
      guard let text = value.stringValue, isTimestamp(text) else { throw ValueProblem("must be \(type.expectation), found \(describe(value))") }
      return text
    case .variant:
      var writer = JSONWriter(capacity: 128)
      value.write(to: &writer)
      return writer.text
    }
  }

  /// A decimal's text from a canonical string, or from a JSON number written plainly.
  private static func numberText(_ value: JSONValue, _ type: ColumnType) throws(ValueProblem) -> String {
    switch value {
    case .string(let text), .number(let text): return text
    default: throw ValueProblem("must be \(type.expectation), found \(value.kindDescription)")
    }
  }

  /// Accepts `-?digits(.digits)?` that fits NUMBER(38, scale) without rounding.
  static func checkDecimal(_ text: String, scale: Int, _ type: ColumnType) throws(ValueProblem) {
    let bytes = Array(text.utf8)
    var index = bytes.first == UInt8(ascii: "-") ? 1 : 0
    let integerStart = index
    while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    var integerDigits = bytes[integerStart..<index].drop { $0 == UInt8(ascii: "0") }.count
    var places = 0
    let hasInteger = index > integerStart
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      let fractionStart = index
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
      guard index > fractionStart else { throw ValueProblem("must be \(type.expectation), found \"\(text)\"") }
      // Trailing zeros hold no value: "1.500000" fits a scale of 2.
      places = bytes[fractionStart..<index].reversed().drop { $0 == UInt8(ascii: "0") }.count
    }
    guard hasInteger, index == bytes.count else { throw ValueProblem("must be \(type.expectation), found \"\(text)\"") }
    if integerDigits == 0 { integerDigits = 1 }
    guard places <= scale else {
      throw ValueProblem("\"\(text)\" has \(places) decimal places but the column holds \(scale) (NUMBER(38,\(scale))); nothing is rounded, so fix the value at the source")
    }
    guard integerDigits <= 38 - scale else {
      throw ValueProblem("\"\(text)\" has \(integerDigits) integer digits but NUMBER(38,\(scale)) holds \(38 - scale)")
    }
  }

  /// Whether `text` is a valid calendar date `YYYY-MM-DD`.
  static func isDate(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
          let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
          (1...12).contains(month), day >= 1
    else { return false }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return day <= lengths[month - 1]
  }

  /// Whether `text` is an RFC 3339 timestamp: a date, `T`, `HH:MM:SS`, optional fraction,
  /// and `Z` or `±HH:MM`.
  static func isTimestamp(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count >= 20, isDate(String(decoding: bytes[0..<10], as: UTF8.self)),
          bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
          bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
          let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), let second = number(bytes[17..<19]),
          hour < 24, minute < 60, second < 61
    else { return false }
    var index = 19
    if bytes[index] == UInt8(ascii: ".") {
      index += 1
      let start = index
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
      guard index > start, index - start <= 9 else { return false }
    }
    guard index < bytes.count else { return false }
    if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") { return index + 1 == bytes.count }
    guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"), bytes.count == index + 6,
          bytes[index + 3] == UInt8(ascii: ":"),
          let offsetHour = number(bytes[(index + 1)..<(index + 3)]), let offsetMinute = number(bytes[(index + 4)..<(index + 6)])
    else { return false }
    return offsetHour < 24 && offsetMinute < 60
  }

  private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
    var value = 0
    for byte in digits {
      guard isDigit(byte) else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    return value
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private static func describe(_ value: JSONValue) -> String {
    if let text = value.stringValue { return "\"\(text)\"" }
    return value.kindDescription
  }
}

/// Why a field's value does not fit its column.
struct ValueProblem: Error, Sendable {
  let message: String
  init(_ message: String) { self.message = message }
}
