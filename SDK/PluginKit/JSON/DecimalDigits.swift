/// Integer-to-text formatting that writes ASCII digits straight into a byte buffer.
///
/// Record builders format keys (`GEN/PO/000311`), dates and money for every record;
/// `String(value)` or `String(format:)` would allocate a string per field, so these write
/// digits in place instead. Everything is exact integer arithmetic: money is a count of
/// minor units plus a scale, never a binary float.
public enum DecimalDigits {
  /// Appends `value` in decimal, with a leading `-` when negative.
  public static func append(_ value: Int, to bytes: inout [UInt8]) {
    appendWritten(into: &bytes, maximum: maximumLength(width: 1)) { write(value, width: 1, to: $0) }
  }

  /// Appends `value` left-padded with zeros to at least `width` digits: `(311, 6)` →
  /// `000311`. A negative value gets its `-` before the padding.
  public static func appendPadded(_ value: Int, width: Int, to bytes: inout [UInt8]) {
    appendWritten(into: &bytes, maximum: maximumLength(width: width)) { write(value, width: width, to: $0) }
  }

  /// Appends `units / 10^scale` with exactly `scale` fraction digits:
  /// `(123450, 2)` → `1234.50`, `(-5, 2)` → `-0.05`, `(7, 0)` → `7`.
  public static func appendScaled(_ units: Int, scale: Int, to bytes: inout [UInt8]) {
    appendWritten(into: &bytes, maximum: maximumLength(width: scale + 2)) {
      writeScaled(units, scale: scale, to: $0)
    }
  }

  /// The number of decimal digits in `value`'s magnitude (1 for 0).
  public static func count(_ value: Int) -> Int {
    digitCount(value.magnitude)
  }

  /// The most bytes `write` or `writeScaled` can produce for a minimum `width`: a sign,
  /// up to 20 digits (or `width`), and a decimal point.
  @inlinable
  static func maximumLength(width: Int) -> Int {
    max(width, 20) + 2
  }

  /// Writes `value` zero-padded to `width` digits at `pointer`, which must have room for
  /// `maximumLength(width:)` bytes, and returns how many bytes it wrote.
  @inlinable @inline(__always)
  static func write(_ value: Int, width: Int, to pointer: UnsafeMutablePointer<UInt8>) -> Int {
    var position = pointer
    if value < 0 {
      position.pointee = UInt8(ascii: "-")
      position += 1
    }
    let written = writeMagnitude(value.magnitude, width: width, to: position)
    return position - pointer + written
  }

  /// Writes `units / 10^scale` at `pointer` (room for `maximumLength(width: scale + 2)`
  /// bytes) and returns how many bytes it wrote.
  @inlinable
  static func writeScaled(_ units: Int, scale: Int, to pointer: UnsafeMutablePointer<UInt8>) -> Int {
    var position = pointer
    if units < 0 {
      position.pointee = UInt8(ascii: "-")
      position += 1
    }
    guard scale > 0 else {
      return position - pointer + writeMagnitude(units.magnitude, width: 1, to: position)
    }
    if scale == 2 {
      // Money: the common case, without moving digits around.
      let magnitude = units.magnitude
      let whole = writeMagnitude(magnitude / 100, width: 1, to: position)
      position[whole] = UInt8(ascii: ".")
      let pair = Int(magnitude % 100) * 2
      position[whole + 1] = pairs.utf8Start[pair]
      position[whole + 2] = pairs.utf8Start[pair + 1]
      return position - pointer + whole + 3
    }
    // Digits padded to scale + 1 (so "0.005" gets its leading zero), then the fraction
    // digits move one place right to make room for the point.
    let digits = writeMagnitude(units.magnitude, width: scale + 1, to: position)
    let integerDigits = digits - scale
    let fraction = position + integerDigits
    (fraction + 1).update(from: fraction, count: scale)
    fraction.pointee = UInt8(ascii: ".")
    return position - pointer + digits + 1
  }

  /// The number of digits of `value`, by comparisons rather than a division per digit.
  @inlinable
  static func digitCount(_ value: UInt) -> Int {
    if value < 100_000 {
      if value < 100 { return value < 10 ? 1 : 2 }
      if value < 10_000 { return value < 1_000 ? 3 : 4 }
      return 5
    }
    if value < 10_000_000_000 {
      if value < 10_000_000 { return value < 1_000_000 ? 6 : 7 }
      if value < 1_000_000_000 { return value < 100_000_000 ? 8 : 9 }
      return 10
    }
    return 10 + digitCount(value / 10_000_000_000)
  }

  /// "00", "01", … "99": two digits per division halves the divisions per number.
  @usableFromInline
  static let pairs: StaticString = """
    00010203040506070809101112131415161718192021222324252627282930313233343536373839\
    40414243444546474849505152535455565758596061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899
    """

  /// Writes the digits of `value`, zero-padded to `width`, filling from the right.
  @inlinable @inline(__always)
  static func writeMagnitude(_ value: UInt, width: Int, to pointer: UnsafeMutablePointer<UInt8>) -> Int {
    let length = max(digitCount(value), width)
    let table = pairs.utf8Start
    var rest = value
    var position = length
    while rest >= 100 {
      let pair = Int(rest % 100) * 2
      rest /= 100
      position -= 2
      pointer[position] = table[pair]
      pointer[position + 1] = table[pair + 1]
    }
    if rest >= 10 {
      let pair = Int(rest) * 2
      position -= 2
      pointer[position] = table[pair]
      pointer[position + 1] = table[pair + 1]
    } else {
      position -= 1
      pointer[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest)
    }
    while position > 0 {
      position -= 1
      pointer[position] = UInt8(ascii: "0")
    }
    return length
  }

  private static func appendWritten(into bytes: inout [UInt8], maximum: Int,
                                    _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximum) { buffer in
      guard let base = buffer.baseAddress else { return }
      bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: write(base)))
    }
  }
}
