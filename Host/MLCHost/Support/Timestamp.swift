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
}
