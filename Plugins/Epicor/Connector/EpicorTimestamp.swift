import MLCPluginKit

/// A date or date-time as Epicor writes it in JSON, parsed without Foundation.
///
/// Epicor stores `datetime` columns in the server's wall clock. The v1 REST serializer writes
/// them without a zone (`2026-01-15T08:30:00`, `2026-01-15T08:30:00.123`); an OData v4 layer
/// may add an offset (`…-05:00`) or `Z`. Both are read here: the offset, when present, is
/// what the server said, and `TenantTimeZone` supplies it otherwise. Fractions of any length
/// are accepted and truncated to milliseconds (SQL Server `datetime` is ~3 ms precise).
/// Sources: SYSTEMS.md §1.4 ("dates as 2025-01-31T00:00:00" [V-3p]; the form with `Z` [U]).
struct EpicorTimestamp: Equatable, Sendable {
  /// Milliseconds since 1970-01-01T00:00:00 of the wall-clock reading as written.
  var wallMilliseconds: Int64
  /// The UTC offset written after the time, in seconds; nil when none was written.
  var offsetSeconds: Int?
  /// True when the text held only a date (`2026-01-15`).
  var isDateOnly: Bool

  /// The calendar date as written (`YYYY-MM-DD`), with no zone conversion: a due date is a
  /// civil date, and shifting it to UTC could move it to the previous day.
  var dateText: String { CivilTime.dateText(milliseconds: wallMilliseconds) }

  /// Parses `text`, or returns nil when it is not a date or date-time.
  init?(_ text: String) {
    let bytes = Array(text.utf8)
    guard bytes.count >= 10 else { return nil }
    func number(_ start: Int, _ count: Int) -> Int? {
      guard start + count <= bytes.count else { return nil }
      var value = 0
      for byte in bytes[start..<start + count] {
        guard byte >= 0x30 && byte <= 0x39 else { return nil }
        value = value * 10 + Int(byte - 0x30)
      }
      return value
    }
    guard let year = number(0, 4), bytes[4] == UInt8(ascii: "-"), let month = number(5, 2),
          bytes[7] == UInt8(ascii: "-"), let day = number(8, 2),
          CivilTime.isValid(year: year, month: month, day: day)
    else { return nil }
    var milliseconds = CivilCalendar.days(year: year, month: month, day: day) * CivilTime.millisecondsPerDay
    if bytes.count == 10 {
      self.init(wallMilliseconds: milliseconds, offsetSeconds: nil, isDateOnly: true)
      return
    }
    guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
          let hour = number(11, 2), bytes[13] == UInt8(ascii: ":"), let minute = number(14, 2),
          bytes[16] == UInt8(ascii: ":"), let second = number(17, 2),
          hour < 24, minute < 60, second < 60
    else { return nil }
    milliseconds += Int64((hour * 3600 + minute * 60 + second) * 1000)
    var position = 19
    if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
      position += 1
      let start = position
      var fraction = 0
      while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
        if position - start < 3 { fraction = fraction * 10 + Int(bytes[position] - 0x30) }
        position += 1
      }
      guard position > start else { return nil }
      for _ in min(position - start, 3)..<3 { fraction *= 10 }
      milliseconds += Int64(fraction)
    }
    var offset: Int? = nil
    if position < bytes.count {
      if bytes[position] == UInt8(ascii: "Z") || bytes[position] == UInt8(ascii: "z") {
        offset = 0
        position += 1
      } else if bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-"),
                let hours = number(position + 1, 2), position + 3 < bytes.count,
                bytes[position + 3] == UInt8(ascii: ":"), let minutes = number(position + 4, 2) {
        let sign = bytes[position] == UInt8(ascii: "-") ? -1 : 1
        offset = sign * (hours * 3600 + minutes * 60)
        position += 6
      } else {
        return nil
      }
    }
    guard position == bytes.count else { return nil }
    self.init(wallMilliseconds: milliseconds, offsetSeconds: offset, isDateOnly: false)
  }

  init(wallMilliseconds: Int64, offsetSeconds: Int?, isDateOnly: Bool) {
    self.wallMilliseconds = wallMilliseconds
    self.offsetSeconds = offsetSeconds
    self.isDateOnly = isDateOnly
  }

  /// The instant in UTC milliseconds: the written offset when there is one, else the
  /// tenant's zone.
  func utcMilliseconds(in zone: TenantTimeZone) -> Int64 {
    if let offsetSeconds { return wallMilliseconds - Int64(offsetSeconds) * 1000 }
    return zone.utcMilliseconds(wallClock: wallMilliseconds)
  }
}
