import MLCPluginKit

/// Calendar arithmetic on day numbers and milliseconds, and the fixed-width text forms the
/// canonical records use, without Foundation's `Calendar` (too slow per record, and
/// dependent on the machine's zone).
///
/// Days count from 1970-01-01 (`CivilCalendar`, shared through the SDK); instants are
/// milliseconds since the epoch.
enum CivilTime {
  static let millisecondsPerDay: Int64 = 86_400_000

  /// Whether `day` exists in `month` of `year`.
  static func isValid(year: Int, month: Int, day: Int) -> Bool {
    guard (1...12).contains(month), day >= 1 else { return false }
    let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    return day <= (month == 2 && leap ? 29 : lengths[month - 1])
  }

  /// Division rounding toward negative infinity.
  static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
  }

  /// `YYYY-MM-DD` of the day holding `milliseconds`.
  static func dateText(milliseconds: Int64) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(10)
    appendDate(days: floorDivide(milliseconds, millisecondsPerDay), to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `YYYY-MM-DDTHH:MM:SS.mmmZ`: always three fraction digits, so values compare correctly
  /// byte by byte, as the host compares cursors.
  static func timestampText(milliseconds: Int64) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(24)
    appendWallClock(milliseconds: milliseconds, fraction: true, to: &bytes)
    bytes.append(UInt8(ascii: "Z"))
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `YYYY-MM-DDTHH:MM:SS.mmm` without a zone: an OData literal in the tenant's wall clock.
  static func wallClockText(milliseconds: Int64) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(23)
    appendWallClock(milliseconds: milliseconds, fraction: true, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func appendWallClock(milliseconds: Int64, fraction: Bool, to bytes: inout [UInt8]) {
    let days = floorDivide(milliseconds, millisecondsPerDay)
    let ofDay = milliseconds - days * millisecondsPerDay
    appendDate(days: days, to: &bytes)
    bytes.append(UInt8(ascii: "T"))
    let seconds = Int(ofDay / 1000)
    appendDigits(seconds / 3600, 2, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    appendDigits(seconds / 60 % 60, 2, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    appendDigits(seconds % 60, 2, to: &bytes)
    if fraction {
      bytes.append(UInt8(ascii: "."))
      appendDigits(Int(ofDay % 1000), 3, to: &bytes)
    }
  }

  private static func appendDate(days: Int64, to bytes: inout [UInt8]) {
    let date = CivilCalendar.civil(days: days)
    appendDigits(date.year, 4, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    appendDigits(date.month, 2, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    appendDigits(date.day, 2, to: &bytes)
  }

  private static func appendDigits(_ value: Int, _ width: Int, to bytes: inout [UInt8]) {
    var divisor = 1
    for _ in 1..<width { divisor *= 10 }
    var rest = value
    while divisor > 0 {
      bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest / divisor % 10))
      rest %= divisor
      divisor /= 10
    }
  }
}
