import Foundation

/// Runs one flow: for each entity in delivery order, reads pages from the source, drops what
/// the cursor says was already delivered, writes the rest to the sink, and commits each
/// page's outcomes, audit rows and cursor advance in one transaction.
///
/// A crash at any point loses nothing: the uncommitted page is read again on the next run
/// and the sink's idempotent writes make its second delivery harmless.
final class FlowRunner {
  let flow: DeploymentConfig.Flow
  let entities: [String]
  private let source: PluginInstance
  private let sink: PluginInstance
  private let state: StateStore
  private let logger: Logger
  private let progress: Progress?
  /// How often a sink may ask to retry one batch before its records become dead letters.
  var sinkRetryLimit = 5
  /// How many pages in a row may exhaust their retries before the run stops.
  var exhaustedPagesLimit = 3
  private var exhaustedPagesInARow = 0
  /// Sleeps between sink retries; replaced in tests.
  var sleep: (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }

  init(flow: DeploymentConfig.Flow, entities: [String], source: PluginInstance, sink: PluginInstance, state: StateStore,
       logger: Logger, progress: Progress?) {
    self.flow = flow
    self.entities = entities
    self.source = source
    self.sink = sink
    self.state = state
    self.logger = logger
    self.progress = progress
  }

  /// Runs every entity; a failure stops the run after the last committed page and is
  /// reported in the summary (the state is consistent, a rerun resumes).
  func run(full: Bool) throws -> RunSummary {
    let runID = try state.beginRun(flow: flow.name, full: full)
    var summary = RunSummary(flow: flow.name, runID: runID)
    let started = Date()
    for entity in entities {
      var counts = RunSummary.EntityCounts(entity: entity)
      let entityStarted = Date()
      let trafficBefore = traffic()
      do {
        try runEntity(entity, runID: runID, full: full, counts: &counts)
      } catch {
        summary.error = logger.redact("\(error)")
      }
      counts.seconds = Date().timeIntervalSince(entityStarted)
      let trafficAfter = traffic()
      for (connection, after) in trafficAfter {
        counts.traffic[connection] = after - (trafficBefore[connection] ?? HTTPTraffic())
      }
      counts.apiCalls = counts.traffic.values.reduce(0) { $0 + $1.calls }
      summary.entities.append(counts)
      progress?.finish(entity: entity, counts: counts)
      if summary.error != nil { break }
    }
    summary.seconds = Date().timeIntervalSince(started)
    let json = String(decoding: try JSONSerialization.data(withJSONObject: summary.json, options: [.sortedKeys]), as: UTF8.self)
    try state.finishRun(id: runID, succeeded: summary.succeeded, summary: json, error: summary.error)
    return summary
  }

  private func runEntity(_ entity: String, runID: Int64, full: Bool, counts: inout RunSummary.EntityCounts) throws {
    // Held records first: a mapping set since the last run may release them.
    let held = try state.parked(flow: flow.name, kind: "held", entity: entity)
    if !held.isEmpty {
      var replayCounts = [entity: counts]
      try Replayer(flow: flow.name, sink: sink, state: state, logger: logger)
        .replay(held, runID: runID, batchSize: flow.pageSize, counts: &replayCounts)
      counts = replayCounts[entity] ?? counts
    }
    var stored = full ? nil : try state.cursor(flow: flow.name, entity: entity)
    var mark = stored
    let reader = try source.openReader(entity: entity, since: stored?.value, pageSize: flow.pageSize, full: full)
    let pages = PagePrefetcher(source: source, reader: reader)
    defer {
      pages.stop()
      source.closeReader(reader)
    }
    var previousCursor: String?
    // Records from several short source pages are gathered up to the flow's page size before
    // the sink sees them: an API that reads 100 rows a call must not force 100-row writes on
    // a sink that batches 1000 (one MERGE, one insertMultiple of 200, ...).
    let gathered = RecordPage()
    gathered.reset(entity: entity)
    // On a source error or a contract violation what was gathered still lands, so a source
    // that fails at the same place every run still makes progress.
    func deliverGatheredThenRethrow(_ error: any Error) throws -> Never {
      if gathered.count > 0 { try deliver(gathered, runID: runID, mark: mark, stored: &stored, counts: &counts) }
      throw error
    }
    var done = false
    while !done {
      let page: RecordPage
      do { (page, done) = try pages.next() } catch { try deliverGatheredThenRethrow(error) }
      defer { pages.recycle(page) }
      counts.pages += 1
      let kept: [Int]
      do { kept = try admit(page, mark: &mark, previousCursor: &previousCursor, counts: &counts) } catch {
        try deliverGatheredThenRethrow(error)
      }
      if gathered.count == 0 && kept.count == page.count && (kept.count >= flow.pageSize || (done && !kept.isEmpty)) {
        // A whole page that makes a batch on its own goes as it is, without copying.
        try deliver(page, runID: runID, mark: mark, stored: &stored, counts: &counts)
        continue
      }
      for index in kept { gathered.append(page, at: index) }
      if gathered.count > 0 && (gathered.count >= flow.pageSize || done) {
        try deliver(gathered, runID: runID, mark: mark, stored: &stored, counts: &counts)
        gathered.reset(entity: entity)
      }
    }
  }

