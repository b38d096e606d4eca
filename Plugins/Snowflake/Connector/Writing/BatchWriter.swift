import MLCPluginKit

/// Writes one batch of canonical records of one entity and reports an outcome per record.
///
/// 1. Each record is parsed and checked against its layout (`PreparedRecord`); one that
///    cannot be written fails alone, with the field named.
/// 2. Records sharing a key are reduced to the newest (`updated_at`, then position): a
///    MERGE whose source holds a key twice fails in Snowflake ("Duplicate row detected
///    during DML action"), and only the newest version should land. The others are
///    SKIPPED, naming the record that replaced them.
/// 3. One `SELECT key, _MLC_DIGEST … WHERE key IN (…)` per `rows_per_statement` keys reads
///    what the table holds. A key that is absent will be INSERTED; a key whose digest equals
///    the record's is SKIPPED (nothing the tables hold would change, so no statement is
///    sent: a second run of the same data writes nothing); any other key is UPDATED.
///    Reading first is what makes the outcome exact: Snowflake's MERGE stats are only
///    totals per statement, so they cannot say which row was inserted.
/// 4. The new and changed records go to `GroupWriter`.
final class BatchWriter {
  private let client: SQLAPIClient
  private let config: SnowflakeConfig
  private let provisioner: TableProvisioner
  private let host: PluginHost

  init(client: SQLAPIClient, config: SnowflakeConfig, provisioner: TableProvisioner, host: PluginHost) {
    self.client = client
    self.config = config
    self.provisioner = provisioner
    self.host = host
  }

  /// Writes `batch` and reports every record to `outcomes`.
  func write(_ batch: WriteBatch, outcomes: OutcomeReporter) throws {
    guard let layout = config.layouts[batch.entity] else {
      throw PluginError.unsupported("snowflake: no table for entity \"\(batch.entity)\"")
    }
    if config.createTables == .dryRun {
      throw PluginError.config("snowflake: create_tables is \"dry_run\", so nothing is written: run `mlc check` on this connection to see the DDL, create the tables (or let the connector do it), then set create_tables to \"auto\" or \"never\" and rerun")
    }
    let sentBefore = client.statementsSent, pollsBefore = client.polls

    var prepared: [PreparedRecord] = []
    prepared.reserveCapacity(batch.count)
    for index in batch.indices {
      do {
        prepared.append(try PreparedRecord(index: index, bytes: batch[index], layout: layout))
      } catch {
        outcomes.report(index, .failed, message: "snowflake: \(error.message)")
      }
    }
    let newest = newestPerKey(prepared, outcomes: outcomes)
    guard !newest.isEmpty else { return }

    let advice = FailureAdvice(client: client, config: config)
    do {
      try provisioner.creatingTablesIfMissing(layout) {
        try writeNewest(newest, layout: layout, outcomes: outcomes)
      }
    } catch let failure as StatementFailure {
      throw advice.error(for: failure)
    }
    host.log(.debug, "snowflake: \(batch.count) \(layout.entity) records in \(client.statementsSent - sentBefore) statements (\(client.polls - pollsBefore) polls)")
  }

  /// Reads what the tables hold for `records`, writes the new and changed ones and reports
  /// every one. Safe to run again from the start (after a missing table was created).
  private func writeNewest(_ records: [PreparedRecord], layout: EntityLayout, outcomes: OutcomeReporter) throws {
    let existing = try storedDigests(layout.header, keys: records.map(\.key))
    var changed: [PreparedRecord] = []
    for record in records {
      if existing[record.key] == record.digest {
        outcomes.report(record.index, .skipped, targetKey: record.key,
                        message: "unchanged: \(layout.header.name.sql) already holds this version")
      } else {
        changed.append(record)
      }
    }
    let writer = GroupWriter(client: client, layout: layout, rowsPerStatement: config.rowsPerStatement,
                             existing: existing, host: host)
    try writer.write(changed)
    for record in changed {
      if let failure = writer.failures[record.index] {
        outcomes.report(record.index, .failed, targetKey: "",
                        message: "snowflake: \(layout.entity) \"\(record.key)\" was refused by \(failure.statement): \(failure.snowflakeText)")
      } else {
        outcomes.report(record.index, existing[record.key] == nil ? .inserted : .updated, targetKey: record.key)
      }
    }
  }

  /// The newest record of each key, in batch order; reports the others as skipped.
  private func newestPerKey(_ records: [PreparedRecord], outcomes: OutcomeReporter) -> [PreparedRecord] {
    var winner: [String: Int] = [:]
    for (position, record) in records.enumerated() {
      // Fixed-width RFC 3339 UTC compares bytewise; on a tie the later record wins.
      if let current = winner[record.key], records[current].updatedAt > record.updatedAt {
        outcomes.report(record.index, .skipped, targetKey: record.key,
                        message: "superseded by record #\(records[current].index + 1) of this batch, a newer version of the same key")
        continue
      }
      if let current = winner[record.key] {
        outcomes.report(records[current].index, .skipped, targetKey: record.key,
                        message: "superseded by record #\(record.index + 1) of this batch, a newer version of the same key")
      }
      winner[record.key] = position
    }
    return records.indices.filter { winner[records[$0].key] == $0 }.map { records[$0] }
  }

  /// The `_MLC_DIGEST` stored for each of `keys` that exists in `table`.
  private func storedDigests(_ table: TableLayout, keys: [String]) throws -> [String: String] {
    var digests: [String: String] = [:]
    var start = 0
    while start < keys.count {
      let end = min(start + config.rowsPerStatement, keys.count)
      let statement = StatementBuilder.selectDigests(table, keys: Array(keys[start..<end]))
      let result = try client.execute(statement)
      for row in result.rows where row.count >= 2 {
        if let key = row[0] { digests[key] = row[1] ?? "" }
      }
      start = end
    }
    return digests
  }
}
