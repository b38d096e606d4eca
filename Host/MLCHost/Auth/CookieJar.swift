import Foundation

/// The cookies of one session, kept as the `Cookie` header value they produce.
///
/// Only name and value matter here: the jar belongs to one connection whose requests all
/// go to the same origin, so domain and path scoping would change nothing. A `Set-Cookie`
/// with an empty value, `Max-Age` ≤ 0 or an `Expires` in the past deletes the cookie, as
/// ASP.NET does on sign-out.
struct CookieJar: Equatable {
  private(set) var cookies: [(name: String, value: String)] = []

  /// Parses a `Cookie` header value (`a=1; b=2`).
  init(header: String) {
    for pair in header.split(separator: ";") {
      let parts = pair.split(separator: "=", maxSplits: 1)
      guard let name = parts.first?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { continue }
      cookies.append((name, parts.count > 1 ? String(parts[1]) : ""))
    }
  }

  /// The `Cookie` header value.
  var header: String { cookies.map { "\($0.name)=\($0.value)" }.joined(separator: "; ") }

  /// The cookie values (for redaction).
  var values: [String] { cookies.map(\.value) }

  /// Applies `Set-Cookie` field values in order.
  mutating func apply(_ setCookies: [String], now: Date) {
    for line in setCookies {
      let segments = line.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
      guard let first = segments.first, let equals = first.firstIndex(of: "=") else { continue }
      let name = String(first[..<equals])
      let value = String(first[first.index(after: equals)...])
      guard !name.isEmpty else { continue }
      let deleted = value.isEmpty || segments.dropFirst().contains { Self.expired($0, now: now) }
      cookies.removeAll { $0.name == name }
      if !deleted { cookies.append((name, value)) }
    }
  }

  static func == (lhs: CookieJar, rhs: CookieJar) -> Bool { lhs.header == rhs.header }

  private static func expired(_ attribute: String, now: Date) -> Bool {
    let parts = attribute.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { return false }
    switch parts[0].lowercased() {
    case "max-age": return (Int(parts[1]) ?? 1) <= 0
    case "expires": return expiryDate(parts[1]).map { $0 <= now } ?? false
    default: return false
    }
  }

  /// Cookie dates are HTTP-dates, or the Netscape form `Thu, 01-Jan-1970 00:00:00 GMT`.
  private static func expiryDate(_ text: String) -> Date? {
    if let date = RetryAfter.httpDate(text) { return date }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd-MMM-yyyy HH:mm:ss zzz"
    return formatter.date(from: text)
  }
}
