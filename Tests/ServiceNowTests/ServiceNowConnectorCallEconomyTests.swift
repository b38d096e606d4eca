import Foundation
import ServiceNowSandbox
import TestKit
import XCTest

/// How many ServiceNow calls a batch-mode sync makes, as an admin watching the instance's
/// REST usage (or its rate limit) would count them: insertMultiple calls of up to
/// `batch_size` rows, and one Table API read of the staging rows per round of import sets,
/// not one or more per import set.
final class ServiceNowConnectorCallEconomyTests: XCTestCase {
  /// 240 orders with their lines in one page, after the vendors they reference.
  private func sync(_ fixture: ServiceNowConnectorFixture) throws -> [String: Any] {
    try fixture.writeConfig([
      "erp": ["plugin": "generator", "config": ["count": 240, "counts": ["purchase_order": 240, "vendor": 20], "seed": 11]],
      "snow": fixture.snow(["erp_source": "GEN", "write_mode": "batch", "batch_size": 100]),
    ], flows: [
      ["name": "refs", "source": "erp", "sink": "snow", "entities": ["vendor"], "page_size": 1000],
      ["name": "orders", "source": "erp", "sink": "snow", "entities": ["purchase_order"], "page_size": 1000],
    ])
    _ = try fixture.sync("refs")
    fixture.sandbox.resetRequestLog()
    return try fixture.sync("orders")
  }

  /// The staging table rows an order's lines went through.
  private func lineCount(_ fixture: ServiceNowConnectorFixture) -> Int {
    fixture.rows("sn_fcms_intg_imp_order_line", "erp_po_number", prefix: "GEN/").count
  }

  func testSynchronousInstanceTakesOneStatusReadPerRound() throws {
    let fixture = try ServiceNowConnectorFixture(settings: ["sync_insert_multiple": "true"])
    let summary = try sync(fixture)
    XCTAssertEqual(ServiceNowConnectorFixture.counts(summary, "written")["purchase_order"], 240, "\(summary)")
    let lines = lineCount(fixture)
    XCTAssertGreaterThan(lines, 200, "the orders must need several line import sets")
    let requests = fixture.sandbox.requests
    let posts = requests.filter { $0.api == .insertMultiple }
    XCTAssertEqual(posts.filter { $0.resource == "sn_fcms_intg_imp_order" }.count, 3, "240 headers in sets of 100")
    XCTAssertEqual(posts.filter { $0.resource == "sn_fcms_intg_imp_order_line" }.count, (lines + 99) / 100)
    let reads = requests.filter { $0.api == .table && $0.method == "GET" && $0.resource.hasPrefix("sn_fcms_intg_imp_order") }
    XCTAssertEqual(reads.map(\.resource), ["sn_fcms_intg_imp_order", "sn_fcms_intg_imp_order_line"],
                   "one read for the header sets, one for the line sets")
  }

  func testAsynchronousInstanceStillGivesEveryRecordItsOutcome() throws {
    let fixture = try ServiceNowConnectorFixture(settings: ["insert_multiple_delay_ms": "30"])
    let summary = try sync(fixture)
    XCTAssertEqual(ServiceNowConnectorFixture.counts(summary, "written")["purchase_order"], 240, "\(summary)")
    XCTAssertEqual(ServiceNowConnectorFixture.counts(summary, "failed")["purchase_order"], 0)
    let requests = fixture.sandbox.requests
    let sets = requests.filter { $0.api == .insertMultiple }.count
    let reads = requests.filter { $0.api == .table && $0.method == "GET" && $0.resource.hasPrefix("sn_fcms_intg_imp_order") }
    XCTAssertGreaterThanOrEqual(reads.count, 2)
    // Reads are repeated only while rows are pending, never one per import set per poll:
    // the old writer read each of the set's rows again every 50–100 ms.
    XCTAssertLessThan(reads.count, sets, "status reads: \(reads.count) for \(sets) import sets")
    XCTAssertEqual(fixture.rows("sn_fcms_intg_imp_order_line", "sys_import_state", prefix: "pending").count, 0)
  }
}
