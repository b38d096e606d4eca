import Foundation

/// A binding from the request body, converted to its Snowflake type and storage form.
///
/// Binding types and value encodings are from docs.snowflake.com/en/developer-guide/sql-api/
/// submitting-requests#using-bind-variables-in-a-statement (SYSTEMS.md §3.3): values are always
/// strings; FIXED and REAL are numbers, DATE is milliseconds since the epoch, TIME and
/// TIMESTAMP_* are nanoseconds (TIMESTAMP_TZ optionally followed by an offset in minutes),
/// BOOLEAN is true/false, TEXT and BINARY (hex) are text. A value that does not parse is
/// Snowflake's `100037` "<type> value '<value>' is not recognized".
struct BoundValue: Sendable {
  let type: SnowflakeType
  let value: SQLiteValue

  /// Converts one `{"type": ..., "value": ...}` entry; `value` nil is SQL NULL.
  init(type name: String, value: String?) throws {
    let upper = name.uppercased()
    guard let value else {
      self.type = try Self.type(upper, sample: "0")
      self.value = .null
      return
    }
    let failure = SnowflakeSQLError.bindValue(type: upper, value: value)
    self.type = try Self.type(upper, sample: value)
    switch upper {
    case "FIXED", "DECFLOAT":
      guard let stored = try? FixedPoint.parse(value, scale: FixedPoint.scale(of: value)) else { throw failure }
      self.value = .integer(stored)
    case "REAL":
      guard let number = Double(value.trimmingCharacters(in: .whitespaces)) else { throw failure }
      self.value = .real(number)
    case "TEXT", "BINARY":
      self.value = .text(value)
    case "BOOLEAN":
      switch value.lowercased() {
      case "true", "1", "t", "yes", "y", "on": self.value = .integer(1)
      case "false", "0", "f", "no", "n", "off": self.value = .integer(0)
      default: throw failure
      }
    case "DATE":
      guard let millis = Int64(value) else { throw failure }
      self.value = .integer(TemporalCodec.floorDiv(millis, 86_400_000))
    case "TIME":
      guard let nanos = Int64(value) else { throw failure }
      self.value = .text(String(TemporalCodec.formatTimestamp(nanos).suffix(18)))
    case "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ":
      let parts = value.split(separator: " ")
      guard let first = parts.first, let nanos = Int64(first), parts.count <= 2 else { throw failure }
      self.value = .integer(nanos)
    default:
      throw failure
    }
  }

  /// The type a binding of kind `name` has; FIXED takes its scale from the value's digits.
  private static func type(_ name: String, sample: String) throws -> SnowflakeType {
    switch name {
    case "FIXED", "DECFLOAT":
      return .fixed(precision: 38, scale: min(FixedPoint.scale(of: sample), SnowflakeType.maxScale))
    case "REAL": return .real
    case "TEXT", "BINARY", "TIME": return .text(length: nil)
    case "BOOLEAN": return .boolean
    case "DATE": return .date
    case "TIMESTAMP_NTZ": return .timestampNTZ
    case "TIMESTAMP_LTZ": return .timestampLTZ
    case "TIMESTAMP_TZ": return .timestampTZ
    default: throw SnowflakeSQLError(code: "100037", sqlState: "22018", message: "Unsupported bind type '\(name)'")
    }
  }
}
