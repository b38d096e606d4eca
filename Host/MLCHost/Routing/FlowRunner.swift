import Foundation

/// Moves one flow's records: for each entity in delivery order, sends held records again,
/// reads pages from the source, drops what the cursor says was already delivered, writes the
/// rest to the sink, and commits each page's outcomes, audit rows and cursor advance in one
/// transaction. `RunLifecycle` owns the run around it.
///
/// A crash at any point loses nothing: the uncommitted page is read again on the next run
/// and the sink's idempotent writes make its second delivery harmless.
final class FlowRunner {
  let flow: DeploymentConfig.Flow
  let entities: [String]
  private let source: any RecordSource
  private let delivery: SinkDelivery
  private let state: StateStore
  private let logger: Logger
  private let progress: Progress?

  init(flow: DeploymentConfig.Flow, entities: [String], source: any RecordSource, delivery: SinkDelivery,
       state: StateStore, logger: Logger, progress: Progress?) {
    self.flow = flow
    self.entities = entities
    self.source = source
    self.delivery = delivery
    self.state = state
    self.logger = logger
    self.progress = progress
  }

  /// Runs every entity into `summary`; the first error stops the run after the last
  /// committed page (the state is consistent, a rerun resumes) and is rethrown.
  func run(runID: Int64, full: Bool, summary: inout RunSummary) throws {
    for entity in entities {
      var counts = RunSummary.EntityCounts(entity: entity)
      let started = Date()
      let before = traffic()
      defer {
        counts.seconds = Date().timeIntervalSince(started)
        for (connection, after) in traffic() {
          counts.traffic[connection] = after - (before[connection] ?? HTTPTraffic())
        }
        counts.apiCalls = counts.traffic.values.reduce(0) { $0 + $1.calls }
        summary.entities.append(counts)
        progress?.finish(entity: entity, counts: counts)
      }
      try runEntity(entity, runID: runID, full: full, counts: &counts)
    }
  }

  private func runEntity(_ entity: String, runID: Int64, full: Bool, counts: inout RunSummary.EntityCounts) throws {
    // Held records first: a mapping set since the last run may release them.
    let held = try state.parked(flow: flow.name, kind: .held, entity: entity)
    if !held.isEmpty {
      var replayCounts = [entity: counts]
      try Replayer(flow: flow.name, delivery: delivery, state: state, logger: logger)
        .replay(held, runID: runID, batchSize: flow.pageSize, counts: &replayCounts)
      counts = replayCounts[entity] ?? counts
    }
    var cursor = EntityCursor(flow: flow.name, entity: entity, source: source.connectionName,
                              stored: full ? nil : try state.cursor(flow: flow.name, entity: entity))
    let reader = try source.openReader(entity: entity, since: cursor.stored?.value, pageSize: flow.pageSize, full: full)
    let pages = PagePrefetcher(reader: reader)
    defer {
      pages.stop()
      reader.close()
    }
    // Records from several short source pages are gathered up to the flow's page size before
    // the sink sees them: an API that reads 100 rows a call must not force 100-row writes on
    // a sink that batches 1000 (one MERGE, one insertMultiple of 200, ...).
    let gathered = RecordPage()
    gathered.reset(entity: entity)
    // On a source error or a contract violation what was gathered still lands, so a source
    // that fails at the same place every run still makes progress.
    func deliverGatheredThenRethrow(_ error: any Error) throws -> Never {
      if gathered.count > 0 { try deliver(gathered, runID: runID, cursor: &cursor, counts: &counts) }
      throw error
    }
    var done = false
    while !done {
      let page: RecordPage
      do { (page, done) = try pages.next() } catch { try deliverGatheredThenRethrow(error) }
      defer { pages.recycle(page) }
      counts.pages += 1
      let kept: [Int]
      do {
        let admitted = try cursor.admit(page)
        kept = admitted.kept
        counts.alreadyDelivered += admitted.alreadyDelivered
      } catch {
        try deliverGatheredThenRethrow(error)
      }
      if gathered.count == 0 && kept.count == page.count && (kept.count >= flow.pageSize || (done && !kept.isEmpty)) {
        // A whole page that makes a batch on its own goes as it is, without copying.
        try deliver(page, runID: runID, cursor: &cursor, counts: &counts)
        continue
      }
      for index in kept { gathered.append(page, at: index) }
      if gathered.count > 0 && (gathered.count >= flow.pageSize || done) {
        try deliver(gathered, runID: runID, cursor: &cursor, counts: &counts)
        gathered.reset(entity: entity)
      }
    }
  }

  /// Writes one batch, then commits its outcomes, audit rows and the cursor mark it
  /// reaches in one transaction.
  private func deliver(_ page: RecordPage, runID: Int64, cursor: inout EntityCursor,
                       counts: inout RunSummary.EntityCounts) throws {
    let outcomes = try delivery.write(page)
    var commit = PageCommit(runID: runID, flow: flow.name, entity: page.entity)
    commit.deliveries.reserveCapacity(page.count)
    for index in 0..<page.count {
      commit.record(outcomes[index], of: page, at: index, sourceKey: page.envelopes[index].key ?? "", attempts: 1,
                    redact: logger.redact)
      counts.count(outcomes[index].outcome)
    }
    counts.read += page.count
    commit.mappingSeeds = try mappingSeeds(page, outcomes: outcomes)
    cursor.stamp(&commit)
    try state.commit(commit)
    cursor.committed()
    progress?.update(entity: page.entity, counts: counts)
  }

  /// Mapping rows the flow's `mapping_seeds` derive from this page's delivered records. Only
  /// reference entities are seeded, so parsing their small records in full is affordable.
  private func mappingSeeds(_ page: RecordPage, outcomes: [SinkResult]) throws
    -> [(table: String, source: String, target: String)]
  {
    let seeds = flow.mappingSeeds.filter { $0.entity == page.entity }
    guard !seeds.isEmpty else { return [] }
    var rows: [(table: String, source: String, target: String)] = []
    for index in 0..<page.count where outcomes[index].outcome.landed {
      let record = try JSONSerialization.jsonObject(with: Data(page.bytes(at: index))) as? [String: Any]
      guard let data = record?["data"] as? [String: Any] else { continue }
      for seed in seeds {
        if let from = data[seed.from] as? String, let to = data[seed.to] as? String, !from.isEmpty, !to.isEmpty {
          rows.append((seed.table, from, to))
        }
      }
    }
    return rows
  }

  /// HTTP work each connection of the flow did so far; connectors that make no calls have
  /// no entry. A flow may read and write through one connection name: both sides add up.
  private func traffic() -> [String: HTTPTraffic] {
    var byConnection: [String: HTTPTraffic] = [:]
    for (name, traffic) in [(source.connectionName, source.traffic), (delivery.sink.connectionName, delivery.sink.traffic)] {
      if let traffic { byConnection[name, default: HTTPTraffic()] += traffic }
    }
    return byConnection
  }
}

/// A run stopped for a reason that is not a plugin's status (a contract violation).
struct RunError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
