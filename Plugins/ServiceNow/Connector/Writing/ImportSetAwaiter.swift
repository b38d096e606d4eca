import Foundation

/// Reads back the outcome of every staging row of several insertMultiple import sets with
/// as few Table API calls as the API allows.
///
/// A staging row carries its import set in `sys_import_set` and its position in
/// `sys_import_row` ([C], see `RowResult`), so one read with the encoded query
/// `sys_import_setIN<id1>,<id2>,…` lists the rows of every set of one staging table at once
/// (`IN` is the platform's "is one of" operator: docs.servicenow.com "Operators available
/// for filters and queries", `r_OpAvailableFiltersQueries`). Rows are matched to their set by
/// `sys_import_set` and ordered by `sys_import_row`, the order they were sent in, which is
/// how each row finds its record. A read covers at most `maxSetsPerRead` sets and
/// `maxRowsPerRead` rows, below the Table API's default `sysparm_limit` of 10000, and
/// keeps the URL short.
///
/// While some rows are still `pending` (the set's background transform has not run yet),
/// only the unfinished sets are read again, after a wait growing from 50 ms to 2 s, until
/// `timeout`. The first read of a round waits what `TransformPacer` learned, so on an
/// asynchronous instance a round usually takes one read per staging table.
struct ImportSetAwaiter {
  /// One posted import set: its sys_id, its staging table and how many rows it holds.
  struct PostedSet: Sendable {
    let id: String
    let target: StagingTarget
    let count: Int
  }

  static let maxSetsPerRead = 40
  static let maxRowsPerRead = 10_000

  let client: ServiceNowClient
  let timeout: Double
  let pacer: TransformPacer
  /// Reads (one per staging table) made at once.
  let concurrency: Int

  /// What one read found for one set: every row's report, or the rows done so far.
  private enum Reading {
    case finished([RowReport])
    case pending([RowResult?])
  }

  /// The row reports of every set in `sets`, in the order of `sets` and of each set's rows.
  func outcomes(_ sets: [PostedSet]) throws -> [[RowReport]] {
    let readings = ResultSlots<Reading>(count: sets.count)
    var unfinished = Array(sets.indices)
    let started = Date()
    var delay = 0.05
    var reads = 0
    Thread.sleep(forTimeInterval: pacer.firstReadDelay)
    while !unfinished.isEmpty {
      let groups = Self.readGroups(unfinished, sets)
      let client = client
      try WorkerPool.run(groups.count, workers: concurrency) { number in
        for (index, reading) in try Self.read(groups[number].map { ($0, sets[$0]) }, client: client) {
          readings[index] = reading
        }
      }
      reads += 1
      unfinished.removeAll { if case .finished? = readings[$0] { return true } else { return false } }
      let waited = Date().timeIntervalSince(started)
      if unfinished.isEmpty {
        pacer.record(seconds: waited, pendingAtFirstRead: reads > 1)
        break
      }
      if waited >= timeout {
        for index in unfinished { readings[index] = .finished(Self.lateReports(sets[index], readings[index], waited: waited)) }
        break
      }
      Thread.sleep(forTimeInterval: min(delay, max(0, timeout - waited)))
      delay = min(delay * 1.5, 2)
    }
    return sets.indices.map { index in
      if case .finished(let reports)? = readings[index] { return reports }
      return []
    }
  }

  /// The unfinished sets split into reads: one staging table each, within the read limits.
  private static func readGroups(_ unfinished: [Int], _ sets: [PostedSet]) -> [[Int]] {
    var groups: [[Int]] = []
    var open: [String: (group: Int, rows: Int)] = [:]
    for index in unfinished {
      let table = sets[index].target.name
      if let current = open[table], groups[current.group].count < maxSetsPerRead,
         current.rows + sets[index].count <= maxRowsPerRead {
        groups[current.group].append(index)
        open[table] = (current.group, current.rows + sets[index].count)
      } else {
        open[table] = (groups.count, sets[index].count)
        groups.append([index])
      }
    }
    return groups
  }

  /// One read of `sets` (all of one staging table) and what it found for each. A read
  /// ServiceNow refused or that ran out of retries fails every row of every set in it;
  /// credential and config problems propagate and stop the batch.
  private static func read(_ sets: [(index: Int, set: PostedSet)], client: ServiceNowClient) throws -> [(Int, Reading)] {
    guard let table = sets.first?.set.target.name else { return [] }
    let expected = sets.reduce(0) { $0 + $1.set.count }
    let listing: TableListing
    do {
      listing = try client.list(table, [
        ("sysparm_query", "sys_import_setIN\(sets.map(\.set.id).joined(separator: ","))^ORDERBYsys_import_row"),
        ("sysparm_fields", "sys_id,sys_import_set,sys_import_row,sys_import_state,sys_import_state_comment,sys_target_sys_id"),
        ("sysparm_exclude_reference_link", "true"), ("sysparm_limit", String(expected + 1)),
      ])
    } catch let failure as ServiceNowFailure {
      return sets.map { ($0.index, .finished(Array(repeating: .failed(failure), count: $0.set.count))) }
    }
    var rowsBySet: [String: [[String: String]]] = [:]
    for row in listing.rows { rowsBySet[row["sys_import_set"] ?? "", default: []].append(row) }
    return sets.map { index, set in
      let rows = (rowsBySet[set.id] ?? []).sorted { Int($0["sys_import_row"] ?? "") ?? 0 < Int($1["sys_import_row"] ?? "") ?? 0 }
      if rows.count > set.count {
        let problem = ServiceNowFailure.refused("import set \(set.id) of \(table) holds \(rows.count) staging rows "
          + "for the \(set.count) sent, so its outcomes cannot be matched to records; check the table for other writers")
        return (index, .finished(Array(repeating: .failed(problem), count: set.count)))
      }
      let results = rows.map(RowResult.fromStagingRow)
      let done = results.compactMap { $0 }
      if done.count == set.count { return (index, .finished(done.map { .done($0) })) }
      return (index, .pending(results))
    }
  }

  /// The reports of a set still not transformed after `waited` seconds: rows the last read
  /// saw done keep their result, the rest fail as transient so `mlc replay` sends them again.
  private static func lateReports(_ set: PostedSet, _ last: Reading?, waited: Double) -> [RowReport] {
    var results: [RowResult?] = []
    if case .pending(let seen)? = last { results = seen }
    let pending = set.count - results.compactMap { $0 }.count
    let late = ServiceNowFailure.transient("ServiceNow had not transformed import set \(set.id) of \(set.target.name) "
      + "after \(Int(waited)) s (\(pending) of \(set.count) rows still pending); raise import_timeout_seconds or check "
      + "the instance's import set scheduler, then `mlc replay` the record")
    return (0..<set.count).map { index in
      guard index < results.count, let result = results[index] else { return .failed(late) }
      return .done(result)
    }
  }
}
