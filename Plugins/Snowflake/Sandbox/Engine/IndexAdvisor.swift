/// A stored column that a statement compares with `=` or `IN` as it is (no conversion
/// wrapped around it), so an index on it can answer the comparison.
struct IndexedColumn: Hashable, Sendable {
  /// The table's SQLite name (`t3`).
  let table: String
  /// The column's SQLite name (`c2`).
  let column: String
}

/// Creates SQLite indexes for the columns statements look rows up by, the first time a
/// statement needs one, so MERGE, the `WHERE key IN (...)` reads and the `DELETE ... WHERE
/// parent IN (...)` of a loader cost O(rows in the statement × log(table)) instead of a scan
/// of the whole table per source row (which made a 20k-PO load quadratic: 312 s of CPU).
///
/// Snowflake has no user indexes (it prunes micro-partitions), so indexes are invisible
/// here too: they change no result, error or statistic, only the time. Which indexes exist:
/// - a MERGE's `ON` equalities on the target give one composite index over those columns in
///   the order the condition names them (`PARENT_KEY, LINE`), so SQLite's planner, which
///   has no statistics, cannot pick a poor single-column index for a two-column key;
/// - any other `=`/`IN` on a stored column gives a single-column index, unless an index
///   already starts with that column (the MERGE key serves `WHERE key IN (...)`).
///
/// Indexes are created inside the statement's transaction; `commit` and `rollback` keep the
/// bookkeeping in step with SQLite's, so a rolled-back statement's index is made again.
final class IndexAdvisor {
  /// Column lists of the indexes that exist, by table.
  private var indexes: [String: [[String]]] = [:]
  /// Indexes created by the running statement, not yet committed.
  private var pending: [(table: String, columns: [String])] = []

  /// Makes sure an index exists whose leading columns are `columns` (deduplicated, in order).
  func ensure(_ columns: [String], on table: String, in connection: SQLiteConnection) throws {
    var unique: [String] = []
    for column in columns where !unique.contains(column) { unique.append(column) }
    guard !unique.isEmpty else { return }
    let existing = (indexes[table] ?? []) + pending.filter { $0.table == table }.map(\.columns)
    guard !existing.contains(where: { $0.starts(with: unique) }) else { return }
    let name = "ix_\(table)_" + unique.joined(separator: "_")
    let list = unique.map { "\"\($0)\"" }.joined(separator: ", ")
    try connection.execute("CREATE INDEX IF NOT EXISTS main.\"\(name)\" ON \"\(table)\" (\(list))")
    pending.append((table, unique))
  }

  /// Makes sure each column in `columns` leads some index.
  func ensureEach(_ columns: [IndexedColumn], in connection: SQLiteConnection) throws {
    for column in columns {
      try ensure([column.column], on: column.table, in: connection)
    }
  }

  /// The composite index for a MERGE: the `ON` condition's columns of `table`.
  func ensureJoin(_ columns: [IndexedColumn], target table: String, in connection: SQLiteConnection) throws {
    try ensure(columns.filter { $0.table == table }.map(\.column), on: table, in: connection)
  }

  /// The running statement committed: its indexes exist.
  func commit() {
    for created in pending { indexes[created.table, default: []].append(created.columns) }
    pending.removeAll()
  }

  /// The running statement rolled back, and its indexes with it.
  func rollback() {
    pending.removeAll()
  }

  /// `table` was dropped; SQLite dropped its indexes.
  func forget(_ table: String) {
    indexes[table] = nil
    pending.removeAll { $0.table == table }
  }
}
