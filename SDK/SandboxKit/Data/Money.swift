import Foundation

/// Exact decimal helpers for sandbox money and quantities: building amounts from minor units,
/// rounding, fixed-scale text, and seeded random amounts.
///
/// Everything goes through `Decimal` built from integers or decimal text, never through
/// `Double`, so `1234.50` stays `1234.50` (`Decimal(1234.5 as Double)` is already inexact for
/// many values, and `Decimal(string:)` accepts trailing junk).
public enum Money {
  /// `minorUnits / 10^scale`: `amount(minorUnits: 123450)` is 1234.50.
  public static func amount(minorUnits: Int64, scale: Int = 2) -> Decimal {
    Decimal(sign: minorUnits < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(minorUnits.magnitude))
  }

  /// `value` rounded half away from zero to `scale` fraction digits (the way invoices round).
  public static func rounded(_ value: Decimal, scale: Int = 2) -> Decimal {
    var input = value
    var result = Decimal()
    NSDecimalRound(&result, &input, scale, .plain)
    return result
  }

  /// `value` rounded to `scale` digits, as text with exactly that many: `"1234.50"`, `"-0.05"`,
  /// `"12"` for scale 0.
  public static func string(_ value: Decimal, scale: Int = 2) -> String {
    let scaled = rounded(value, scale: scale) * power10(scale)
    let units = NSDecimalNumber(decimal: scaled).int64Value
    let digits = String(units.magnitude)
    let sign = units < 0 ? "-" : ""
    guard scale > 0 else { return sign + digits }
    let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
    return sign + padded.dropLast(scale) + "." + padded.suffix(scale)
  }

  /// Parses a plain decimal literal (`-12.50`, `3`, `1e3`) exactly; `nil` for anything else,
  /// including text `Decimal(string:)` would half-accept such as `"12abc"`.
  public static func parse(_ text: String) -> Decimal? {
    var sawDigit = false
    var previous: UInt8?
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
      case UInt8(ascii: "-"), UInt8(ascii: "+"): if let previous, !isExponent(previous) { return nil }
      case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): break
      default: return nil
      }
      previous = byte
    }
    guard sawDigit else { return nil }
    return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
  }

  /// A uniformly drawn amount in `min...max` (inclusive) with `scale` fraction digits.
  public static func random(_ generator: inout SplitMix64, min: Decimal, max: Decimal, scale: Int = 2) -> Decimal {
    let low = NSDecimalNumber(decimal: rounded(min, scale: scale) * power10(scale)).int64Value
    let high = NSDecimalNumber(decimal: rounded(max, scale: scale) * power10(scale)).int64Value
    guard high > low else { return amount(minorUnits: low, scale: scale) }
    let span = UInt64(high - low) + 1
    return amount(minorUnits: low + Int64(generator.next() % span), scale: scale)
  }

  /// 10^exponent as a `Decimal`.
  public static func power10(_ exponent: Int) -> Decimal {
    Decimal(sign: .plus, exponent: exponent, significand: 1)
  }

  private static func isExponent(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
  }
}
