/// A column or expression type, and how the sandbox stores it in SQLite.
///
/// Storage keeps comparisons and sums exact and ordered: NUMBER(p,s) is an integer scaled by
/// 10^s (so `SUM` of money never rounds), DATE is days since the epoch, TIMESTAMP_* are
/// nanoseconds since the epoch (UTC instant for TZ/LTZ, wall clock for NTZ), BOOLEAN is 0/1,
/// VARIANT is JSON text. Type names and synonyms follow docs.snowflake.com/en/sql-reference/
/// intro-summary-data-types.
enum SnowflakeType: Equatable, Sendable {
  case text(length: Int?)
  case fixed(precision: Int, scale: Int)
  case real
  case boolean
  case date
  case timestampNTZ
  case timestampLTZ
  case timestampTZ
  case variant

  /// The largest scale the sandbox stores exactly (scaled values must fit in 64 bits).
  static let maxScale = 12
  /// VARCHAR's default and maximum length in characters.
  static let maxTextLength = 16_777_216

  /// Reads a type as written in DDL or a cast; throws `001003` at an unknown name.
  init(_ type: TypeName) throws {
    let arguments = type.arguments
    switch type.name {
    case "VARCHAR", "STRING", "TEXT", "CHAR", "CHARACTER", "NVARCHAR", "NCHAR", "NVARCHAR2", "CHAR VARYING":
      self = .text(length: arguments.first ?? (type.name.hasPrefix("CHAR") || type.name == "NCHAR" ? 1 : nil))
    case "NUMBER", "DECIMAL", "NUMERIC", "DEC":
      let precision = arguments.first ?? 38
      let scale = arguments.count > 1 ? arguments[1] : 0
      guard (1...38).contains(precision), (0...min(precision, Self.maxScale)).contains(scale) else {
        throw SnowflakeSQLError.syntax(type.position, found: type.name)
      }
      self = .fixed(precision: precision, scale: scale)
    case "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT":
      self = .fixed(precision: 38, scale: 0)
    case "FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "REAL":
      self = .real
    case "BOOLEAN":
      self = .boolean
    case "DATE":
      self = .date
    case "DATETIME", "TIMESTAMP", "TIMESTAMP_NTZ":
      self = .timestampNTZ
    case "TIMESTAMP_LTZ":
      self = .timestampLTZ
    case "TIMESTAMP_TZ":
      self = .timestampTZ
    case "VARIANT", "OBJECT", "ARRAY":
      self = .variant
    default:
      throw SnowflakeSQLError.syntax(type.position, found: type.name)
    }
  }

  /// The `rowType[].type` value, lower case as in the SQL API's captured responses
  /// (SYSTEMS.md §3.4).
  var rowTypeName: String {
    switch self {
    case .text: return "text"
    case .fixed: return "fixed"
    case .real: return "real"
    case .boolean: return "boolean"
    case .date: return "date"
    case .timestampNTZ: return "timestamp_ntz"
    case .timestampLTZ: return "timestamp_ltz"
    case .timestampTZ: return "timestamp_tz"
    case .variant: return "variant"
    }
  }

  /// The type as `DESC TABLE` spells it, for messages.
  var sqlName: String {
    switch self {
    case .text(let length): return "VARCHAR(\(length ?? Self.maxTextLength))"
    case .fixed(let precision, let scale): return "NUMBER(\(precision),\(scale))"
    case .real: return "FLOAT"
    case .boolean: return "BOOLEAN"
    case .date: return "DATE"
    case .timestampNTZ: return "TIMESTAMP_NTZ(9)"
    case .timestampLTZ: return "TIMESTAMP_LTZ(9)"
    case .timestampTZ: return "TIMESTAMP_TZ(9)"
    case .variant: return "VARIANT"
    }
  }

  var isNumeric: Bool {
    switch self {
    case .fixed, .real: return true
    default: return false
    }
  }

  var isTimestamp: Bool {
    switch self {
    case .timestampNTZ, .timestampLTZ, .timestampTZ: return true
    default: return false
    }
  }

  /// The scale of a NUMBER, or nil for other types.
  var scale: Int? {
    if case .fixed(_, let scale) = self { return scale }
    return nil
  }
}
