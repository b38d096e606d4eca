import Foundation
import Glibc
@testable import Snowflake
import TestKit
import XCTest

/// What goes wrong on the way to Snowflake: slow statements, resent requests, a crash mid-run,
/// a suspended warehouse.
final class SnowflakeConnectorFaultTests: XCTestCase {
  func testAStatementAnsweredWith202IsPolledToCompletion() throws {
    // Every statement runs 150 ms but the sandbox answers 202 after 20 ms, as Snowflake does
    // after 45 s: the connector must poll the handle until the statement is done.
    let harness = try SnowflakeSinkHarness(settings: ["statement_latency_ms": "150", "async_threshold_ms": "20"])
    try harness.configure(count: 8, entities: ["vendor", "purchase_order"])
    _ = try harness.deployment.sync("export")
    let result = try harness.deployment.mlc("sync", "load", "--json", "--verbose")
    let summary = try MLCTestDeployment.json(result.stdout)
    XCTAssertEqual(summary["status"] as? String, "succeeded", result.stderr)
    let polls = Self.polls(in: result.stderr)
    XCTAssertGreaterThan(polls, 0, "the log shows the connector polled: \(result.stderr.suffix(2000))")
    XCTAssertEqual(try harness.count("VENDORS"), try harness.deployment.jsonlRecords("vendor").count)
    XCTAssertEqual(try harness.count("PURCHASE_ORDERS"), try harness.deployment.jsonlRecords("purchase_order").count)
    XCTAssertEqual(harness.sandbox.counters.executed, harness.sandbox.counters.submitted, "polling ran nothing twice")
  }

  func testAResentStatementWithTheSameRequestIdIsNotRunTwice() throws {
    // Statements take 1.6 s, the host gives up on an attempt after 1 s and resends it (the
    // connector flags submissions idempotent). The resend carries the same requestId and
    // retry=true, so the sandbox answers from the running statement instead of running it again.
    let harness = try SnowflakeSinkHarness(settings: ["statement_latency_ms": "1600"])
    try harness.configure(count: 4, http: ["timeout_seconds": 1, "max_attempts": 4], entities: ["vendor"])
    _ = try harness.deployment.sync("export")
    // The table exists already, so the run is: key lookup, MERGE.
    try createVendorsTable(harness)
    let summary = try harness.deployment.sync("load")
    XCTAssertEqual(summary["status"] as? String, "succeeded", "\(summary)")
    let counters = harness.sandbox.counters
    XCTAssertGreaterThanOrEqual(counters.deduplicated, 1, "the host resent at least one statement: \(counters)")
    XCTAssertEqual(counters.executed, counters.submitted, "every statement ran once: \(counters)")
    let source = try harness.deployment.jsonlRecords("vendor")
    XCTAssertEqual(try harness.count("VENDORS"), source.count)
    XCTAssertEqual(SnowflakeSinkHarness.counts(summary, "written")["vendor"], source.count)
  }

  func testAKilledRunLeavesNoDuplicateRowsAfterTheRerun() throws {
    let harness = try SnowflakeSinkHarness()
    try harness.configure(count: 1500, pageSize: 100, entities: ["vendor", "purchase_order"])
    _ = try harness.deployment.sync("export")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: BuildProducts.mlc)
    process.arguments = ["sync", "load"]
    process.environment = harness.deployment.environment
    process.currentDirectoryURL = URL(fileURLWithPath: harness.deployment.directory.path)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning && Date() < deadline {
      if let rows = try? harness.count("PURCHASE_ORDERS"), rows > 0 { break }
      usleep(5_000)
    }
    XCTAssertTrue(process.isRunning, "the sync finished before it could be killed; the test proves nothing")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let partial = try harness.count("PURCHASE_ORDERS")
    XCTAssertLessThan(partial, 1500, "killed mid-run")

