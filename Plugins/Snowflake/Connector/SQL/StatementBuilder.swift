/// Builds the connector's SQL: table DDL, the digest lookup, the MERGE upsert and the stale
/// line delete.
///
/// Shapes follow Snowflake's MERGE reference (docs.snowflake.com/en/sql-reference/sql/merge,
/// SYSTEMS.md §3.7): `MERGE INTO t USING (SELECT … FROM VALUES (?, …), …) s ON <key> WHEN
/// MATCHED THEN UPDATE SET … WHEN NOT MATCHED THEN INSERT (…) VALUES (…)`. The rows of a
/// VALUES list are named `COLUMN1`, `COLUMN2`, … by Snowflake; the SELECT over it converts
/// each bound text to its column's type and names it after the target column. Only
/// resolved identifiers and placeholders enter the text.
enum StatementBuilder {
  /// `CREATE TABLE IF NOT EXISTS` for `table`, one column per line; keys are NOT NULL.
  static func createTable(_ table: TableLayout) -> SQLStatement {
    let columns = table.columns.map { column in
      "  \(column.name.sql) \(column.type.ddl)" + (column.isKey ? " NOT NULL" : "")
    }
    let text = "CREATE TABLE IF NOT EXISTS \(table.name.sql) (\n" + columns.joined(separator: ",\n") + "\n)"
    return SQLStatement(text, summary: "CREATE TABLE IF NOT EXISTS \(table.name.sql)")
  }

  /// The stored digest of each of `keys` that exists in the header `table`.
  static func selectDigests(_ table: TableLayout, keys: [String]) -> SQLStatement {
    let key = table.keyColumns[0].name.sql
    let digest = table.column(.digest)!.name.sql
    let text = "SELECT \(key), \(digest) FROM \(table.name.sql) WHERE \(key) IN (\(placeholders(keys.count)))"
    return SQLStatement(text, bindings: keys, summary: "SELECT existing keys from \(table.name.sql) (\(keys.count) keys)")
  }

  /// Upserts `rows` (values of `table.boundColumns` each) keyed on the table's key columns.
  static func merge(_ table: TableLayout, rows: [[String?]]) -> SQLStatement {
    let bound = table.boundColumns
    let selectList = bound.enumerated().map { offset, column in
      "\(column.type.conversion("COLUMN\(offset + 1)")) AS \(column.name.sql)"
    }.joined(separator: ", ")
    let rowPlaceholders = "(" + placeholders(bound.count) + ")"
    let valuesList = Array(repeating: rowPlaceholders, count: rows.count).joined(separator: ", ")
    let condition = table.keyColumns.map { "t.\($0.name.sql) = s.\($0.name.sql)" }.joined(separator: " AND ")
    let loaded = table.column(.loadedAt)

    var assignments = bound.filter { !$0.isKey }.map { "\($0.name.sql) = s.\($0.name.sql)" }
    var insertColumns = bound.map(\.name.sql)
    var insertValues = bound.map { "s.\($0.name.sql)" }
    if let loaded {
      assignments.append("\(loaded.name.sql) = CURRENT_TIMESTAMP()")
      insertColumns.append(loaded.name.sql)
      insertValues.append("CURRENT_TIMESTAMP()")
    }
    let text = "MERGE INTO \(table.name.sql) t USING (SELECT \(selectList) FROM VALUES \(valuesList)) s ON \(condition)"
      + " WHEN MATCHED THEN UPDATE SET \(assignments.joined(separator: ", "))"
      + " WHEN NOT MATCHED THEN INSERT (\(insertColumns.joined(separator: ", "))) VALUES (\(insertValues.joined(separator: ", ")))"
    var bindings: [String?] = []
    bindings.reserveCapacity(rows.count * bound.count)
    for row in rows { bindings.append(contentsOf: row) }
    return SQLStatement(text, bindings: bindings, summary: "MERGE into \(table.name.sql) (\(rows.count) rows)")
  }

  /// Deletes lines of the headers `keys` that the headers' current versions (`digests`)
  /// no longer have: every line a version writes carries that version's digest.
  static func deleteStaleLines(_ lines: TableLayout, keys: [String], digests: [String]) -> SQLStatement {
    let parent = lines.column(.parentKey)!.name.sql
    let digest = lines.column(.digest)!.name.sql
    let text = "DELETE FROM \(lines.name.sql) WHERE \(parent) IN (\(placeholders(keys.count)))"
      + " AND \(digest) NOT IN (\(placeholders(digests.count)))"
    return SQLStatement(text, bindings: keys + digests,
                        summary: "DELETE dropped lines from \(lines.name.sql) (\(keys.count) headers)")
  }

  /// The statement `check` runs.
  static let context = SQLStatement(
    "SELECT CURRENT_ACCOUNT(), CURRENT_ROLE(), CURRENT_WAREHOUSE(), CURRENT_USER(), CURRENT_DATABASE(), CURRENT_SCHEMA()",
                                    summary: "SELECT the session context")

  /// `?, ?, …` with `count` placeholders.
  static func placeholders(_ count: Int) -> String {
    Array(repeating: "?", count: count).joined(separator: ", ")
  }
}
