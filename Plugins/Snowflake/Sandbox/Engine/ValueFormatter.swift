import Foundation

/// Renders stored values: as the SQL API's `jsonv2` strings, as VARCHAR text for casts, and as
/// JSON for VARIANT columns.
///
/// jsonv2 encodings are from docs.snowflake.com/en/developer-guide/sql-api/handling-responses
/// (SYSTEMS.md §3.4): every value is a string; NUMBER is a decimal string with the column's
/// scale; BOOLEAN is "true"/"false"; DATE is days since the epoch; TIMESTAMP_NTZ/LTZ are
/// seconds since the epoch with nine decimals; TIMESTAMP_TZ adds the offset as minutes + 1440
/// (the sandbox stores UTC instants, so the offset is always 1440).
enum ValueFormatter {
  /// The jsonv2 string for a stored value, or nil for SQL NULL.
  static func json(_ value: SQLiteValue, as type: SnowflakeType) -> String? {
    if value == .null { return nil }
    switch (type, value) {
    case (.fixed(_, let scale), .integer(let number)): return FixedPoint.format(number, scale: scale)
    case (.real, _): return realText(value)
    case (.boolean, .integer(let number)): return number != 0 ? "true" : "false"
    case (.date, .integer(let days)): return String(days)
    case (.timestampNTZ, .integer(let nanos)), (.timestampLTZ, .integer(let nanos)):
      return TemporalCodec.jsonSeconds(nanos)
    case (.timestampTZ, .integer(let nanos)): return TemporalCodec.jsonSeconds(nanos) + " 1440"
    default: return plain(value)
    }
  }

  /// The value as VARCHAR, as `TO_VARCHAR` renders it with default output formats.
  static func text(_ value: SQLiteValue, as type: SnowflakeType) -> String {
    switch (type, value) {
    case (.fixed(_, let scale), .integer(let number)): return FixedPoint.format(number, scale: scale)
    case (.real, _): return realText(value)
    case (.boolean, .integer(let number)): return number != 0 ? "true" : "false"
    case (.date, .integer(let days)): return TemporalCodec.formatDate(days)
    case (.timestampNTZ, .integer(let nanos)), (.timestampLTZ, .integer(let nanos)):
      return TemporalCodec.formatTimestamp(nanos)
    case (.timestampTZ, .integer(let nanos)): return TemporalCodec.formatTimestamp(nanos) + " +0000"
    case (.variant, .text(let json)):
      // A VARIANT holding a JSON string casts to the string itself, without quotes.
      if let data = json.data(using: .utf8),
         let string = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? String {
        return string
      }
      return json
    default: return plain(value)
    }
  }

  /// The value as a VARIANT's JSON text: numbers and booleans bare, everything else a string.
  static func variantJSON(_ value: SQLiteValue, as type: SnowflakeType) -> String {
    switch type {
    case .fixed, .real, .boolean: return text(value, as: type)
    case .variant: return plain(value)
    default: return quoted(text(value, as: type))
    }
  }

  /// `text` as a JSON string literal.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case let control where control.value < 0x20:
        result += String(format: "\\u%04x", control.value)
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }

  private static func realText(_ value: SQLiteValue) -> String {
    switch value {
    case .real(let number):
      if number.rounded() == number && abs(number) < 1e15 { return String(Int64(number)) }
      return String(number)
    default: return plain(value)
    }
  }

  private static func plain(_ value: SQLiteValue) -> String {
    switch value {
    case .null: return "null"
    case .integer(let number): return String(number)
    case .real(let number): return String(number)
    case .text(let text): return text
    }
  }
}

extension SnowflakeType {
  /// A small integer naming the type, passed to SQL functions that format at run time.
  var tag: Int64 {
    switch self {
    case .text: return 0
    case .real: return 1
    case .boolean: return 2
    case .date: return 3
    case .timestampNTZ: return 4
    case .timestampLTZ: return 5
    case .timestampTZ: return 6
    case .variant: return 7
    case .fixed(_, let scale): return 100 + Int64(scale)
    }
  }

  /// The type a `tag` names (precision is not carried; formatting does not need it).
  init(tag: Int64) {
    switch tag {
    case 1: self = .real
    case 2: self = .boolean
    case 3: self = .date
    case 4: self = .timestampNTZ
    case 5: self = .timestampLTZ
    case 6: self = .timestampTZ
    case 7: self = .variant
    case 100...: self = .fixed(precision: 38, scale: Int(tag - 100))
    default: self = .text(length: nil)
    }
  }
}
