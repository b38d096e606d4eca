import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// ServiceNow's date and time text: `YYYY-MM-DD HH:MM:SS` in UTC for date-times and
/// `YYYY-MM-DD` for dates, as the Table API returns them with `sysparm_display_value=false`
/// (SN-DOCS `rest-apis/c_TableAPI.md`).
///
/// Both forms sort correctly as plain strings, which is what makes `sys_updated_on>=…`
/// comparisons and `ORDERBYsys_updated_on` cheap in the sandbox. Formatting uses `gmtime_r`
/// rather than a shared `DateFormatter`, which is neither fast nor safe across threads.
enum GlideDateTime {
  /// `date` as `YYYY-MM-DD HH:MM:SS` UTC.
  static func format(_ date: Date) -> String {
    var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
    var parts = tm()
    gmtime_r(&seconds, &parts)
    return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-" + pad(Int(parts.tm_mday), 2)
      + " " + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
  }

  /// `date` as `YYYY-MM-DD` UTC.
  static func formatDate(_ date: Date) -> String {
    String(format(date).prefix(10))
  }

  /// Parses `YYYY-MM-DD HH:MM:SS` (UTC) or `YYYY-MM-DD` (midnight UTC); `nil` when the text
  /// is not a real calendar date and time in one of those forms.
  static func parse(_ text: String) -> Date? {
    let digits = Array(text.utf8)
    guard digits.count == 10 || digits.count == 19 else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for index in range {
        let byte = digits[index]
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      return value
    }
    guard digits[4] == UInt8(ascii: "-"), digits[7] == UInt8(ascii: "-"),
          let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
    var hour = 0, minute = 0, second = 0
    if digits.count == 19 {
      guard digits[10] == UInt8(ascii: " "), digits[13] == UInt8(ascii: ":"), digits[16] == UInt8(ascii: ":"),
            let h = number(11..<13), let m = number(14..<16), let s = number(17..<19) else { return nil }
      (hour, minute, second) = (h, m, s)
    }
    guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
    var parts = tm()
    parts.tm_year = Int32(year - 1900)
    parts.tm_mon = Int32(month - 1)
    parts.tm_mday = Int32(day)
    parts.tm_hour = Int32(hour)
    parts.tm_min = Int32(minute)
    parts.tm_sec = Int32(second)
    let seconds = timegm(&parts)
    let date = Date(timeIntervalSince1970: TimeInterval(seconds))
    // timegm normalizes 2026-02-31 to March 3rd; a round trip catches such non-dates.
    let canonical = digits.count == 19 ? format(date) : formatDate(date)
    return canonical == text ? date : nil
  }

  /// Parses an RFC 3339 UTC timestamp such as `2026-01-31T08:00:00Z` (the form settings use).
  static func parseRFC3339(_ text: String) -> Date? {
    guard text.count == 20, text.hasSuffix("Z") else { return nil }
    let glide = text.dropLast().replacingOccurrences(of: "T", with: " ")
    return parse(glide)
  }

  /// `value` left-padded with zeros to `width` digits.
  private static func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
  }
}
