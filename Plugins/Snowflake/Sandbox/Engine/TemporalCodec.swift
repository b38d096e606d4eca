import Foundation
import MLCSandboxKit

/// Converts dates and timestamps between text, the sandbox's storage (days / nanoseconds since
/// the epoch) and the SQL API's JSON encodings.
///
/// Text input follows the AUTO formats Snowflake detects (docs.snowflake.com/en/sql-reference/
/// date-time-input-output#supported-formats-for-auto-detection): `YYYY-MM-DD`, ISO 8601
/// timestamps with `T` or a space, optional fractional seconds to nanoseconds and an optional
/// `Z`/`±HH:MM`/`±HHMM` offset, and integer strings read as seconds, milliseconds, microseconds
/// or nanoseconds by magnitude. The session time zone is UTC.
enum TemporalCodec {
  static let nanosPerSecond: Int64 = 1_000_000_000
  static let nanosPerDay: Int64 = 86_400 * nanosPerSecond

  /// Floor division, so instants before 1970 land on the right day.
  static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }

  /// `100040`: text that is not a date.
  static func dateNotRecognized(_ text: String) -> SnowflakeSQLError {
    SnowflakeSQLError(code: "100040", sqlState: "22007", message: "Date '\(text)' is not recognized")
  }

  /// `100035`: text that is not a timestamp.
  static func timestampNotRecognized(_ text: String) -> SnowflakeSQLError {
    SnowflakeSQLError(code: "100035", sqlState: "22007", message: "Timestamp '\(text)' is not recognized")
  }

  /// Parses a timestamp: the wall-clock nanoseconds it names and its offset in minutes, if any.
  static func parseTimestamp(_ raw: String) -> (wall: Int64, offsetMinutes: Int64?)? {
    let text = raw.trimmingCharacters(in: .whitespaces)
    if let integer = Int64(text) { return (epochByMagnitude(integer), nil) }
    let chars = Array(text.utf8)
    var index = 0
    func number(_ count: Int) -> Int64? {
      guard index + count <= chars.count else { return nil }
      var value: Int64 = 0
      for char in chars[index..<index + count] {
        guard char >= 48 && char <= 57 else { return nil }
        value = value * 10 + Int64(char - 48)
      }
      index += count
      return value
    }
    func accept(_ char: UInt8) -> Bool {
      guard index < chars.count, chars[index] == char else { return false }
      index += 1
      return true
    }
    guard let year = number(4), accept(45), let month = number(2), accept(45), let day = number(2),
          (1...12).contains(month), (1...31).contains(day) else { return nil }
    var nanos: Int64 = 0
    if accept(84) || accept(32) {
      guard let hour = number(2), accept(58), let minute = number(2), hour < 24, minute < 60 else { return nil }
      var second: Int64 = 0
      if accept(58) {
        guard let value = number(2), value < 60 else { return nil }
        second = value
        if accept(46) {
          var digits = 0
          var fraction: Int64 = 0
          while index < chars.count, chars[index] >= 48, chars[index] <= 57 {
            if digits < 9 { fraction = fraction * 10 + Int64(chars[index] - 48) }
            digits += 1
            index += 1
          }
          guard digits > 0 else { return nil }
          nanos = fraction * FixedPoint.power(max(0, 9 - digits))
        }
      }
      nanos += ((hour * 60 + minute) * 60 + second) * nanosPerSecond
    }
    let wall = SandboxDateTime.days(year: Int(year), month: Int(month), day: Int(day)) * nanosPerDay + nanos
    _ = accept(32)
    if index == chars.count { return (wall, nil) }
    if accept(90) { return index == chars.count ? (wall, 0) : nil }
    guard index < chars.count, chars[index] == 43 || chars[index] == 45 else { return nil }
    let sign: Int64 = chars[index] == 45 ? -1 : 1
    index += 1
    guard let hours = number(2) else { return nil }
    _ = accept(58)
    let minutes = index < chars.count ? number(2) : 0
    guard let minutes, index == chars.count else { return nil }
    return (wall, sign * (hours * 60 + minutes))
  }

  /// An epoch integer read as Snowflake reads one: seconds below 31536000000, then
  /// milliseconds, microseconds, nanoseconds by magnitude.
  static func epochByMagnitude(_ value: Int64) -> Int64 {
    let magnitude = value.magnitude
    if magnitude < 31_536_000_000 { return value * nanosPerSecond }
    if magnitude < 31_536_000_000_000 { return value * 1_000_000 }
    if magnitude < 31_536_000_000_000_000 { return value * 1000 }
    return value
  }

  /// Text to days since the epoch; a timestamp is truncated to its date.
  static func parseDate(_ text: String) throws -> Int64 {
    guard let parsed = parseTimestamp(text) else { throw dateNotRecognized(text) }
    return floorDiv(parsed.wall, nanosPerDay)
  }

  /// Text to stored nanoseconds: NTZ keeps the wall clock and drops an offset; TZ and LTZ
  /// store the UTC instant.
  static func parseTimestamp(_ text: String, as type: SnowflakeType) throws -> Int64 {
    guard let parsed = parseTimestamp(text) else { throw timestampNotRecognized(text) }
    if type == .timestampNTZ { return parsed.wall }
    return parsed.wall - (parsed.offsetMinutes ?? 0) * 60 * nanosPerSecond
  }

  /// `YYYY-MM-DD`.
  static func formatDate(_ days: Int64) -> String {
    let (year, month, day) = SandboxDateTime.civil(fromDays: days)
    return pad(Int64(year), 4) + "-" + pad(Int64(month), 2) + "-" + pad(Int64(day), 2)
  }

  /// `YYYY-MM-DD HH:MM:SS.fffffffff`, for casts to text.
  static func formatTimestamp(_ nanos: Int64) -> String {
    let day = floorDiv(nanos, nanosPerDay)
    let within = nanos - day * nanosPerDay
    let seconds = within / nanosPerSecond
    return formatDate(day) + " " + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":"
      + pad(seconds % 60, 2) + "." + pad(within % nanosPerSecond, 9)
  }

  /// Seconds since the epoch with nine decimals, the SQL API's TIMESTAMP encoding
  /// (SYSTEMS.md §3.4, e.g. `"82919.000000000"`).
  static func jsonSeconds(_ nanos: Int64) -> String {
    FixedPoint.format(nanos, scale: 9)
  }

  private static func pad(_ value: Int64, _ width: Int) -> String {
    let text = String(value.magnitude)
    return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - text.count)) + text
  }
}
