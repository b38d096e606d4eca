import Foundation

/// Exact decimal arithmetic on NUMBER(p,s) values stored as 64-bit integers scaled by 10^s.
///
/// Rounding is half away from zero, as Snowflake rounds when a value is assigned to a column
/// of smaller scale (docs.snowflake.com/en/sql-reference/data-types-numeric).
enum FixedPoint {
  /// 10^n for n in 0...18.
  static func power(_ n: Int) -> Int64 {
    var result: Int64 = 1
    for _ in 0..<n { result *= 10 }
    return result
  }

  /// `100038`: text that is not a number, worded as Snowflake words it.
  static func notRecognized(_ text: String) -> SnowflakeSQLError {
    SnowflakeSQLError(code: "100038", sqlState: "22018", message: "Numeric value '\(text)' is not recognized")
  }

  /// `100039`: a number too large for the column or for the sandbox's 64-bit storage.
  static func outOfRange(_ text: String) -> SnowflakeSQLError {
    SnowflakeSQLError(code: "100039", sqlState: "22003", message: "Numeric value '\(text)' is out of range")
  }

  /// The scale a decimal literal carries: the digits after its point (`10.50` → 2).
  static func scale(of text: String) -> Int {
    guard let dot = text.firstIndex(of: ".") else { return 0 }
    return text[text.index(after: dot)...].prefix { $0.isNumber }.count
  }

  /// Parses `[+-]digits[.digits][e[+-]digits]` to a value scaled by 10^scale.
  static func parse(_ raw: String, scale: Int) throws -> Int64 {
    let text = raw.trimmingCharacters(in: .whitespaces)
    var chars = Substring(text)
    var negative = false
    if let sign = chars.first, sign == "+" || sign == "-" {
      negative = sign == "-"
      chars = chars.dropFirst()
    }
    var digits: [Int] = []
    var exponent = 0
    var seenDot = false
    var seenDigit = false
    while let char = chars.first, char.isASCII, char.isNumber || char == "." {
      chars = chars.dropFirst()
      if char == "." {
        guard !seenDot else { throw notRecognized(raw) }
        seenDot = true
        continue
      }
      seenDigit = true
      digits.append(Int(char.asciiValue! - 48))
      if seenDot { exponent -= 1 }
    }
    guard seenDigit else { throw notRecognized(raw) }
    if let e = chars.first, e == "e" || e == "E" {
      guard let power = Int(chars.dropFirst()), abs(power) < 400 else { throw notRecognized(raw) }
      exponent += power
      chars = ""
    }
    guard chars.isEmpty else { throw notRecognized(raw) }
    return try assemble(digits, exponent: exponent + scale, negative: negative, original: raw)
  }

  /// `digits × 10^exponent`, rounded half away from zero to an integer.
  private static func assemble(_ digits: [Int], exponent: Int, negative: Bool, original: String) throws -> Int64 {
    var kept = digits
    var roundUp = false
    if exponent < 0 {
      let drop = min(-exponent, kept.count)
      let firstDropped = kept.count - drop
      roundUp = drop > 0 && kept[firstDropped] >= 5 && -exponent <= kept.count
      kept.removeLast(drop)
    }
    var value: Int64 = 0
    for digit in kept + Array(repeating: 0, count: max(exponent, 0)) {
      let (times, o1) = value.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times.addingReportingOverflow(Int64(digit))
      guard !o1, !o2 else { throw outOfRange(original) }
      value = sum
    }
    if roundUp {
      guard value < Int64.max else { throw outOfRange(original) }
      value += 1
    }
    return negative ? -value : value
  }

  /// Formats a scaled value with exactly `scale` decimals, as the SQL API sends NUMBER.
  static func format(_ value: Int64, scale: Int) -> String {
    guard scale > 0 else { return String(value) }
    let magnitude = value.magnitude
    let divisor = UInt64(power(scale))
    let fraction = String(magnitude % divisor)
    let padded = String(repeating: "0", count: scale - fraction.count) + fraction
    return (value < 0 ? "-" : "") + String(magnitude / divisor) + "." + padded
  }

  /// Changes the scale, rounding half away from zero when it shrinks.
  static func rescale(_ value: Int64, from: Int, to: Int) throws -> Int64 {
    if to >= from {
      let (result, overflow) = value.multipliedReportingOverflow(by: power(to - from))
      guard !overflow else { throw outOfRange(format(value, scale: from)) }
      return result
    }
    let divisor = power(from - to)
    let quotient = value / divisor
    let remainder = abs(value % divisor)
    return remainder * 2 >= divisor ? quotient + (value < 0 ? -1 : 1) : quotient
  }

  /// A double as a scaled value.
  static func from(_ double: Double, scale: Int) throws -> Int64 {
    let scaled = (double * Double(power(scale))).rounded(.toNearestOrAwayFromZero)
    guard scaled.isFinite, abs(scaled) < 9.2e18 else { throw outOfRange(String(double)) }
    return Int64(scaled)
  }

  /// Whether a scaled value has at most `precision - scale` integer digits.
  static func fits(_ value: Int64, precision: Int, scale: Int) -> Bool {
    let integerDigits = precision - scale
    guard integerDigits < 19 else { return true }
    return value.magnitude / UInt64(power(scale)) < UInt64(power(integerDigits))
  }
}
