import Foundation

/// A wall-clock date and time with millisecond precision and no time zone, the way ERP
/// databases store `datetime` columns, plus the ISO 8601 parsing and printing sandboxes need.
///
/// Civil-date arithmetic uses Howard Hinnant's days-from-civil algorithm rather than
/// `Calendar`, because seeding 100k records must not spend seconds in calendar code and the
/// result must not depend on the machine's time zone. Sandboxes treat their server time zone
/// as UTC: a literal with `Z` and one without denote the same instant.
public struct SandboxDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Milliseconds since 1970-01-01T00:00:00.
  public var milliseconds: Int64

  /// Creates a value from milliseconds since 1970-01-01T00:00:00.
  public init(milliseconds: Int64) {
    self.milliseconds = milliseconds
  }

  /// Creates a value from civil fields; out-of-range fields roll over arithmetically.
  public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
    let days = Self.days(year: year, month: month, day: day)
    let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    milliseconds = seconds * 1000 + Int64(millisecond)
  }

  /// The wall-clock time of `date` in UTC.
  public init(_ date: Date) {
    milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
  }

  /// The instant this wall-clock time denotes in UTC.
  public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

  /// Days since 1970-01-01 (negative before), flooring.
  public var dayNumber: Int64 { Self.floorDiv(milliseconds, 86_400_000) }

  /// Milliseconds since midnight.
  public var millisecondOfDay: Int64 { milliseconds - dayNumber * 86_400_000 }

  /// Seconds since midnight, the unit of Epicor-style `ChangeTime` columns.
  public var secondOfDay: Int { Int(millisecondOfDay / 1000) }

  /// Midnight of the same day.
  public var startOfDay: SandboxDateTime { SandboxDateTime(milliseconds: dayNumber * 86_400_000) }

  /// This time moved by whole days.
  public func adding(days: Int) -> SandboxDateTime {
    SandboxDateTime(milliseconds: milliseconds + Int64(days) * 86_400_000)
  }

  /// This time moved by seconds.
  public func adding(seconds: Int64) -> SandboxDateTime {
    SandboxDateTime(milliseconds: milliseconds + seconds * 1000)
  }

  /// The same value truncated to whole seconds.
  public var wholeSeconds: SandboxDateTime {
    SandboxDateTime(milliseconds: Self.floorDiv(milliseconds, 1000) * 1000)
  }

  /// The civil year, month and day.
  public var civil: (year: Int, month: Int, day: Int) { Self.civil(fromDays: dayNumber) }

  /// `2026-01-15T08:30:00`, with `.mmm` only when the milliseconds are not zero.
  public var iso: String {
    let (year, month, day) = civil
    let ms = millisecondOfDay
    let second = Int(ms / 1000)
    var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(second / 3600, 2)):\(pad(second / 60 % 60, 2)):\(pad(second % 60, 2))"
    if ms % 1000 != 0 { text += "." + pad(Int(ms % 1000), 3) }
    return text
  }

  /// `2026-01-15`.
  public var isoDate: String {
    let (year, month, day) = civil
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  public var description: String { iso }

  public static func < (lhs: SandboxDateTime, rhs: SandboxDateTime) -> Bool {
    lhs.milliseconds < rhs.milliseconds
  }

  /// Parses ISO 8601 as APIs send it: `2024-01-31`, `2024-01-31T08:00`, `2024-01-31T08:00:00`,
  /// with optional fraction (`.5`, `.123456`, truncated to milliseconds) and an optional `Z`
  /// or `±hh:mm` offset, which is applied to give UTC. A space may stand for `T`. `nil` when
  /// the text is not such a date or a field is out of range.
  public static func parse(_ text: String) -> SandboxDateTime? {
    var scanner = DigitScanner(Array(text.utf8))
    guard let year = scanner.number(digits: 4), scanner.skip("-"),
          let month = scanner.number(digits: 2), scanner.skip("-"),
          let day = scanner.number(digits: 2),
          (1...12).contains(month), (1...daysIn(year: year, month: month)).contains(day)
    else { return nil }
    var hour = 0, minute = 0, second = 0, millisecond = 0
    if scanner.skip("T") || scanner.skip("t") || scanner.skip(" ") {
      guard let h = scanner.number(digits: 2), scanner.skip(":"), let m = scanner.number(digits: 2),
            h < 24, m < 60 else { return nil }
      hour = h
      minute = m
      if scanner.skip(":") {
        guard let s = scanner.number(digits: 2), s < 60 else { return nil }
        second = s
        if scanner.skip(".") {
          guard let fraction = scanner.fractionMilliseconds() else { return nil }
          millisecond = fraction
        }
      }
    }
    var result = SandboxDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                                 millisecond: millisecond)
    if scanner.skip("Z") || scanner.skip("z") {
      // UTC: nothing to adjust.
    } else if scanner.peek("+") || scanner.peek("-") {
      let sign: Int64 = scanner.peek("-") ? -1 : 1
      scanner.position += 1
      guard let h = scanner.number(digits: 2) else { return nil }
      _ = scanner.skip(":")
      guard let m = scanner.number(digits: 2), h < 24, m < 60 else { return nil }
      result = result.adding(seconds: -sign * Int64(h * 3600 + m * 60))
    }
    return scanner.atEnd ? result : nil
  }

  /// The number of days in `month` of `year` (proleptic Gregorian).
  public static func daysIn(year: Int, month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 for a civil date (Hinnant's `days_from_civil`). The simulators'
  /// one calendar: SandboxKit does not depend on the plugin SDK, which has its own.
  public static func days(year: Int, month: Int, day: Int) -> Int64 {
    let y = Int64(month <= 2 ? year - 1 : year)
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let m = Int64(month)
    let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The civil date for days since 1970-01-01 (Hinnant's `civil_from_days`).
  public static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
  }

  private static func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
    value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
  }
}

/// Zero-pads `value` to `width` digits.
private func pad(_ value: Int, _ width: Int) -> String {
  let digits = String(value)
  return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// A cursor over ASCII bytes for the date parser.
private struct DigitScanner {
  let bytes: [UInt8]
  var position = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var atEnd: Bool { position == bytes.count }

  func peek(_ character: Unicode.Scalar) -> Bool {
    position < bytes.count && bytes[position] == UInt8(character.value)
  }

  mutating func skip(_ character: Unicode.Scalar) -> Bool {
    guard peek(character) else { return false }
    position += 1
    return true
  }

  /// Exactly `digits` decimal digits as a number.
  mutating func number(digits: Int) -> Int? {
    guard position + digits <= bytes.count else { return nil }
    var value = 0
    for offset in 0..<digits {
      let byte = bytes[position + offset]
      guard byte >= 48 && byte <= 57 else { return nil }
      value = value * 10 + Int(byte - 48)
    }
    position += digits
    return value
  }

  /// One or more fraction digits, as milliseconds (extra digits are dropped).
  mutating func fractionMilliseconds() -> Int? {
    var value = 0
    var count = 0
    while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
      if count < 3 { value = value * 10 + Int(bytes[position] - 48) }
      count += 1
      position += 1
    }
    guard count > 0 else { return nil }
    if count < 3 { for _ in count..<3 { value *= 10 } }
    return value
  }
}
