import Foundation

/// Sends staging rows with `POST /api/now/import/{staging}/insertMultiple`, up to
/// `batch_size` rows per call, then reads the outcome of every row back from the staging
/// table.
///
/// insertMultiple answers only the new import set's sys_id, and it transforms the set in the
/// background unless the instance has a synchronous `sys_rest_insert_multiple` entry for the
/// table (SN-DOCS `rest-apis/c_ImportSetAPI.md`). So the writer lists the staging rows of
/// that import set (`sysparm_query=sys_import_set=<id>^ORDERBYsys_import_row`) until none is
/// `pending`, waiting a little longer between reads, up to `import_timeout_seconds`; a
/// synchronous set is complete at the first read. Rows come back in `sys_import_row` order,
/// the order they were sent in, which is how each row finds its record; the column names
/// are from public client code [C].
///
/// All headers of a batch go first; lines go only for the records whose header reached its
/// target, in a second round of import sets, because a line's transform looks its header up.
struct BatchWriter {
  let client: ServiceNowClient
  let targets: [StagingSlot: StagingTarget]
  let batchSize: Int
  /// Seconds to wait for one import set's transform.
  let timeout: Double
  /// Import sets posted and awaited at once.
  let concurrency: Int

  /// Sends every plan's rows; one report per plan, in order.
  func send(_ plans: [RecordPlan]) throws -> [PlanReport] {
    let primary = try sendRows(plans.map(\.primary))
    var ready: [Int] = []
    for index in plans.indices where !plans[index].dependent.isEmpty && primary[index].allSatisfy(\.succeeded) {
      ready.append(index)
    }
    let dependent = try sendRows(ready.map { plans[$0].dependent })
    var reports = plans.indices.map { index in
      PlanReport(primary: primary[index], dependent: plans[index].dependent.isEmpty && primary[index].allSatisfy(\.succeeded) ? [] : nil)
    }
    for (position, index) in ready.enumerated() { reports[index].dependent = dependent[position] }
    return reports
  }

  /// Sends groups of rows (one group per record) and returns each group's reports.
  private func sendRows(_ groups: [[StagingRow]]) throws -> [[RowReport]] {
    var flat: [StagingRow] = []
    var owner: [Int] = []
    for (group, rows) in groups.enumerated() {
      flat += rows
      owner += Array(repeating: group, count: rows.count)
    }
    // Chunks of one table each, in send order, so a record's rows keep their order.
    var chunks: [(slot: StagingSlot, indices: [Int])] = []
    var open: [StagingSlot: Int] = [:]
    for (index, row) in flat.enumerated() {
      if let chunk = open[row.slot], chunks[chunk].indices.count < batchSize {
        chunks[chunk].indices.append(index)
      } else {
        open[row.slot] = chunks.count
        chunks.append((row.slot, [index]))
      }
    }
    let reports = ResultSlots<RowReport>(count: flat.count)
    let client = client, targets = targets, timeout = timeout
    try WorkerPool.run(chunks.count, workers: concurrency) { [chunks, flat] number in
      let chunk = chunks[number]
      let rows = chunk.indices.map { flat[$0] }
      let results = try Self.sendChunk(rows, to: targets[chunk.slot], client: client, timeout: timeout)
      for (index, result) in zip(chunk.indices, results) { reports[index] = result }
    }
    var grouped = groups.map { _ in [RowReport]() }
    for index in flat.indices {
      grouped[owner[index]].append(reports[index] ?? .failed(.transient("the row was not sent")))
    }
    return grouped
  }

  /// Posts one chunk and waits for its import set's transform.
  private static func sendChunk(_ rows: [StagingRow], to target: StagingTarget?, client: ServiceNowClient,
                                timeout: Double) throws -> [RowReport] {
    guard let target else { return rows.map { _ in .failed(.refused("no staging table configured")) } }
    let setID: String
    do {
      setID = try client.insertMultiple(target, rows)
    } catch let failure as ServiceNowFailure {
      return rows.map { _ in .failed(failure) }
    }
    return try awaitTransform(setID, target: target, count: rows.count, client: client, timeout: timeout)
  }

  /// Reads import set `setID`'s staging rows until every one has a result or time is up.
  private static func awaitTransform(_ setID: String, target: StagingTarget, count: Int, client: ServiceNowClient,
                                     timeout: Double) throws -> [RowReport] {
    let started = Date()
    var delay = 0.05
    while true {
      let listing: TableListing
      do {
        listing = try client.list(target.name, [
          ("sysparm_query", "sys_import_set=\(setID)^ORDERBYsys_import_row"),
          ("sysparm_fields", "sys_id,sys_import_row,sys_import_state,sys_import_state_comment,sys_target_sys_id"),
          ("sysparm_exclude_reference_link", "true"), ("sysparm_limit", String(count + 1)),
        ])
      } catch let failure as ServiceNowFailure {
        return (0..<count).map { _ in .failed(failure) }
      }
      let rows = listing.rows.sorted { Int($0["sys_import_row"] ?? "") ?? 0 < Int($1["sys_import_row"] ?? "") ?? 0 }
      if rows.count > count {
        let problem = ServiceNowFailure.refused("import set \(setID) of \(target.name) holds \(rows.count) staging rows "
          + "for the \(count) sent, so its outcomes cannot be matched to records; check the table for other writers")
        return (0..<count).map { _ in .failed(problem) }
      }
      let results = rows.map(RowResult.fromStagingRow)
      let finished = results.compactMap { $0 }
      if rows.count == count && finished.count == count {
        return finished.map { .done($0) }
      }
      let waited = Date().timeIntervalSince(started)
      if waited >= timeout {
        let pending = count - finished.count
        let late = ServiceNowFailure.transient("ServiceNow had not transformed import set \(setID) of \(target.name) "
          + "after \(Int(waited)) s (\(pending) of \(count) rows still pending); raise import_timeout_seconds or check "
          + "the instance's import set scheduler, then `mlc replay` the record")
        return (0..<count).map { index in
          guard index < results.count, let result = results[index] else { return .failed(late) }
          return .done(result)
        }
      }
      Thread.sleep(forTimeInterval: min(delay, max(0, timeout - waited)))
      delay = min(delay * 1.5, 2)
    }
  }
}
