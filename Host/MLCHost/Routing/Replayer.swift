/// Sends parked records (dead letters or held) to the sink again from their stored payload,
/// through the same `SinkDelivery` as a sync, and records the outcome: delivered records
/// leave the parking lot, the others stay with the new reason and one more attempt. The
/// cursor does not move: these records were read before.
struct Replayer {
  let flow: String
  let delivery: SinkDelivery
  let state: StateStore
  let logger: Logger

  /// Replays `records` (all of one flow) in delivery order, one page per entity and batch.
  func replay(_ records: [StateStore.ParkedRecord], runID: Int64, batchSize: Int,
              counts: inout [String: RunSummary.EntityCounts]) throws {
    let byEntity = Dictionary(grouping: records, by: \.entity)
    let page = RecordPage()
    for entity in CanonicalEntity.ordered(Array(byEntity.keys)) {
      let parked = byEntity[entity] ?? []
      var entityCounts = counts[entity] ?? RunSummary.EntityCounts(entity: entity)
      defer { counts[entity] = entityCounts }
      for start in stride(from: 0, to: parked.count, by: max(1, batchSize)) {
        let batch = parked[start..<min(start + max(1, batchSize), parked.count)]
        page.reset(entity: entity)
        for record in batch {
          let accepted = record.payload.withUnsafeBytes { page.append($0) }
          if !accepted { throw RunError("parked record \(record.id) (\(entity) \"\(record.sourceKey)\") no longer parses: \(page.refusal ?? "")") }
        }
        let outcomes = try delivery.write(page)
        var commit = PageCommit(runID: runID, flow: flow, entity: entity)
        for (index, record) in batch.enumerated() {
          commit.record(outcomes[index], of: page, at: index, sourceKey: record.sourceKey,
                        attempts: Int(record.attempts) + 1, redact: logger.redact)
          entityCounts.count(outcomes[index].outcome)
          entityCounts.replayed += 1
        }
        try state.commit(commit)
      }
    }
  }
}
