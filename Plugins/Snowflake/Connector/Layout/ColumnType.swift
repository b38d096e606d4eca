/// The Snowflake type of one column, how it is declared in DDL, and how a bound text value
/// becomes that type inside a statement.
///
/// Every value is bound as `TEXT` (the SQL API's bindings are strings anyway, SYSTEMS.md
/// §3.3) and converted in the statement's `SELECT` list with an explicit function, never by
/// splicing the value into SQL. That keeps decimals exact (`TO_NUMBER` parses the decimal
/// string; no binary float is involved), dates and timestamps independent of the
/// session's `*_INPUT_FORMAT` guesswork for anything but ISO 8601, and JSON as `VARIANT`
/// through `PARSE_JSON` (which Snowflake does not accept inside a `VALUES` list, so the
/// conversion must live in the `SELECT` over it).
enum ColumnType: Equatable, Sendable {
  /// `VARCHAR`: text kept exactly.
  case text
  /// `BOOLEAN`, bound as `true` / `false`.
  case boolean
  /// `NUMBER(38, scale)`: money and quantities from canonical decimal strings.
  case decimal(scale: Int)
  /// `NUMBER(38,0)`: line numbers.
  case integer
  /// `DATE` from `YYYY-MM-DD`.
  case date
  /// `TIMESTAMP_TZ` from an RFC 3339 timestamp; the offset (UTC for canonical records) is kept.
  case timestamp
  /// `VARIANT` from JSON text: nested arrays such as segments or payment applications, and
  /// the whole canonical record.
  case variant

  /// The money scale: four places hold every ISO 4217 currency (some have three) with room.
  static let money = ColumnType.decimal(scale: 4)
  /// Quantities and unit prices, which ERPs keep to more places than totals.
  static let quantity = ColumnType.decimal(scale: 6)

  /// The type as written in `CREATE TABLE`.
  var ddl: String {
    switch self {
    case .text: return "VARCHAR"
    case .boolean: return "BOOLEAN"
    case .decimal(let scale): return "NUMBER(38,\(scale))"
    case .integer: return "NUMBER(38,0)"
    case .date: return "DATE"
    case .timestamp: return "TIMESTAMP_TZ"
    case .variant: return "VARIANT"
    }
  }

  /// The expression that converts the bound text in `source` (a `VALUES` column such as
  /// `COLUMN3`) to this type.
  func conversion(_ source: String) -> String {
    switch self {
    case .text: return source
    case .boolean: return "TO_BOOLEAN(\(source))"
    case .decimal(let scale): return "TO_NUMBER(\(source), 38, \(scale))"
    case .integer: return "TO_NUMBER(\(source), 38, 0)"
    case .date: return "TO_DATE(\(source))"
    case .timestamp: return "TO_TIMESTAMP_TZ(\(source))"
    case .variant: return "PARSE_JSON(\(source))"
    }
  }

  /// A short description for error messages ("a decimal with at most 4 places").
  var expectation: String {
    switch self {
    case .text: return "text"
    case .boolean: return "true or false"
    case .decimal(let scale): return "a decimal string with at most \(scale) decimal places, such as \"1234.50\""
    case .integer: return "a whole number"
    case .date: return "a date YYYY-MM-DD"
    case .timestamp: return "an RFC 3339 timestamp such as 2026-01-31T08:00:00Z"
    case .variant: return "JSON"
    }
  }
}
