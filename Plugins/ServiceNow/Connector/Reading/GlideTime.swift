/// Conversions between ServiceNow's date-time text and the canonical cursor.
///
/// With `sysparm_display_value=false` (the default) the Table API returns `sys_updated_on`
/// as `YYYY-MM-DD HH:MM:SS` in UTC (SN-DOCS `rest-apis/c_TableAPI.md`). The canonical form is
/// fixed-width RFC 3339 UTC, `YYYY-MM-DDTHH:MM:SSZ`, which sorts byte by byte the same way,
/// as the host's cursor comparison needs.
enum GlideTime {
  /// `2026-01-05 08:00:00` → `2026-01-05T08:00:00Z`; nil for anything else.
  static func canonical(_ glide: String) -> String? {
    let bytes = Array(glide.utf8)
    guard bytes.count == 19, bytes[10] == UInt8(ascii: " "), isDateTime(bytes) else { return nil }
    return String(decoding: bytes[0..<10], as: UTF8.self) + "T" + String(decoding: bytes[11..<19], as: UTF8.self) + "Z"
  }

  /// A cursor (`2026-01-05T08:00:00Z`, optionally with fraction digits, which are dropped:
  /// the query reads `>=` the whole second) → `("2026-01-05", "08:00:00")`; nil otherwise.
  static func glideParts(_ cursor: String) -> (date: String, time: String)? {
    let bytes = Array(cursor.utf8)
    guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), bytes.last == UInt8(ascii: "Z"),
          isDateTime(Array(bytes[0..<19])) else { return nil }
    let rest = bytes[19..<(bytes.count - 1)]
    if !rest.isEmpty {
      guard rest.first == UInt8(ascii: "."), rest.count > 1, rest.dropFirst().allSatisfy(isDigit) else { return nil }
    }
    return (String(decoding: bytes[0..<10], as: UTF8.self), String(decoding: bytes[11..<19], as: UTF8.self))
  }

  /// The `sysparm_query` condition "updated at or after `cursor`", in the form the docs
  /// document: `gs.dateGenerate('yyyy-mm-dd','hh:mm:ss')` (SN-DOCS
  /// `server-api-reference/c_GlideSystemAPI.md`), which reads the time in the session's time
  /// zone. The integration user's time zone must therefore be UTC (GMT), as SYSTEMS.md §1.4
  /// recommends; how the literal form `sys_updated_on>=2026-01-05 08:00:00` is read is not
  /// documented [U].
  static func atOrAfter(_ cursor: String) -> String? {
    guard let parts = glideParts(cursor) else { return nil }
    return "sys_updated_on>=javascript:gs.dateGenerate('\(parts.date)','\(parts.time)')"
  }

  /// Whether `bytes` (19 of them) read `YYYY-MM-DD?HH:MM:SS` with plausible field values.
  private static func isDateTime(_ bytes: [UInt8]) -> Bool {
    guard bytes.count == 19 else { return false }
    let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
    guard digits.allSatisfy({ isDigit(bytes[$0]) }), bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
          bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":") else { return false }
    func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
    return (1...12).contains(number(5..<7)) && (1...31).contains(number(8..<10)) && number(11..<13) < 24
      && number(14..<16) < 60 && number(17..<19) < 61
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
