import MLCPluginKit

/// Writes the changed records of one batch: groups of up to `rows_per_statement` records,
/// each group as line MERGE(s), a delete of dropped lines, then the header MERGE.
///
/// Why this order: the header row's `_MLC_DIGEST` is what tells a later run the record is
/// already loaded, so it is written last; a crash between statements leaves the old digest
/// (or none), and the rerun writes the whole record again. Each statement's `requestId` is
/// derived from its body and the target state read before the batch (`existing`), so a
/// resend carries the same id and Snowflake does not run it twice.
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
      try writeGroup(group, freshRequestIDs: false)
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

  /// The statements of one group. With `freshRequestIDs` every statement gets a new random
  /// id (see `landed`).
  private func writeGroup(_ group: ArraySlice<PreparedRecord>, freshRequestIDs: Bool) throws {
    let context = freshRequestIDs ? nil : requestContext(group)
    if let lines = layout.lines {
      let rows = group.flatMap(\.lines)
      var start = 0
      while start < rows.count {
        let end = min(start + rowsPerStatement, rows.count)
        _ = try run(StatementBuilder.merge(lines, rows: Array(rows[start..<end])), lines, context)
        start = end
      }
      _ = try run(StatementBuilder.deleteStaleLines(lines, keys: group.map(\.key), digests: group.map(\.digest)),
                  lines, context)
    }
    let result = try run(StatementBuilder.merge(layout.header, rows: group.map(\.header)), layout.header, context)
    let inserts = group.filter { existing[$0.key] == nil }.count
    if let inserted = result.inserted, let updated = result.updated,
       inserted != inserts || updated != group.count - inserts {
      host.log(.warn, "snowflake: MERGE into \(layout.header.name.sql) inserted \(inserted) and updated \(updated) rows where the keys read just before said \(inserts) and \(group.count - inserts); another writer may be loading this table at the same time")
    }
    if inserts > 0, !freshRequestIDs, try !landed(group) {
      host.log(.warn, "snowflake: \(group.count) \(layout.entity) records (first key \"\(group[group.startIndex].key)\") were not in \(layout.header.name.sql) after their MERGE answered; Snowflake likely replayed an identical earlier statement from its history (was the table emptied?), so the group is sent again with new requestIds")
      try writeGroup(group, freshRequestIDs: true)
    }
  }

  /// Whether every header row and line row of `group` is in the tables with this
  /// version's digest.
  ///
  /// Needed for groups that insert: their target state before the batch ("absent") is the
  /// same whether the table was never loaded or was emptied since, so their derived
  /// requestIds repeat those of an earlier load, and Snowflake would answer from history
  /// without running them. Groups that only update read distinct digests first, so their
  /// ids cannot repeat an earlier statement's.
  private func landed(_ group: ArraySlice<PreparedRecord>) throws -> Bool {
    let digests = group.map(\.digest)
    let headers = try run(StatementBuilder.countDigests(layout.header, digests: digests), layout.header, nil)
    guard Int(headers.rows.first?.first.flatMap { $0 } ?? "") == group.count else { return false }
    guard let lines = layout.lines else { return true }
    let expected = group.reduce(0) { $0 + $1.lines.count }
    let counted = try run(StatementBuilder.countDigests(lines, digests: digests), lines, nil)
    return Int(counted.rows.first?.first.flatMap { $0 } ?? "") == expected
  }

  /// Runs one statement.
  private func run(_ statement: SQLStatement, _ table: TableLayout, _ context: String?) throws -> StatementResult {
    try client.execute(statement, requestContext: context)
  }

  /// What the group's statements were computed against: each key's stored digest.
  private func requestContext(_ group: ArraySlice<PreparedRecord>) -> String {
    var text = layout.entity
    for record in group {
      text += "\n\(record.key)=\(existing[record.key] ?? "-")"
    }
    return text
  }
}