  /// Checks a page's cursor order and returns the indices of records not yet delivered,
  /// advancing `mark` past them. `mark` moves only when the whole page checks out, so after
  /// an error it still describes exactly what was delivered or gathered.
  private func admit(_ page: RecordPage, mark: inout CursorMark?, previousCursor: inout String?,
                     counts: inout RunSummary.EntityCounts) throws -> [Int] {
    var pageMark = mark
    var kept: [Int] = []
    kept.reserveCapacity(page.count)
    for index in 0..<page.count {
      let envelope = page.envelopes[index]
      let cursor = envelope.cursorValue!, key = envelope.key!
      if let previousCursor, CursorOrder.compare(cursor, previousCursor) < 0 {
        throw RunError("connection \"\(flow.source)\" emitted \(page.entity) out of cursor order: record \"\(key)\" has cursor \"\(cursor)\" after \"\(previousCursor)\"; a source must emit records in non-decreasing cursor order")
      }
      previousCursor = cursor
      if let current = pageMark, !current.admits(cursor: cursor, key: key) {
        counts.alreadyDelivered += 1
        continue
      }
      kept.append(index)
      if pageMark == nil { pageMark = CursorMark(value: cursor, ties: [key]) } else { pageMark!.advance(cursor: cursor, key: key) }
    }
    mark = pageMark
    return kept
  }

  /// Writes one batch, then commits its outcomes, audit rows and the cursor `mark` it
  /// reaches in one transaction.
  private func deliver(_ page: RecordPage, runID: Int64, mark: CursorMark?, stored: inout CursorMark?,
                       counts: inout RunSummary.EntityCounts) throws {
    let entity = page.entity
    let outcomes = try writeWithRetries(page)
    var commit = PageCommit(runID: runID, flow: flow.name, entity: entity)
    commit.deliveries.reserveCapacity(page.count)
    for index in 0..<page.count {
      commit.record(outcomes[index], of: page, at: index, sourceKey: page.envelopes[index].key!, attempts: 1,
                    redact: logger.redact)
      counts.count(outcomes[index].outcome)
    }
    counts.read += page.count
    commit.mappingSeeds = try mappingSeeds(page, outcomes: outcomes)
    if let mark {
      commit.cursorValue = mark.value
      if mark.value != stored?.value {
        commit.resetTies = true
        commit.addedTies = Array(mark.ties)
      } else {
        commit.addedTies = Array(mark.ties.subtracting(stored?.ties ?? []))
      }
    }
    try state.commit(commit)
    stored = mark
    progress?.update(entity: entity, counts: counts)
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
  /// no entry.
  private func traffic() -> [String: HTTPTraffic] {
    var byConnection: [String: HTTPTraffic] = [:]
    for side in [source, sink] {
      guard let http = side.context.http as? HTTPService else { continue }
      // A flow may read and write through one connection name: add both sides up.
      byConnection[side.context.connection, default: HTTPTraffic()] += HTTPTraffic(http.metrics.snapshot())
    }
    return byConnection
  }

  /// Hands a page to the sink, waiting and retrying while it answers MLC_RETRY. When the
  /// sink still asks to retry after `sinkRetryLimit` attempts, the page's records become dead
  /// letters (replayable with `mlc replay`) and the run goes on; after
  /// `exhaustedPagesLimit` such pages in a row the target is taken to be down and the run
  /// stops instead of dead-lettering everything.
  private func writeWithRetries(_ page: RecordPage) throws -> [SinkResult] {
    var attempt = 0
    while true {
      do {
        var outcomes = try sink.write(page)
        exhaustedPagesInARow = 0
        try resendRetried(page, outcomes: &outcomes)
        return outcomes
      } catch let error as PluginCallError where error.isRetryable {
        attempt += 1
        guard attempt < sinkRetryLimit else {
          exhaustedPagesInARow += 1
          if exhaustedPagesInARow >= exhaustedPagesLimit { throw error }
          logger.log(.warn, "\(error); gave up on this page after \(attempt) attempts, its \(page.count) records are dead letters")
          let reason = "\(error.message.isEmpty ? error.description : error.message) (gave up after \(attempt) attempts)"
          return Array(repeating: SinkResult(outcome: .failed, message: reason), count: page.count)
        }
        let backoff = error.retryAfterMilliseconds > 0 ? Double(error.retryAfterMilliseconds) / 1000 : min(30, 0.5 * pow(2, Double(attempt - 1)))
        logger.log(.warn, "\(error); retrying the batch in \(String(format: "%.1f", backoff)) s (attempt \(attempt + 1) of \(sinkRetryLimit))")
        sleep(backoff)
      }
    }
  }

  /// Sends again the records a sink answered with a retry outcome, until each has a final
  /// one. When some still ask for a retry after `sinkRetryLimit` attempts the run stops
  /// without committing the page, so the next run reads and sends it again.
  private func resendRetried(_ page: RecordPage, outcomes: inout [SinkResult]) throws {
    var attempt = 1
    while true {
      let waiting = outcomes.indices.filter { outcomes[$0].outcome == .retry }
      guard !waiting.isEmpty else { return }
      guard attempt < sinkRetryLimit else {
        let first = page.envelopes[waiting[0]].key ?? ""
        throw RunError("connection \"\(flow.sink)\" could not take \(waiting.count) \(page.entity) records after \(attempt) attempts (first: \"\(first)\": \(outcomes[waiting[0]].message)); the page was not committed and is sent again on the next run")
      }
      let backoff = min(30, 0.5 * pow(2, Double(attempt - 1)))
      logger.log(.warn, "connection \"\(flow.sink)\": \(waiting.count) \(page.entity) records asked to be sent again; retrying them in \(String(format: "%.1f", backoff)) s")
      sleep(backoff)
      attempt += 1
      let subset = RecordPage()
      subset.reset(entity: page.entity)
      for index in waiting { subset.append(page, at: index) }
      let again = try sink.write(subset)
      for (position, index) in waiting.enumerated() { outcomes[index] = again[position] }
    }
  }
}

/// A run stopped for a reason that is not a plugin's status (a contract violation).
struct RunError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
