/// Calendar arithmetic on day numbers and milliseconds, and the fixed-width text forms the
/// canonical records use, without Foundation's `Calendar` (too slow per record, and
/// dependent on the machine's zone).
///
/// Days count from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil` / `civil_from_days`); instants are milliseconds since the epoch.
enum CivilTime {
  static let millisecondsPerDay: Int64 = 86_400_000

  /// The day number of a calendar date.
  static func days(year: Int, month: Int, day: Int) -> Int64 {
    let shifted = Int64(month <= 2 ? year - 1 : year)
    let era = (shifted >= 0 ? shifted : shifted - 399) / 400
    let yearOfEra = shifted - era * 400
    let dayOfYear = Int64((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1)
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The calendar date of a day number.
  static func civil(days: Int64) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
  }

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
    let date = civil(days: days)
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
