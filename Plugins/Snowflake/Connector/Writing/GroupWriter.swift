import MLCPluginKit

/// Writes the changed records of one batch: groups of up to `rows_per_statement` records,
/// each group as line MERGE(s), a delete of dropped lines, then the header MERGE.
///
/// Why this order: the header row's `_MLC_DIGEST` is what tells a later run the record is
/// already loaded, so it is written last; a crash between statements leaves the old digest
/// (or none), and the rerun writes the whole record again.
///
/// Each statement gets a random `requestId`. The host resends a request byte for byte
/// (same id, `retry=true`), so Snowflake never runs one submission twice; a batch retry or
/// a rerun reads the digests again and computes its statements against what the tables
/// hold then, and every statement is an idempotent upsert or delete, so running it again
/// would change nothing anyway. (Ids derived from the statement and the state read before
/// it were tried: an emptied table made them repeat an earlier load's, Snowflake answered
/// those from history without running them, and catching that cost two `COUNT(*)` checks
/// per inserting group, a third of a first load's statements.)
///
/// A data error (a value Snowflake would not take) fails the statement, not one row, so a
/// failed group is split in halves until the record at fault stands alone and fails by
/// itself; its neighbours are written. Any other `StatementFailure` is thrown to the
/// caller, which decides (create a missing table, or stop with advice).
final class GroupWriter {
  private let client: SQLAPIClient
  private let layout: EntityLayout
  private let rowsPerStatement: Int
  /// Stored digest of each key that existed before the batch.
  private let existing: [String: String]
  private let host: PluginHost
  /// Records Snowflake refused, by batch index.
  private(set) var failures: [Int: StatementFailure] = [:]

  init(client: SQLAPIClient, layout: EntityLayout, rowsPerStatement: Int, existing: [String: String],
       host: PluginHost) {
    self.client = client
    self.layout = layout
    self.rowsPerStatement = rowsPerStatement
    self.existing = existing
    self.host = host
  }

  /// Writes `records` (all new or changed); failures of single records land in `failures`.
  func write(_ records: [PreparedRecord]) throws {
    var start = 0
    while start < records.count {
      let end = min(start + rowsPerStatement, records.count)
      try writeSplitting(records[start..<end])
      start = end
    }
  }

  private func writeSplitting(_ group: ArraySlice<PreparedRecord>) throws {
    do {
      try writeGroup(group)
    } catch let failure as StatementFailure where failure.isDataError {
      guard group.count > 1 else {
        failures[group[group.startIndex].index] = failure
        return
      }
      let middle = group.startIndex + group.count / 2
      try writeSplitting(group[group.startIndex..<middle])
      try writeSplitting(group[middle..<group.endIndex])
    }
  }

  /// The statements of one group: line MERGE(s), the stale-line DELETE, the header MERGE.
  ///
  /// The DELETE runs for new headers too: lines without their header are what a run
  /// stopped between the line MERGE and the header MERGE leaves, and the version written
  /// now may have other line numbers than that one.
  private func writeGroup(_ group: ArraySlice<PreparedRecord>) throws {
    if let lines = layout.lines {
      let rows = group.flatMap(\.lines)
      var start = 0
      while start < rows.count {
        let end = min(start + rowsPerStatement, rows.count)
        _ = try run(StatementBuilder.merge(lines, rows: Array(rows[start..<end])))
        start = end
      }
      _ = try run(StatementBuilder.deleteStaleLines(lines, keys: group.map(\.key), digests: group.map(\.digest)))
    }
    let result = try run(StatementBuilder.merge(layout.header, rows: group.map(\.header)))
    let inserts = group.filter { existing[$0.key] == nil }.count
    if let inserted = result.inserted, let updated = result.updated,
       inserted != inserts || updated != group.count - inserts {
      host.log(.warn, "snowflake: MERGE into \(layout.header.name.sql) inserted \(inserted) and updated \(updated) rows where the keys read just before said \(inserts) and \(group.count - inserts); another writer may be loading this table at the same time")
    }
  }

  /// Runs one statement under a random `requestId`.
  private func run(_ statement: SQLStatement) throws -> StatementResult {
    try client.execute(statement)
  }
}
