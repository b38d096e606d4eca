import MLCPluginKit

/// A statement Snowflake refused or failed: HTTP 422 `QueryFailureStatus` (or another
/// final status with a Snowflake error body), in Snowflake's own terms.
///
/// Body shape [V] (SYSTEMS.md §3.4): `{"code":"000904","message":"…","sqlState":"42000",
/// "statementHandle":"…"}`. The classifications below decide what the connector does:
/// bisect a multi-row statement to find the bad record (data errors), stop with
/// instructions (warehouse, missing table, compilation errors), or give up on the batch.
struct StatementFailure: Error, Sendable, CustomStringConvertible {
  /// The HTTP status that carried it (422 for statement failures).
  let status: Int
  /// Snowflake's six-digit error code, e.g. `000904`; empty when the body had none.
  let code: String
  /// The SQLSTATE, e.g. `42000`; empty when the body had none.
  let sqlState: String
  let message: String
  let statementHandle: String?
  /// The statement's summary (`MERGE into VENDORS (250 rows)`).
  let statement: String

  /// `code (sqlState): message`, as Snowflake reports it.
  var snowflakeText: String {
    let state = sqlState.isEmpty ? "" : " (SQLSTATE \(sqlState))"
    let handle = statementHandle.map { ", statement handle \($0)" } ?? ""
    return "Snowflake error \(code.isEmpty ? "?" : code)\(state): \(message)\(handle)"
  }

  var description: String { "\(statement) failed with HTTP \(status): \(snowflakeText)" }

  /// A value did not fit while the statement ran: Snowflake's `100…` execution errors
  /// (`100037` bind value not recognized, `100038` numeric value, `100040` date, `100072`
  /// NULL in a NOT NULL column, `100074` string too long), or SQLSTATE class 22 (data
  /// exception) / 23 (integrity constraint). Some row is at fault, so splitting the
  /// statement finds it. A "SQL compilation error" is never one, even with SQLSTATE 22000
  /// (`002023`, a column type mismatch): it fails every row alike, and splitting would only
  /// multiply statements.
  var isDataError: Bool {
    guard status == 422, !message.hasPrefix("SQL compilation error") else { return false }
    return code.hasPrefix("100") || sqlState.hasPrefix("22") || sqlState.hasPrefix("23")
  }

  /// No usable warehouse: `000606` / `57P03` "No active warehouse selected in the current
  /// session" [C], answered for a warehouse that is suspended with AUTO_RESUME = FALSE, that
  /// does not exist, or that the role may not use; or the wording "Warehouse 'X' is
  /// suspended" [C] (SYSTEMS.md §3.7).
  var isWarehouseUnavailable: Bool {
    code == "000606" || sqlState == "57P03" || message.contains("is suspended")
  }

  /// A table that does not exist (or the role cannot see): `002003` / `42S02`.
  var isMissingObject: Bool {
    code == "002003" || sqlState == "42S02"
  }

  /// A compilation error other than a missing object (`42…`: invalid identifier, type
  /// mismatch), which for a table the user created means its columns differ from the
  /// connector's layout.
  var isCompilationError: Bool {
    (sqlState.hasPrefix("42") || message.hasPrefix("SQL compilation error")) && !isMissingObject
  }

  /// Parses an error body; any body, even a non-JSON one, gives a failure that quotes it.
  init(status: Int, body: [UInt8], statement: String) {
    self.status = status
    self.statement = statement
    let parsed = try? JSONValue(parsing: body)
    code = parsed?["code"]?.stringValue ?? ""
    sqlState = parsed?["sqlState"]?.stringValue ?? ""
    statementHandle = parsed?["statementHandle"]?.stringValue
    if let text = parsed?["message"]?.stringValue {
      message = text
    } else {
      let raw = String(decoding: body.prefix(500), as: UTF8.self)
      message = raw.isEmpty ? "(empty body)" : raw
    }
  }
}
