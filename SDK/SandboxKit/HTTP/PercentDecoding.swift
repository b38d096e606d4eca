/// Percent-decoding of request targets and `application/x-www-form-urlencoded` query strings.
///
/// Written by hand rather than with `URLComponents` because that type rejects or rewrites
/// targets real clients send (unencoded `'`, `$`, `[`, spaces in OData filters) and returns
/// `nil` for the whole target instead of decoding what it can. Malformed escapes such as `%zz`
/// are kept literally; decoded bytes that are not UTF-8 become U+FFFD.
enum PercentDecoding {
  /// Decodes `%XX` escapes in `text`; with `plusAsSpace`, `+` becomes a space (query syntax).
  static func decode<S: Collection>(_ text: S, plusAsSpace: Bool = false) -> String
  where S.Element == UInt8 {
    guard text.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) })
    else { return String(decoding: text, as: UTF8.self) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.count)
    var index = text.startIndex
    while index != text.endIndex {
      let byte = text[index]
      if byte == UInt8(ascii: "%"),
         let first = text.index(index, offsetBy: 1, limitedBy: text.endIndex), first != text.endIndex,
         let second = text.index(first, offsetBy: 1, limitedBy: text.endIndex), second != text.endIndex,
         let high = hexValue(text[first]), let low = hexValue(text[second]) {
        bytes.append(high << 4 | low)
        index = text.index(after: second)
        continue
      }
      bytes.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
      index = text.index(after: index)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Decodes a string's UTF-8 bytes; see `decode(_:plusAsSpace:)`.
  static func decode(_ text: String, plusAsSpace: Bool = false) -> String {
    decode(Array(text.utf8), plusAsSpace: plusAsSpace)
  }

  /// Splits a raw query string into decoded name/value pairs, in order.
  ///
  /// `a=1&b&&c=x+y` gives `[("a","1"), ("b",""), ("c","x y")]`: empty items are skipped and an
  /// item without `=` has an empty value, as browsers and OData clients expect.
  static func queryItems(_ query: String) -> [(name: String, value: String)] {
    var items: [(name: String, value: String)] = []
    for item in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
      if let equals = item.firstIndex(of: UInt8(ascii: "=")) {
        items.append((
          decode(item[item.startIndex..<equals], plusAsSpace: true),
          decode(item[item.index(after: equals)...], plusAsSpace: true)))
      } else {
        items.append((decode(item, plusAsSpace: true), ""))
      }
    }
    return items
  }

  /// The value of an ASCII hex digit, or `nil`.
  static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}
