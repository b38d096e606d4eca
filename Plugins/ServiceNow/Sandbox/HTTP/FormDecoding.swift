/// Decoding of `application/x-www-form-urlencoded` bodies, as `/oauth_token.do` receives
/// them, and percent-encoding for the URLs the sandbox writes into `Link` headers.
enum FormDecoding {
  /// The name/value pairs of `body`, decoded, `+` as space, in order.
  static func pairs(_ body: [UInt8]) -> [(name: String, value: String)] {
    body.split(separator: UInt8(ascii: "&")).map { item in
      let parts = item.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
      return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
    }
  }

  /// The value of the first pair named `name`, if any.
  static func value(_ name: String, in pairs: [(name: String, value: String)]) -> String? {
    pairs.first { $0.name == name }?.value
  }

  /// Decodes `%XX` escapes and `+`; malformed escapes are kept as written.
  static func decode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var index = bytes.startIndex
    while index != bytes.endIndex {
      let byte = bytes[index]
      if byte == UInt8(ascii: "%"),
         let first = bytes.index(index, offsetBy: 1, limitedBy: bytes.endIndex), first != bytes.endIndex,
         let second = bytes.index(first, offsetBy: 1, limitedBy: bytes.endIndex), second != bytes.endIndex,
         let high = hex(bytes[first]), let low = hex(bytes[second]) {
        output.append(high << 4 | low)
        index = bytes.index(after: second)
        continue
      }
      output.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
      index = bytes.index(after: index)
    }
    return String(decoding: output, as: UTF8.self)
  }

  private static func hex(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}
