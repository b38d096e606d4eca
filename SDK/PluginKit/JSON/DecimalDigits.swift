/// Integer-to-text formatting that appends ASCII digits straight into a byte buffer.
///
/// Record builders format keys (`GEN/PO/000311`), dates and money for every record;
/// `String(value)` or `String(format:)` would allocate a string per field, so these append
/// digits in place instead. Everything is exact integer arithmetic: money is a count of
/// minor units plus a scale, never a binary float.
public enum DecimalDigits {
  /// Appends `value` in decimal, with a leading `-` when negative.
  public static func append(_ value: Int, to bytes: inout [UInt8]) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    appendMagnitude(value.magnitude, minimumWidth: 1, to: &bytes)
  }

  /// Appends `value` (which must not be negative; a negative value is written as its
  /// magnitude) left-padded with zeros to at least `width` digits: `(311, 6)` → `000311`.
  public static func appendPadded(_ value: Int, width: Int, to bytes: inout [UInt8]) {
    appendMagnitude(value.magnitude, minimumWidth: max(width, 1), to: &bytes)
  }

  /// Appends `units / 10^scale` with exactly `scale` fraction digits:
  /// `(123450, 2)` → `1234.50`, `(-5, 2)` → `-0.05`, `(7, 0)` → `7`.
  public static func appendScaled(_ units: Int, scale: Int, to bytes: inout [UInt8]) {
    if units < 0 { bytes.append(UInt8(ascii: "-")) }
    let magnitude = units.magnitude
    guard scale > 0 else {
      appendMagnitude(magnitude, minimumWidth: 1, to: &bytes)
      return
    }
    var divisor: UInt = 1
    for _ in 0..<scale {
      let (next, overflow) = divisor.multipliedReportingOverflow(by: 10)
      if overflow { break }
      divisor = next
    }
    appendMagnitude(magnitude / divisor, minimumWidth: 1, to: &bytes)
    bytes.append(UInt8(ascii: "."))
    appendMagnitude(magnitude % divisor, minimumWidth: scale, to: &bytes)
  }

  /// The number of decimal digits in `value` (1 for 0).
  public static func count(_ value: Int) -> Int {
    digitCount(value.magnitude)
  }

  private static func digitCount(_ value: UInt) -> Int {
    var count = 1
    var rest = value
    while rest >= 10 {
      rest /= 10
      count += 1
    }
    return count
  }

  /// Appends the digits of `value`, zero-padded to `minimumWidth`, by growing the buffer
  /// once and filling it from the right.
  private static func appendMagnitude(_ value: UInt, minimumWidth: Int, to bytes: inout [UInt8]) {
    let width = max(digitCount(value), minimumWidth)
    let start = bytes.count
    bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
    bytes.withUnsafeMutableBufferPointer { buffer in
      var rest = value
      var position = start + width - 1
      while rest > 0 {
        buffer[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
        rest /= 10
        position -= 1
      }
    }
  }
}
