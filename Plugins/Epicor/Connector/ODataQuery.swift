/// An OData query string built option by option, percent-encoded as the host expects
/// (`mlc_http_request_t.query` is sent as is).
///
/// Epicor's OData option names are case-sensitive (`$filter`, not `$Filter`) and strings are
/// single-quoted with `''` for a quote inside (SYSTEMS.md §1.5 [V]).
struct ODataQuery {
  private var items: [(name: String, value: String)] = []

  /// Appends `name=value`.
  mutating func add(_ name: String, _ value: String) {
    items.append((name, value))
  }

  /// The encoded query, without the leading `?`.
  var encoded: String {
    items.map { Self.encode($0.name, keepDollar: true) + "=" + Self.encode($0.value, keepDollar: false) }
      .joined(separator: "&")
  }

  /// An OData string literal: `'O''Brien'`.
  static func quoted(_ text: String) -> String {
    "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
  }

  /// Percent-encodes everything but RFC 3986 unreserved characters (and `$` in option names).
  static func encode(_ text: String, keepDollar: Bool) -> String {
    var result: [UInt8] = []
    result.reserveCapacity(text.utf8.count)
    let hex = Array("0123456789ABCDEF".utf8)
    for byte in text.utf8 {
      let unreserved = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
      if unreserved || (keepDollar && byte == UInt8(ascii: "$")) {
        result.append(byte)
      } else {
        result.append(UInt8(ascii: "%"))
        result.append(hex[Int(byte >> 4)])
        result.append(hex[Int(byte & 0x0F)])
      }
    }
    return String(decoding: result, as: UTF8.self)
  }

  /// Percent-encodes one path segment (a company ID, an entity key).
  static func encodePathSegment(_ text: String) -> String {
    encode(text, keepDollar: false)
  }
}
