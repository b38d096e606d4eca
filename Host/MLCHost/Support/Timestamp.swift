import Foundation

/// RFC 3339 UTC timestamps for state rows and summaries.
enum Timestamp {
  static func now() -> String { format(Date()) }

  static func format(_ date: Date) -> String {
    var time = time_t(date.timeIntervalSince1970)
    var parts = tm()
    gmtime_r(&time, &parts)
    let millis = Int((date.timeIntervalSince1970 - Double(time)) * 1000)
    return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                  parts.tm_hour, parts.tm_min, parts.tm_sec, max(0, min(999, millis)))
  }

  /// Reads the timestamps `format` writes (and plain `YYYY-MM-DDTHH:MM:SSZ`).
  static func parse(_ text: String) -> Date? {
    let parts = text.split(whereSeparator: { "-T:.Z".contains($0) }).compactMap { Int($0) }
    guard parts.count >= 6 else { return nil }
    var fields = tm()
    fields.tm_year = Int32(parts[0] - 1900)
    fields.tm_mon = Int32(parts[1] - 1)
    fields.tm_mday = Int32(parts[2])
    fields.tm_hour = Int32(parts[3])
    fields.tm_min = Int32(parts[4])
    fields.tm_sec = Int32(parts[5])
    let seconds = timegm(&fields)
    let millis = parts.count > 6 ? Double(parts[6]) / 1000 : 0
    return Date(timeIntervalSince1970: Double(seconds) + millis)
  }
}
