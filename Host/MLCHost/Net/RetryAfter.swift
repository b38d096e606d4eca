import Foundation

/// Parses the `Retry-After` response header (RFC 9110 §10.2.3): either a number of seconds
/// or an HTTP-date.
///
/// All three HTTP-date forms a recipient must accept (RFC 9110 §5.6.7) are parsed: the
/// preferred IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850 form
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`). A date is
/// turned into a delay against the injected clock; a date in the past means "now".
enum RetryAfter {
  /// The delay the header asks for, or nil when it is absent or unreadable (the caller
  /// falls back to its own backoff then).
  static func delay(_ value: String?, now: Date) -> TimeInterval? {
    guard let raw = value?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
    if raw.allSatisfy(\.isASCIIDigit) {
      return TimeInterval(raw).map { max(0, $0) }
    }
    guard let date = httpDate(raw) else { return nil }
    return max(0, date.timeIntervalSince(now))
  }

  /// Parses an HTTP-date in any of its three forms; nil when it is none of them.
  static func httpDate(_ text: String) -> Date? {
    for format in formats {
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: "en_US_POSIX")
      formatter.timeZone = TimeZone(identifier: "GMT")
      formatter.dateFormat = format
      // asctime pads single-digit days with a space; collapse runs of spaces so one
      // pattern covers both "Nov  6" and "Nov 16".
      let normalized = text.split(separator: " ", omittingEmptySubsequences: true)
        .joined(separator: " ")
      if let date = formatter.date(from: normalized) {
        return fixTwoDigitYear(date, text: normalized, format: format)
      }
    }
    return nil
  }

  private static let formats = [
    "EEE, dd MMM yyyy HH:mm:ss zzz",   // IMF-fixdate
    "EEEE, dd-MMM-yy HH:mm:ss zzz",    // RFC 850
    "EEE MMM d HH:mm:ss yyyy",         // asctime
  ]

  /// RFC 9110 says a two-digit RFC 850 year that appears more than 50 years in the future
  /// means the most recent past year with those digits; DateFormatter's own pivot differs,
  /// so the century is set here explicitly.
  private static func fixTwoDigitYear(_ date: Date, text: String, format: String) -> Date {
    guard format.contains("-yy ") else { return date }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "GMT")!
    let year = calendar.component(.year, from: date) % 100
    let thisYear = calendar.component(.year, from: Date())
    var full = thisYear - thisYear % 100 + year
    if full > thisYear + 50 { full -= 100 }
    var parts = calendar.dateComponents([.month, .day, .hour, .minute, .second], from: date)
    parts.year = full
    return calendar.date(from: parts) ?? date
  }
}

private extension Character {
  var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
