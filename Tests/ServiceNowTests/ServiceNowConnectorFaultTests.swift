import Foundation
import ServiceNowSandbox
import TestKit
import XCTest

/// With 5% of the sandbox's REST answers replaced by 429 and 5xx errors, every record still
/// lands exactly once: the host retries (honouring `Retry-After`), and a resent row
/// coalesces instead of duplicating. Batches are small so that batch mode, which needs few
/// calls, still makes enough of them to meet every kind of fault.
final class ServiceNowConnectorFaultTests: XCTestCase {
  private func runWithFaults(mode: String) throws {
    let fixture = try ServiceNowConnectorFixture(faults: "429:0.03,500:0.01,503:0.01,retry-after:0,seed:11")
    try fixture.writeConfig([
      "erp": ["plugin": "generator", "config": ["count": 40, "seed": 9]],
      "files": ["plugin": "jsonl", "config": ["dir": "out"]],
      "snow": fixture.snow(["erp_source": "GEN", "write_mode": mode, "batch_size": 10]),
    ], flows: [
      ["name": "erp-to-snow", "source": "erp", "sink": "snow", "page_size": 100],
      ["name": "erp-to-files", "source": "erp", "sink": "files"],
    ])
    _ = try fixture.sync("erp-to-files")
    let summary = try fixture.sync("erp-to-snow")
    XCTAssertEqual(ServiceNowConnectorFixture.counts(summary, "written"), ServiceNowConnectorFixture.counts(summary, "read"), "\(summary)")
    XCTAssertEqual(Set(ServiceNowConnectorFixture.counts(summary, "failed").values), [0])
    let counts = fixture.sandbox.faultCounts
    XCTAssertGreaterThan(counts.errors(429), 0, "the run met rate limits: \(counts)")
    XCTAssertGreaterThan(counts.errors(500) + counts.errors(503), 0, "the run met server errors: \(counts)")

    for (entity, table, field) in [("vendor", "sn_fin_supplier", "erp_supplier_code"), ("purchase_order", "sn_shop_purchase_order", "erp_number"),
                                   ("ap_invoice", "sn_shop_invoice", "external_invoice_number")] {
      let keys = try fixture.deployment.jsonlKeys(entity)
      let stored = fixture.rows(table, field, prefix: "GEN/").compactMap { $0[field] }
      XCTAssertEqual(stored.count, keys.count, "\(mode): \(table) has one row per \(entity), none lost or duplicated")
      XCTAssertEqual(Set(stored), Set(keys))
    }
    let lines = fixture.rows("sn_shop_purchase_order_line", "erp_po_number", prefix: "GEN/")
      .map { "\($0["erp_po_number"] ?? "")#\($0["erp_line_number"] ?? "")" }
    XCTAssertEqual(lines.count, Set(lines).count, "\(mode): no order line twice")
    let orderLines = try fixture.deployment.jsonlRecords("purchase_order")
      .reduce(0) { $0 + (($1["data"] as? [String: Any])?["lines"] as? [Any] ?? []).count }
    XCTAssertEqual(lines.count, orderLines, "\(mode): no order line lost")
  }

  func testBatchModeLosesAndDuplicatesNothingUnderRateLimitsAndServerErrors() throws {
    try runWithFaults(mode: "batch")
  }

  func testSingleRowModeLosesAndDuplicatesNothingUnderRateLimitsAndServerErrors() throws {
    try runWithFaults(mode: "single")
  }
}