    let rerun = try harness.deployment.sync("load")
    XCTAssertEqual(rerun["status"] as? String, "succeeded", "\(rerun)")
    let orders = try harness.deployment.jsonlRecords("purchase_order")
    let lines = orders.reduce(0) { $0 + ((($1["data"] as? [String: Any])?["lines"] as? [Any])?.count ?? 0) }
    XCTAssertEqual(try harness.count("PURCHASE_ORDERS"), 1500)
    XCTAssertEqual(try harness.count("PURCHASE_ORDER_LINES"), lines)
    XCTAssertEqual(try harness.count("VENDORS"), try harness.deployment.jsonlRecords("vendor").count)
    XCTAssertEqual(try harness.duplicates("PURCHASE_ORDERS", "SOURCE_KEY"), [])
    XCTAssertEqual(try harness.duplicates("PURCHASE_ORDER_LINES", "PURCHASE_ORDER_KEY, LINE"), [])
    XCTAssertEqual(try harness.duplicates("VENDORS", "SOURCE_KEY"), [])
  }

  func testATableEmptiedSinceTheLastLoadIsFilledAgain() throws {
    // Reloading the same records into an emptied table sends the very statements of the
    // first load. Were their requestIds the same, Snowflake (and the sandbox) would answer
    // them from statement history without running them and the table would stay empty;
    // each submission has its own id, so every one runs.
    let harness = try SnowflakeSinkHarness()
    try harness.configure(count: 8, entities: ["vendor", "purchase_order"])
    _ = try harness.deployment.sync("load")
    let orders = try harness.count("PURCHASE_ORDERS"), lines = try harness.count("PURCHASE_ORDER_LINES")
    _ = try harness.query("DELETE FROM PURCHASE_ORDER_LINES")
    _ = try harness.query("DELETE FROM PURCHASE_ORDERS")
    let deduplicatedBefore = harness.sandbox.counters.deduplicated

    let reload = try harness.deployment.sync("load", full: true)
    XCTAssertEqual(SnowflakeSinkHarness.counts(reload, "written")["purchase_order"], orders, "\(reload)")
    XCTAssertEqual(harness.sandbox.counters.deduplicated, deduplicatedBefore, "nothing was answered from history")
    XCTAssertEqual(try harness.count("PURCHASE_ORDERS"), orders)
    XCTAssertEqual(try harness.count("PURCHASE_ORDER_LINES"), lines)
  }

  func testASuspendedWarehouseWithoutAutoResumeSaysSoAndHowToFixIt() throws {
    let harness = try SnowflakeSinkHarness(settings: ["warehouse_suspended": "true", "auto_resume": "false"])
    try harness.configure(count: 4, entities: ["vendor"])
    let summary = try harness.deployment.sync("load", expect: 1)
    XCTAssertEqual(summary["status"] as? String, "failed")
    let error = try XCTUnwrap(summary["error"] as? String)
    XCTAssertTrue(error.contains("warehouse LOAD_WH"), error)
    XCTAssertTrue(error.contains("AUTO_RESUME"), error)
    XCTAssertTrue(error.contains("ALTER WAREHOUSE LOAD_WH RESUME;"), error)
    XCTAssertTrue(error.contains("ALTER WAREHOUSE LOAD_WH SET AUTO_RESUME = TRUE;"), error)
    XCTAssertTrue(error.contains("000606"), "Snowflake's own code is quoted: \(error)")
    XCTAssertTrue(harness.sandbox.isWarehouseSuspended)

    // Once someone sets AUTO_RESUME, the first statement resumes the warehouse and the run
    // simply takes a little longer.
    harness.sandbox.setAutoResume(true)
    let rerun = try harness.deployment.sync("load")
    XCTAssertEqual(rerun["status"] as? String, "succeeded", "\(rerun)")
    XCTAssertFalse(harness.sandbox.isWarehouseSuspended)
    XCTAssertEqual(try harness.count("VENDORS"), SnowflakeSinkHarness.counts(rerun, "written")["vendor"])
  }

  /// The VENDORS table as the connector would create it, made directly in the store.
  private func createVendorsTable(_ harness: SnowflakeSinkHarness) throws {
    let layout = try XCTUnwrap(DefaultLayouts.layout("vendor"))
    _ = try harness.query(StatementBuilder.createTable(layout.header).text)
  }

  /// The polls the connector's debug log reports ("… statements (N polls)").
  static func polls(in log: String) -> Int {
    var total = 0
    for line in log.split(separator: "\n") {
      guard let end = line.range(of: " polls)"), let start = line[..<end.lowerBound].lastIndex(of: "(") else { continue }
      total += Int(line[line.index(after: start)..<end.lowerBound]) ?? 0
    }
    return total
  }
}
