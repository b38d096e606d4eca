import TestKit
import XCTest
@testable import MLCHost

/// The router against the scriptable C fixture: cursor ties, ordering, per-record outcomes,
/// parked records and sink retries, with real state in a temp SQLite database.
final class FlowRunnerTests: XCTestCase {
  private var directory: TemporaryDirectory!
  private var plugin: LoadedPlugin!
  private var state: StateStore!
  private let logger = Logger(minimum: .error)

  override func setUpWithError() throws {
    directory = try TemporaryDirectory(prefix: "mlc-router")
    try CPlugin.buildFixture(output: directory.file("libfixture.so"))
    plugin = try XCTUnwrap(PluginLoader.load(path: directory.file("libfixture.so")).plugins.first)
    state = try StateStore(directory: directory.file("state"))
  }

  private func record(_ key: String, _ at: String, entity: String = "vendor", force: String? = nil) -> String {
    let extra = force.map { #","data":{"force":"\#($0)"}"# } ?? #","data":{"name":"Müller"}"#
    return #"{"entity":"\#(entity)","key":"\#(key)","updated_at":"2026-01-01T00:00:\#(at)Z"\#(extra)}"#
  }

  private func run(_ lines: [String], full: Bool = false, entities: [String] = ["vendor"],
                   seeds: [DeploymentConfig.MappingSeed] = [], pageSize: Int = 2) throws -> RunSummary {
    try directory.write("input.jsonl", lines.joined(separator: "\n") + "\n")
    let config = Array(#"{"input":"\#(directory.file("input.jsonl"))","output":"\#(directory.file("output.jsonl"))","batches":"\#(directory.file("batches.txt"))"}"#.utf8)
    let source = try PluginInstance(plugin: plugin, context: HostContext(connection: "src", plugin: "fixture", logger: logger), config: config)
    let sinkContext = HostContext(connection: "dst", plugin: "fixture", logger: logger)
    sinkContext.mappings = MappingStore(database: state.database)
    let sink = try PluginInstance(plugin: plugin, context: sinkContext, config: config)
    let flow = DeploymentConfig.Flow(name: "f", source: "src", sink: "dst", entities: entities, pageSize: pageSize, scheduleSeconds: nil,
                                     mappingSeeds: seeds)
    let runner = FlowRunner(flow: flow, entities: entities, source: source, sink: sink, state: state, logger: logger, progress: nil)
    runner.sleep = { _ in }
    return try runner.run(full: full)
  }

  private func delivered() throws -> [String] {
    let text = (try? String(contentsOfFile: directory.file("output.jsonl"), encoding: .utf8)) ?? ""
    return try text.split(separator: "\n").map { try RecordEnvelope.scan(Array($0.utf8)).key ?? "?" }
  }

  func testTiesAcrossPagesAreNeitherSkippedNorRedelivered() throws {
    // Pages hold two records; five share one timestamp across three pages.
    var lines = ["a", "b", "c", "d", "e"].map { record($0, "05") }
    let first = try run(lines)
    XCTAssertNil(first.error)
    XCTAssertEqual(first.entities.first?.inserted, 5)
    XCTAssertEqual(try delivered(), ["a", "b", "c", "d", "e"])

    let second = try run(lines)
    XCTAssertEqual(second.entities.first?.read, 0)
    XCTAssertEqual(second.entities.first?.alreadyDelivered, 5)
    XCTAssertEqual(try delivered().count, 5, "a rerun with no change writes nothing")

    lines.append(record("f", "05"))  // arrives late with the same timestamp as the mark
    lines.append(record("g", "06"))
    let third = try run(lines)
    XCTAssertEqual(third.entities.first?.read, 2)
    XCTAssertEqual(try delivered(), ["a", "b", "c", "d", "e", "f", "g"])
    XCTAssertEqual(try state.cursor(flow: "f", entity: "vendor"), CursorMark(value: "2026-01-01T00:00:06Z", ties: ["g"]))
  }

  /// Sizes of the batches the sink was handed, in order.
  private func batches() -> [Int] {
    ((try? String(contentsOfFile: directory.file("batches.txt"), encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int($0) }
  }

  func testShortSourcePagesAreGatheredIntoSinkBatchesOfThePageSize() throws {
    // The fixture source reads two records a call; the flow's page size is five.
    let summary = try run((1...9).map { record("k\($0)", String(format: "%02d", $0)) }, pageSize: 5)
    XCTAssertEqual(summary.entities.first?.inserted, 9)
    XCTAssertEqual(summary.entities.first?.pages, 5)
    XCTAssertEqual(batches(), [6, 3], "three source pages fill a batch of at least five; the last holds the rest")
    XCTAssertEqual(try delivered(), (1...9).map { "k\($0)" })
    XCTAssertEqual(try state.cursor(flow: "f", entity: "vendor")?.value, "2026-01-01T00:00:09Z")
  }

  func testWhatWasGatheredLandsBeforeASourceErrorStopsTheRun() throws {
    let lines = [record("a", "01"), record("b", "02"), record("c", "03"), record("d", "04"), record("e", "09"), record("f", "05")]
    let summary = try run(lines, pageSize: 10)
    XCTAssertTrue(summary.error?.contains("out of cursor order: record \"f\"") == true, summary.error ?? "no error")
    XCTAssertEqual(try delivered(), ["a", "b", "c", "d"], "the two good pages landed; the bad page was not written")
    XCTAssertEqual(try state.cursor(flow: "f", entity: "vendor")?.value, "2026-01-01T00:00:04Z",
                   "the cursor stops at what landed, so a rerun starts at the bad page")
  }

  func testOutOfOrderSourceStopsTheRunNamingTheRecordAndKeepsCommittedPages() throws {
    let summary = try run([record("a", "01"), record("b", "02"), record("c", "09"), record("d", "03")])
    XCTAssertEqual(summary.error, #"connection "src" emitted vendor out of cursor order: record "d" has cursor "2026-01-01T00:00:03Z" after "2026-01-01T00:00:09Z"; a source must emit records in non-decreasing cursor order"#)
    XCTAssertEqual(try delivered(), ["a", "b"], "the first page was committed; the bad page was not written")
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
    XCTAssertEqual(parked.map { $0[1] }, [.text("failed"), .text("failed"), .text("held")])
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
    XCTAssertEqual(try delivered(), ["a", "b", "c"])
  }

  /// A per-record RETRY outcome sends only that record again; its neighbours are written once.
  func testARecordTheSinkAsksToRetryIsSentAgainAloneAndLands() throws {
    let summary = try run([record("a", "01"), record("b", "02", force: "record-retry-once"), record("c", "03")])
    XCTAssertNil(summary.error)
    XCTAssertEqual(summary.entities.first?.inserted, 3)
    XCTAssertEqual(try delivered(), ["a", "b", "b", "c"], "the first batch held a and b; only b was sent again")
    XCTAssertEqual(batches(), [2, 1, 1])
    XCTAssertTrue(try state.parked().isEmpty, "a retried record is never a dead letter")
  }

  /// A record that keeps asking to be retried stops the run before its page commits: no
  /// dead letter, and the cursor stays before the page so the next run sends it again.
  func testARecordThatKeepsAskingToRetryStopsTheRunWithoutCommittingItsPage() throws {
    let summary = try run([record("a", "01"), record("b", "02"), record("c", "03", force: "record-retry-always"), record("d", "04")])
    XCTAssertTrue(summary.error?.contains(#"could not take 1 vendor records after 5 attempts (first: "c": upstream timed out"#) == true,
                  summary.error ?? "no error")
    XCTAssertTrue(try state.parked().isEmpty)
    XCTAssertEqual(try state.cursor(flow: "f", entity: "vendor")?.value, "2026-01-01T00:00:02Z")
  }

  func testEntitiesRunInDeliveryOrderAndFullRereadDeliversAgain() throws {
    let lines = [record("po1", "01", entity: "purchase_order"), record("v1", "02")]
    let first = try run(lines, entities: ["vendor", "purchase_order"])
    XCTAssertEqual(first.entities.map(\.entity), ["vendor", "purchase_order"])
    XCTAssertEqual(try delivered(), ["v1", "po1"])
    let full = try run(lines, full: true, entities: ["vendor", "purchase_order"])
    XCTAssertEqual(full.entities.map(\.read), [1, 1])
    let runs = try state.database.rows("SELECT status, full FROM runs ORDER BY id")
    XCTAssertEqual(runs, [[.text("succeeded"), .integer(0)], [.text("succeeded"), .integer(1)]])
  }

  func testHeldRecordIsReleasedByTheNextRunOnceItsMappingIsSet() throws {
    let lines = [record("V7", "01", force: "map")]
    let first = try run(lines)
    XCTAssertEqual(first.entities.first?.held, 1)
    XCTAssertEqual(try state.parked(kind: "held").map(\.reason), ["mapping table fixture_map has no row for V7"])

    let stillHeld = try run(lines)
    XCTAssertEqual(stillHeld.entities.first?.replayed, 1)
    XCTAssertEqual(stillHeld.entities.first?.held, 1)
    XCTAssertEqual(try state.parked(kind: "held").first?.attempts, 2)

    try MappingStore(database: state.database).set(table: "fixture_map", source: "V7", target: "SUP-0042")
    let released = try run(lines)
    XCTAssertEqual(released.entities.first?.replayed, 1)
    XCTAssertEqual(released.entities.first?.inserted, 1)
    XCTAssertEqual(released.entities.first?.read, 0, "the record was not read again, it was replayed from its payload")
    XCTAssertTrue(try state.parked().isEmpty)
    XCTAssertEqual(try IdMapLookup(database: state.database, flow: "f").targetKey(entity: "vendor", sourceKey: "V7"), "SUP-0042")
    XCTAssertEqual(try AuditQuery(key: "V7").rows(in: state).map(\.outcome), ["inserted", "held", "held"])
  }

  func testABatchThatKeepsAskingToRetryBecomesDeadLettersAndTheRunGoesOn() throws {
    // Page size 2: the first page holds the stubborn record and its neighbour.
    let summary = try run([record("a", "01", force: "retry-always"), record("b", "02"), record("c", "03")])
    XCTAssertNil(summary.error)
    XCTAssertEqual(summary.entities.first?.failed, 2)
    XCTAssertEqual(summary.entities.first?.inserted, 1)
    XCTAssertEqual(try delivered(), ["c"])
    let parked = try state.parked(kind: "failed")
    XCTAssertEqual(parked.map(\.sourceKey), ["a", "b"])
    XCTAssertEqual(parked.first?.reason, "target busy, try again (gave up after 5 attempts)")
  }

  func testATargetThatStaysDownStopsTheRunInsteadOfDeadLetteringEverything() throws {
    let lines = (1...8).map { record("k\($0)", String(format: "%02d", $0), force: "retry-always") }
    let summary = try run(lines)
    XCTAssertEqual(summary.error, #"connection "dst" (plugin fixture): write vendor: target busy, try again"#)
    XCTAssertEqual(try state.parked(kind: "failed").count, 4, "two pages were dead-lettered before the run stopped")
    XCTAssertEqual(try state.cursor(flow: "f", entity: "vendor")?.value, "2026-01-01T00:00:04Z", "the third page was not committed")
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
