/// A statement failure in Snowflake's own terms: the error code, SQLSTATE and message a
/// `QueryFailureStatus` (HTTP 422) carries.
///
/// Codes and wording follow what Snowflake answers (shared/SYSTEMS.md §3.4 and §3.7, cited at
/// each factory); where Snowflake's wording is not documented the factory says so.
public struct SnowflakeSQLError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The six-digit Snowflake error code, e.g. "000904".
  public var code: String
  /// The five-character SQLSTATE, e.g. "42000".
  public var sqlState: String
  /// The message as Snowflake words it.
  public var message: String

  /// Creates an error.
  public init(code: String, sqlState: String, message: String) {
    self.code = code
    self.sqlState = sqlState
    self.message = message
  }

  public var description: String { "\(code) (\(sqlState)): \(message)" }

  /// `001003`: the parser met a token it cannot use; `found` is the token text or `<EOF>`.
  /// Snowflake: "SQL compilation error:\nsyntax error line 1 at position 7 unexpected 'X'.".
  static func syntax(_ position: SourcePosition, found: String) -> SnowflakeSQLError {
    SnowflakeSQLError(
      code: "001003", sqlState: "42000",
      message: "SQL compilation error:\nsyntax error line \(position.line) at position \(position.column) unexpected '\(found)'.")
  }

  /// `000904`: a column name that resolves to nothing (SYSTEMS.md §3.4, verbatim example).
  static func invalidIdentifier(_ display: String, at position: SourcePosition) -> SnowflakeSQLError {
    SnowflakeSQLError(
      code: "000904", sqlState: "42000",
      message: "SQL compilation error: error line \(position.line) at position \(position.column)\ninvalid identifier '\(display)'")
  }

  /// `002003`: a table (or schema) that does not exist, as Snowflake words it for any object.
  static func objectNotFound(_ name: String) -> SnowflakeSQLError {
    SnowflakeSQLError(code: "002003", sqlState: "42S02",
                      message: "SQL compilation error:\nObject '\(name)' does not exist or not authorized.")
  }

  /// `002002`: `CREATE TABLE` of a name that exists, without `IF NOT EXISTS` or `OR REPLACE`.
  static func objectExists(_ name: String) -> SnowflakeSQLError {
    SnowflakeSQLError(code: "002002", sqlState: "42710", message: "SQL compilation error:\nObject '\(name)' already exists.")
  }

  /// `002140`: a function the sandbox (or Snowflake) does not know.
  static func unknownFunction(_ name: String, at position: SourcePosition) -> SnowflakeSQLError {
    SnowflakeSQLError(code: "002140", sqlState: "42601",
                      message: "SQL compilation error:\nUnknown function \(name)")
  }

  /// `002049`: a `?` placeholder without a matching entry in `bindings`.
  static func bindNotSet(_ index: Int) -> SnowflakeSQLError {
    SnowflakeSQLError(code: "002049", sqlState: "42601", message: "SQL compilation error: error line 0 at position -1\nBind variable :\(index) not set.")
  }

  /// `100037`: a binding whose value does not parse as its declared type (SYSTEMS.md §3.3).
  static func bindValue(type: String, value: String) -> SnowflakeSQLError {
    SnowflakeSQLError(code: "100037", sqlState: "22018", message: "\(type) value '\(value)' is not recognized")
  }

  /// `100090`: MERGE with several source rows joining one target row (SYSTEMS.md §3.7, [C]).
  static func duplicateRow(_ values: String) -> SnowflakeSQLError {
    SnowflakeSQLError(code: "100090", sqlState: "42P18", message: "Duplicate row detected during DML action\nRow Values: [\(values)]")
  }

  /// `100072`: NULL written to a NOT NULL column.
  static let nullInNotNull = SnowflakeSQLError(code: "100072", sqlState: "22000", message: "NULL result in a non-nullable column")

  /// `000606`/`57P03`: no usable warehouse. Snowflake answers this (two spaces after the first
  /// period) when the session has no warehouse, when the warehouse does not exist for the role,
  /// and when it is suspended with AUTO_RESUME = FALSE (SYSTEMS.md §3.7, [C]: snowflakedb
  /// issues and Airbyte logs). The alternative wording "Warehouse 'X' is suspended..." has no
  /// attested code or SQLSTATE, so the sandbox answers with the attested triple.
  static let noActiveWarehouse = SnowflakeSQLError(
    code: "000606", sqlState: "57P03",
    message: "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.")

  /// `000604`/`57014`: the statement was cancelled (SYSTEMS.md §3.4, cancel response).
  static let canceled = SnowflakeSQLError(code: "000604", sqlState: "57014", message: "SQL execution canceled")

  /// `000603`: anything the sandbox itself failed at; should never be seen.
  static func internalError(_ detail: String) -> SnowflakeSQLError {
    SnowflakeSQLError(code: "000603", sqlState: "XX000", message: "SQL execution internal error: \(detail)")
  }
}
