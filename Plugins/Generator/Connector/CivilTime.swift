import MLCPluginKit

/// Calendar arithmetic on Unix seconds and days, and the fixed-width text forms records
/// use, without Foundation: formatting a `Date` per record would dominate the cost of
/// generating it.
///
/// Days are counted from 1970-01-01 (`CivilCalendar`, shared through the SDK), all in UTC.
enum CivilTime {
  /// Appends `YYYY-MM-DD` for a day number.
  static func appendDate(days: Int, to bytes: inout [UInt8]) {
    let date = CivilCalendar.civil(days: Int64(days))
    appendDigits(date.year, 4, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    appendDigits(date.month, 2, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    appendDigits(date.day, 2, to: &bytes)
  }

  /// Appends `YYYY-MM-DDTHH:MM:SSZ` for Unix seconds: fixed width, so timestamps compare
  /// correctly byte by byte, as the host compares cursors.
  static func appendTimestamp(seconds: Int64, to bytes: inout [UInt8]) {
    let (days, secondOfDay) = floorDivide(seconds, 86_400)
    appendDate(days: Int(days), to: &bytes)
    bytes.append(UInt8(ascii: "T"))
    appendDigits(Int(secondOfDay / 3600), 2, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    appendDigits(Int(secondOfDay / 60 % 60), 2, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    appendDigits(Int(secondOfDay % 60), 2, to: &bytes)
    bytes.append(UInt8(ascii: "Z"))
  }

  /// Division rounding toward negative infinity, with a non-negative remainder.
  static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
    let quotient = value / divisor
    let remainder = value % divisor
    return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
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

  /// Parses an RFC 3339 timestamp (`2026-01-01T00:00:00Z`, with optional fraction and a
  /// `Z` or `±HH:MM` offset) to Unix seconds, rounding a fraction up so that "records at
  /// or after this instant" stays exact in whole seconds. Nil when it is not one.
  static func parseTimestamp(_ text: String) -> (seconds: Int64, hadFraction: Bool)? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 20 else { return nil }
    func number(_ start: Int, _ count: Int) -> Int? {
      guard start + count <= bytes.count else { return nil }
      var value = 0
      for byte in bytes[start..<start + count] {
        guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      return value
    }
    guard let year = number(0, 4), bytes[4] == UInt8(ascii: "-"), let month = number(5, 2),
          bytes[7] == UInt8(ascii: "-"), let day = number(8, 2),
          bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
          let hour = number(11, 2), bytes[13] == UInt8(ascii: ":"), let minute = number(14, 2),
          bytes[16] == UInt8(ascii: ":"), let second = number(17, 2),
          (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    var position = 19
    var fraction = false
    if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
      position += 1
      let start = position
      while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
        if bytes[position] != UInt8(ascii: "0") { fraction = true }
        position += 1
      }
      guard position > start else { return nil }
    }
    var offset = 0
    if position < bytes.count, bytes[position] == UInt8(ascii: "Z") || bytes[position] == UInt8(ascii: "z") {
      position += 1
    } else if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-"),
              let offsetHours = number(position + 1, 2), position + 3 < bytes.count,
              bytes[position + 3] == UInt8(ascii: ":"), let offsetMinutes = number(position + 4, 2) {
      offset = (offsetHours * 60 + offsetMinutes) * 60 * (bytes[position] == UInt8(ascii: "-") ? -1 : 1)
      position += 6
    } else {
      return nil
    }
    guard position == bytes.count else { return nil }
    let seconds = CivilCalendar.days(year: year, month: month, day: day) * 86_400
      + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
    return (seconds + (fraction ? 1 : 0), fraction)
  }
}
