import TestKit
import XCTest
@testable import MLCHost

/// The router against the scriptable C fixture: cursor ties, ordering, per-record outcomes,
/// parked records and sink retries, with real state in a temp SQLite database.
final class FlowRunnerTests: XCTestCase {
  private var directory: TemporaryDirectory!
  private var state: StateStore!
  private var sink: ScriptedSink!
  private let logger = Logger(minimum: .error)

  override func setUpWithError() throws {
    directory = try TemporaryDirectory(prefix: "mlc-router")
    state = try StateStore(directory: directory.file("state"))
    sink = ScriptedSink(mappings: MappingStore(database: state.database))
  }

  private func record(_ key: String, _ at: String, entity: String = "vendor", force: String? = nil) -> String {
    let extra = force.map { #","data":{"force":"\#($0)"}"# } ?? #","data":{"name":"Müller"}"#
    return #"{"entity":"\#(entity)","key":"\#(key)","updated_at":"2026-01-01T00:00:\#(at)Z"\#(extra)}"#
  }

  /// Runs the flow "f" from an in-memory source of `lines` (two records a page) to the
  /// scripted sink, through the same lifecycle, cursor and delivery code as `mlc sync`.
  private func run(_ lines: [String], full: Bool = false, entities: [String] = ["vendor"],
                   seeds: [DeploymentConfig.MappingSeed] = [], pageSize: Int = 2) throws -> RunSummary {
    let flow = DeploymentConfig.Flow(name: "f", source: "src", sink: "dst", entities: entities, pageSize: pageSize, scheduleSeconds: nil,
                                     mappingSeeds: seeds)
    let delivery = SinkDelivery(sink: sink, budget: RetryBudget(limit: 100), jitter: JitterSource { 0 }, logger: logger)
    delivery.sleep = { _ in }
    let runner = FlowRunner(flow: flow, entities: entities, source: ListSource(lines), delivery: delivery, state: state,
                            logger: logger, progress: nil)
    return try RunLifecycle(state: state, stateDirectory: directory.file("state"), logger: logger)
      .perform(flow: "f", kind: .sync, full: full) { runID, summary in try runner.run(runID: runID, full: full, summary: &summary) }
  }

  /// Keys that reached the target, in order.
  private func delivered() -> [String] { sink.written }

  func testTiesAcrossPagesAreNeitherSkippedNorRedelivered() throws {
    // Pages hold two records; five share one timestamp across three pages.
    var lines = ["a", "b", "c", "d", "e"].map { record($0, "05") }
    let first = try run(lines)
    XCTAssertNil(first.error)
    XCTAssertEqual(first.entities.first?.inserted, 5)
    XCTAssertEqual(delivered(), ["a", "b", "c", "d", "e"])

    let second = try run(lines)
    XCTAssertEqual(second.entities.first?.read, 0)
    XCTAssertEqual(second.entities.first?.alreadyDelivered, 5)
    XCTAssertEqual(delivered().count, 5, "a rerun with no change writes nothing")

    lines.append(record("f", "05"))  // arrives late with the same timestamp as the mark
    lines.append(record("g", "06"))
    let third = try run(lines)
    XCTAssertEqual(third.entities.first?.read, 2)
    XCTAssertEqual(delivered(), ["a", "b", "c", "d", "e", "f", "g"])
    XCTAssertEqual(try state.cursor(flow: "f", entity: "vendor"), CursorMark(value: "2026-01-01T00:00:06Z", ties: ["g"]))
  }

  /// Sizes of the batches the sink was handed, in order.
  private func batches() -> [Int] { sink.batches }

  func testShortSourcePagesAreGatheredIntoSinkBatchesOfThePageSize() throws {
    // The fixture source reads two records a call; the flow's page size is five.
    let summary = try run((1...9).map { record("k\($0)", String(format: "%02d", $0)) }, pageSize: 5)
    XCTAssertEqual(summary.entities.first?.inserted, 9)
    XCTAssertEqual(summary.entities.first?.pages, 5)
    XCTAssertEqual(batches(), [6, 3], "three source pages fill a batch of at least five; the last holds the rest")
    XCTAssertEqual(delivered(), (1...9).map { "k\($0)" })
    XCTAssertEqual(try state.cursor(flow: "f", entity: "vendor")?.value, "2026-01-01T00:00:09Z")
  }

  func testWhatWasGatheredLandsBeforeASourceErrorStopsTheRun() throws {
    let lines = [record("a", "01"), record("b", "02"), record("c", "03"), record("d", "04"), record("e", "09"), record("f", "05")]
    let summary = try run(lines, pageSize: 10)
    XCTAssertTrue(summary.error?.contains("out of cursor order: record \"f\"") == true, summary.error ?? "no error")
    XCTAssertEqual(delivered(), ["a", "b", "c", "d"], "the two good pages landed; the bad page was not written")
    XCTAssertEqual(try state.cursor(flow: "f", entity: "vendor")?.value, "2026-01-01T00:00:04Z",
                   "the cursor stops at what landed, so a rerun starts at the bad page")
  }

  func testOutOfOrderSourceStopsTheRunNamingTheRecordAndKeepsCommittedPages() throws {
    let summary = try run([record("a", "01"), record("b", "02"), record("c", "09"), record("d", "03")])
    XCTAssertEqual(summary.error, #"connection "src" emitted vendor out of cursor order: record "d" has cursor "2026-01-01T00:00:03Z" after "2026-01-01T00:00:09Z"; a source must emit records in non-decreasing cursor order"#)
    XCTAssertEqual(delivered(), ["a", "b"], "the first page was committed; the bad page was not written")
    XCTAssertEqual(try state.cursor(flow: "f", entity: "vendor")?.value, "2026-01-01T00:00:02Z")
  }

  func testFailedAndHeldRecordsAreParkedWithTheirPayloadAndUnreportedOnesFail() throws {
    let summary = try run([record("ok", "01"), record("bad", "02", force: "failed"), record("wait", "03", force: "held"),
                           record("silent", "04", force: "noreport")])
    XCTAssertNil(summary.error)
    let counts = try XCTUnwrap(summary.entities.first)
    XCTAssertEqual([counts.inserted, counts.failed, counts.held], [1, 2, 1])
    let parked = try state.database.rows("SELECT source_key, kind, reason, payload FROM parked ORDER BY source_key")
    XCTAssertEqual(parked.map { $0[0] }, [.text("bad"), .text("silent"), .text("wait")])
    XCTAssertEqual(parked.map { $0[1] }, [.text("dead_letter"), .text("dead_letter"), .text("held")])
    XCTAssertEqual(parked[1][2], .text("the sink reported no outcome for this record"))
    XCTAssertEqual(parked[2][2], .text("vendor V9 is not mapped"))
    XCTAssertEqual(parked[0][3], .blob(Array(record("bad", "02", force: "failed").utf8)))
    let audit = try AuditQuery(flow: "f", outcome: "inserted").rows(in: state)
    XCTAssertEqual(audit.map(\.targetKey), ["T-ok"])
    XCTAssertEqual(try IdMapLookup(database: state.database, flow: "f").targetKey(entity: "vendor", sourceKey: "ok"), "T-ok")
  }

  func testSinkRetryResendsTheBatchAndNothingIsLostOrDoubled() throws {
    let summary = try run([record("a", "01"), record("b", "02", force: "retry-once"), record("c", "03")])
    XCTAssertNil(summary.error)
    XCTAssertEqual(delivered(), ["a", "b", "c"])
  }

  /// A per-record RETRY outcome sends only that record again; its neighbours are written once.
  func testARecordTheSinkAsksToRetryIsSentAgainAloneAndLands() throws {
    let summary = try run([record("a", "01"), record("b", "02", force: "record-retry-once"), record("c", "03")])
    XCTAssertNil(summary.error)
    XCTAssertEqual(summary.entities.first?.inserted, 3)
    XCTAssertEqual(delivered(), ["a", "b", "c"])
    XCTAssertEqual(batches(), [2, 1, 1], "the first batch held a and b; only b was sent again")
    XCTAssertTrue(try state.parked().isEmpty, "a retried record is never a dead letter")
  }

  /// A record that keeps asking to be retried stops the run before its page commits: no
  /// dead letter, and the cursor stays before the page so the next run sends it again.
  func testARecordThatKeepsAskingToRetryStopsTheRunWithoutCommittingItsPage() throws {
    let summary = try run([record("a", "01"), record("b", "02"), record("c", "03", force: "record-retry-always"), record("d", "04")])
    XCTAssertEqual(summary.error, #"connection "dst" could not take 1 vendor records after 5 attempts: record "c": upstream timed out before this record was sent; the page was not committed and is sent again on the next run"#)
    XCTAssertEqual(summary.status, .outage)
    XCTAssertTrue(try state.parked().isEmpty)
    XCTAssertEqual(try state.cursor(flow: "f", entity: "vendor")?.value, "2026-01-01T00:00:02Z")
  }

  func testEntitiesRunInDeliveryOrderAndFullRereadDeliversAgain() throws {
    let lines = [record("po1", "01", entity: "purchase_order"), record("v1", "02")]
    let first = try run(lines, entities: ["vendor", "purchase_order"])
    XCTAssertEqual(first.entities.map(\.entity), ["vendor", "purchase_order"])
    XCTAssertEqual(delivered(), ["v1", "po1"])
    let full = try run(lines, full: true, entities: ["vendor", "purchase_order"])
    XCTAssertEqual(full.entities.map(\.read), [1, 1])
    let runs = try state.database.rows("SELECT status, full FROM runs ORDER BY id")
    XCTAssertEqual(runs, [[.text("succeeded"), .integer(0)], [.text("succeeded"), .integer(1)]])
  }

  func testHeldRecordIsReleasedByTheNextRunOnceItsMappingIsSet() throws {
    let lines = [record("V7", "01", force: "map")]
    let first = try run(lines)
    XCTAssertEqual(first.entities.first?.held, 1)
    XCTAssertEqual(try state.parked(kind: .held).map(\.reason), ["mapping table fixture_map has no row for V7"])

    let stillHeld = try run(lines)
    XCTAssertEqual(stillHeld.entities.first?.replayed, 1)
    XCTAssertEqual(stillHeld.entities.first?.held, 1)
    XCTAssertEqual(try state.parked(kind: .held).first?.attempts, 2)

    try MappingStore(database: state.database).set(table: "fixture_map", source: "V7", target: "SUP-0042")
    let released = try run(lines)
    XCTAssertEqual(released.entities.first?.replayed, 1)
    XCTAssertEqual(released.entities.first?.inserted, 1)
    XCTAssertEqual(released.entities.first?.read, 0, "the record was not read again, it was replayed from its payload")
    XCTAssertTrue(try state.parked().isEmpty)
    XCTAssertEqual(try IdMapLookup(database: state.database, flow: "f").targetKey(entity: "vendor", sourceKey: "V7"), "SUP-0042")
    XCTAssertEqual(try AuditQuery(key: "V7").rows(in: state).map(\.outcome), ["inserted", "held", "held"])
  }

  /// A sink that keeps answering "retry" for a whole batch is a target that is down: the
  /// run stops after its last committed page, nothing becomes a dead letter, and the next
  /// run sends the page again and finishes exactly.
  func testATargetThatStaysDownStopsTheRunWithoutDeadLettersAndTheNextRunResumes() throws {
    var lines = [record("a", "01"), record("b", "02"), record("c", "03", force: "retry-always"), record("d", "04")]
    let summary = try run(lines)
    XCTAssertEqual(summary.error, #"connection "dst" could not take 2 vendor records after 5 attempts: target busy, try again; the page was not committed and is sent again on the next run"#)
    XCTAssertEqual(summary.status, .outage)
    XCTAssertTrue(try state.parked().isEmpty, "an outage is not the records' fault: no dead letters")
    XCTAssertEqual(try state.cursor(flow: "f", entity: "vendor")?.value, "2026-01-01T00:00:02Z", "the second page was not committed")
    XCTAssertEqual(delivered(), ["a", "b"])

    lines[2] = record("c", "03")  // the target is back
    let resumed = try run(lines)
    XCTAssertEqual(resumed.status, .succeeded)
    XCTAssertEqual(resumed.entities.first?.read, 2)
    XCTAssertEqual(delivered(), ["a", "b", "c", "d"], "each record landed once")
    let runs = try state.database.rows("SELECT status FROM runs ORDER BY id")
    XCTAssertEqual(runs, [[.text("outage")], [.text("succeeded")]])
  }

  /// Retries wait with the host's backoff (full jitter between 0 and the ceiling) and are
  /// paid from the run's retry budget: an empty budget stops at the first refusal.
  func testSinkRetriesUseTheRetryPolicyAndTheRunBudget() throws {
    var waits: [TimeInterval] = []
    let delivery = SinkDelivery(sink: sink, budget: RetryBudget(limit: 2), jitter: JitterSource { 1 }, logger: logger)
    delivery.sleep = { waits.append($0) }
    let page = RecordPage()
    page.reset(entity: "vendor")
    _ = Array(record("a", "01", force: "retry-always").utf8).withUnsafeBytes { page.append($0) }
    XCTAssertThrowsError(try delivery.write(page)) { error in
      XCTAssertEqual((error as? SinkOutage)?.attempts, 3, "two retries from the budget, then the outage")
    }
    XCTAssertEqual(waits, [0.5, 1.0], "exponential ceilings 0.5 s and 1 s, drawn at the top of the jitter interval")
  }

  func testMappingSeedsFillATableFromDeliveredRecordsWithoutOverwritingPeoplesEdits() throws {
    let seed = DeploymentConfig.MappingSeed(table: "gl_cost_center", entity: "vendor", from: "account", to: "center")
    let mappings = MappingStore(database: state.database)
    try mappings.set(table: "gl_cost_center", source: "4000-200", target: "EDITED")
    let lines = [
      #"{"entity":"vendor","key":"a","updated_at":"2026-01-01T00:00:01Z","data":{"account":"4000-100","center":"100"}}"#,
      #"{"entity":"vendor","key":"b","updated_at":"2026-01-01T00:00:02Z","data":{"account":"4000-200","center":"200"}}"#,
      #"{"entity":"vendor","key":"c","updated_at":"2026-01-01T00:00:03Z","data":{"account":"4000-300","force":"failed","center":"300"}}"#,
    ]
    _ = try run(lines, seeds: [seed])
    XCTAssertEqual(try mappings.rows(table: "gl_cost_center").map { "\($0.source)=\($0.target)" }, ["4000-100=100", "4000-200=EDITED"],
                   "seeded from landed records only, and the edited row kept")
  }
}
