import Foundation
import TestKit
import XCTest

/// Throughput of the real `mlc` loading purchase orders into the sandbox. Skipped unless
/// `MLC_SNOWFLAKE_BENCH` is set (to the number of purchase orders), so the suite stays fast.
final class SnowflakeConnectorBenchmarkTests: XCTestCase {
  func testPurchaseOrderLoadThroughput() throws {
    guard let text = ProcessInfo.processInfo.environment["MLC_SNOWFLAKE_BENCH"], let count = Int(text) else {
      throw XCTSkip("set MLC_SNOWFLAKE_BENCH=10000 to measure")
    }
    let pageSize = Int(ProcessInfo.processInfo.environment["MLC_SNOWFLAKE_BENCH_PAGE"] ?? "") ?? 1000
    let rows = Int(ProcessInfo.processInfo.environment["MLC_SNOWFLAKE_BENCH_ROWS"] ?? "") ?? 1000
    let harness = try SnowflakeSinkHarness()
    try harness.configure(count: count, sink: ["rows_per_statement": rows], pageSize: pageSize, entities: ["purchase_order"])
    let started = Date()
    let result = try harness.deployment.mlc("sync", "load", "--json", "--verbose")
    let seconds = Date().timeIntervalSince(started)
    let summary = try MLCTestDeployment.json(result.stdout)
    XCTAssertEqual(summary["status"] as? String, "succeeded")
    let lines = try harness.count("PURCHASE_ORDER_LINES")
    let statements = harness.sandbox.counters.submitted
    print("snowflake bench: \(count) purchase orders (\(lines) lines), page \(pageSize), \(rows) rows per statement: \(String(format: "%.2f", seconds)) s, \(Int(Double(count) / seconds)) POs/s, \(statements) statements")
    let second = Date()
    _ = try harness.deployment.sync("load", full: true)
    print("snowflake bench: unchanged rerun \(String(format: "%.2f", Date().timeIntervalSince(second))) s, \(harness.sandbox.counters.submitted - statements) statements")
  }
}
