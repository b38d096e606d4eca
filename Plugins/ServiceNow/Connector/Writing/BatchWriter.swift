import Foundation

/// Sends staging rows with `POST /api/now/import/{staging}/insertMultiple`, up to
/// `batch_size` rows per call, then reads the outcome of every row back from the staging
/// tables.
///
/// insertMultiple answers only the new import set's sys_id, and it transforms the set in the
/// background unless the instance has a synchronous `sys_rest_insert_multiple` entry for the
/// table (SN-DOCS `rest-apis/c_ImportSetAPI.md`). So the writer first posts every chunk of a
/// round, then `ImportSetAwaiter` lists the staging rows of all those import sets with one
/// Table API read per staging table, reading again only while rows are `pending`.
///
/// All headers of a batch go first; lines go only for the records whose header reached its
/// target, in a second round of import sets, because a line's transform looks its header up.
/// The fewest calls for a batch of P records with L dependent rows are therefore
/// ⌈P/batch_size⌉ + ⌈L/batch_size⌉ insertMultiple calls plus one status read per round
/// (two rounds when there are lines), each read covering up to 40 sets / 10000 rows.
struct BatchWriter {
  let client: ServiceNowClient
  let targets: [StagingSlot: StagingTarget]
  let batchSize: Int
  /// Seconds to wait for one import set's transform.
  let timeout: Double
  /// insertMultiple calls (and status reads) in flight at once.
  let concurrency: Int
  /// When to make the first status read of a round.
  let pacer: TransformPacer

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
    var reports = [RowReport](repeating: .failed(.transient("the row was not sent")), count: flat.count)
    let chunkReports = try sendChunks(chunks.map { chunk in (chunk.slot, chunk.indices.map { flat[$0] }) })
    for (chunk, rowReports) in zip(chunks, chunkReports) {
      for (index, report) in zip(chunk.indices, rowReports) { reports[index] = report }
    }
    var grouped = groups.map { _ in [RowReport]() }
    for index in flat.indices { grouped[owner[index]].append(reports[index]) }
    return grouped
  }

  /// Posts every chunk as its own import set, then waits for all of them at once; the
  /// reports of each chunk's rows, in order. A chunk whose post failed reports that failure
  /// for each of its rows and is not read back.
  private func sendChunks(_ chunks: [(slot: StagingSlot, rows: [StagingRow])]) throws -> [[RowReport]] {
    let posted = ResultSlots<Result<String, ServiceNowFailure>>(count: chunks.count)
    let client = client, targets = targets
    try WorkerPool.run(chunks.count, workers: concurrency) { number in
      guard let target = targets[chunks[number].slot] else {
        posted[number] = .failure(.refused("no staging table configured for \(chunks[number].slot.rawValue)"))
        return
      }
      do {
        posted[number] = .success(try client.insertMultiple(target, chunks[number].rows))
      } catch let failure as ServiceNowFailure {
        posted[number] = .failure(failure)
      }
    }
    var reports = chunks.map { chunk in [RowReport](repeating: .failed(.transient("the row was not sent")), count: chunk.rows.count) }
    var sets: [ImportSetAwaiter.PostedSet] = []
    var chunkOfSet: [Int] = []
    for number in chunks.indices {
      switch posted[number] {
      case .success(let id)?:
        guard let target = targets[chunks[number].slot] else { continue }
        sets.append(ImportSetAwaiter.PostedSet(id: id, target: target, count: chunks[number].rows.count))
        chunkOfSet.append(number)
      case .failure(let failure)?:
        reports[number] = chunks[number].rows.map { _ in .failed(failure) }
      case nil:
        continue
      }
    }
    guard !sets.isEmpty else { return reports }
    let awaiter = ImportSetAwaiter(client: client, timeout: timeout, pacer: pacer, concurrency: concurrency)
    for (setReports, number) in zip(try awaiter.outcomes(sets), chunkOfSet) where setReports.count == chunks[number].rows.count {
      reports[number] = setReports
    }
    return reports
  }
}
