import Foundation

/// The text encodings a secret takes on its way into URLs and JSON, for the `Redactor`.
enum SecretEncodings {
  /// Percent-encodings of `value`: RFC 3986 strict (only unreserved characters left bare)
  /// with upper- and lowercase hex, HTML form encoding (space as `+`), and the query-string
  /// encoding that leaves sub-delimiters, `:`, `@`, `/` and `?` bare (what Foundation's
  /// `.urlQueryAllowed` produces). Forms equal to `value` are omitted.
  static func percentEncodings(of value: [UInt8]) -> [[UInt8]] {
    let strict = encode(value, keeping: unreserved, lowercase: false, spaceAsPlus: false)
    let forms = [
      strict,
      encode(value, keeping: unreserved, lowercase: true, spaceAsPlus: false),
      encode(value, keeping: unreserved, lowercase: false, spaceAsPlus: true),
      encode(value, keeping: queryAllowed, lowercase: false, spaceAsPlus: false),
    ]
    return forms.filter { $0 != value }
  }

  /// JSON string escapings of `value` (without the quotes): with `/` bare and with `/`
  /// escaped as `\/` (JSONSerialization's default). Empty when `value` is not UTF-8 or
  /// needs no escaping.
  static func jsonEscapings(of value: [UInt8]) -> [[UInt8]] {
    guard String(validating: value, as: UTF8.self) != nil else { return [] }
    let forms = [escapeJSON(value, slash: false), escapeJSON(value, slash: true)]
    return forms.filter { $0 != value }
  }

  private static let unreserved: Set<UInt8> = Set(
    Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))
  private static let queryAllowed: Set<UInt8> = unreserved.union(Array("!$&'()*+,;=:@/?".utf8))

  private static func encode(_ value: [UInt8], keeping bare: Set<UInt8>, lowercase: Bool, spaceAsPlus: Bool) -> [UInt8] {
    let digits = Array((lowercase ? "0123456789abcdef" : "0123456789ABCDEF").utf8)
    var output: [UInt8] = []
    output.reserveCapacity(value.count * 3)
    for byte in value {
      if bare.contains(byte) {
        output.append(byte)
      } else if spaceAsPlus && byte == UInt8(ascii: " ") {
        output.append(UInt8(ascii: "+"))
      } else {
        output += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
      }
    }
    return output
  }

  private static func escapeJSON(_ value: [UInt8], slash: Bool) -> [UInt8] {
    var output: [UInt8] = []
    for byte in value {
      switch byte {
      case UInt8(ascii: "\""): output += Array("\\\"".utf8)
      case UInt8(ascii: "\\"): output += Array("\\\\".utf8)
      case UInt8(ascii: "/") where slash: output += Array("\\/".utf8)
      case 0x0A: output += Array("\\n".utf8)
      case 0x0D: output += Array("\\r".utf8)
      case 0x09: output += Array("\\t".utf8)
      case 0x00..<0x20: output += Array(String(format: "\\u%04x", byte).utf8)
      default: output.append(byte)
      }
    }
    return output
  }
}
