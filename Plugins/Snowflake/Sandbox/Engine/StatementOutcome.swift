/// Row counts of a DML statement, as the SQL API's `stats` object reports them.
public struct SnowflakeDMLStats: Sendable, Equatable {
  public var numRowsInserted = 0
  public var numRowsUpdated = 0
  public var numRowsDeleted = 0
  public var numDuplicateRowsUpdated = 0

  /// Creates stats.
  public init(numRowsInserted: Int = 0, numRowsUpdated: Int = 0, numRowsDeleted: Int = 0, numDuplicateRowsUpdated: Int = 0) {
    self.numRowsInserted = numRowsInserted
    self.numRowsUpdated = numRowsUpdated
    self.numRowsDeleted = numRowsDeleted
    self.numDuplicateRowsUpdated = numDuplicateRowsUpdated
  }
}

/// What one executed statement produced: its columns, its rows already encoded as the SQL
/// API's jsonv2 strings (nil for SQL NULL), and DML stats.
struct StatementOutcome: Sendable {
  let columns: [ResultColumn]
  let rows: [[String?]]
  var stats: SnowflakeDMLStats?

  /// A one-row, one-column `status` result, as Snowflake answers DDL
  /// ("Table VENDORS successfully created.").
  static func status(_ message: String) -> StatementOutcome {
    StatementOutcome(columns: [ResultColumn(name: "status", type: .text(length: nil), nullable: true, table: nil)],
                     rows: [[message]], stats: nil)
  }

  /// A DML result: one row of counts under Snowflake's column names ("number of rows
  /// inserted", ...), plus the same counts as `stats`.
  static func counts(_ columns: [(String, Int)], stats: SnowflakeDMLStats) -> StatementOutcome {
    StatementOutcome(
      columns: columns.map { ResultColumn(name: $0.0, type: .fixed(precision: 38, scale: 0), nullable: false, table: nil) },
      rows: [columns.map { String($0.1) }], stats: stats)
  }
}
