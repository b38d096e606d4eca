import Foundation
import TestKit
import XCTest

/// What ServiceNow says when it refuses something reaches the user: a transform error
/// becomes the record's dead-letter reason, and a staging table the instance does not have
/// stops the run with ServiceNow's error body and the config field to fix.
final class ServiceNowConnectorFailureTests: XCTestCase {
  private func writeOrders(_ fixture: ServiceNowConnectorFixture) throws {
    let directory = fixture.deployment.directory.file("in")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let order: [String: Any] = [
      "entity": "purchase_order", "key": "ERP/PO/7", "updated_at": "2026-02-01T08:00:00Z",
      "data": ["number": "PO-7", "vendor_code": "V-404", "currency": "USD", "total": "10.00", "status": "open",
               "lines": [["line": 1, "description": "Bolt", "quantity": "1", "unit_cost": "10.00", "amount": "10.00",
                          "cost_center_code": "CC-1"]]],
      "refs": ["vendor": "ERP/V/404"],
    ]
    let line = String(decoding: try JSONSerialization.data(withJSONObject: order, options: [.sortedKeys]), as: UTF8.self)
    try (line + "\n").write(toFile: directory + "/purchase_order.jsonl", atomically: true, encoding: .utf8)
  }

  func testATransformErrorIsTheRecordsFailureReason() throws {
    let fixture = try ServiceNowConnectorFixture()
    try writeOrders(fixture)
    try fixture.writeConfig([
      "in": ["plugin": "jsonl", "config": ["dir": "in"]],
      "snow": fixture.snow(["erp_source": "ERP"]),
    ], flows: [["name": "in-to-snow", "source": "in", "sink": "snow", "entities": ["purchase_order"]]])
    let summary = try fixture.sync("in-to-snow")
    XCTAssertEqual(ServiceNowConnectorFixture.counts(summary, "failed"), ["purchase_order": 1])
    let dead = try MLCTestDeployment.json(try fixture.deployment.mlc("dead-letters", "--json").stdout)
    let reason = (dead["records"] as? [[String: Any]])?.first?["reason"] as? String ?? ""
    XCTAssertTrue(reason.contains("purchase_order \"ERP/PO/7\""), reason)
    XCTAssertTrue(reason.contains("sn_fcms_intg_imp_order"), reason)
    XCTAssertTrue(reason.contains("Reference not found: no sn_fin_supplier record with erp_supplier_code or name 'ERP/V/404'"), reason)
    XCTAssertTrue(fixture.sandbox.rows("sn_shop_purchase_order_line", where: "erp_po_number", equals: "ERP/PO/7").isEmpty,
                  "lines of a failed header are not sent")
  }

  func testAStagingTableTheInstanceLacksStopsTheRunWithServiceNowsError() throws {
    let fixture = try ServiceNowConnectorFixture()
    try writeOrders(fixture)
    try fixture.writeConfig([
      "in": ["plugin": "jsonl", "config": ["dir": "in"]],
      "snow": fixture.snow(["erp_source": "ERP", "staging_tables": ["purchase_order": "u_po_stage"]]),
    ], flows: [["name": "in-to-snow", "source": "in", "sink": "snow", "entities": ["purchase_order"]]])
    let summary = try fixture.deployment.sync("in-to-snow", expect: 1)
    let error = summary["error"] as? String ?? ""
    XCTAssertTrue(error.contains("HTTP 400"), error)
    XCTAssertTrue(error.contains("Invalid table u_po_stage"), error)
    XCTAssertTrue(error.contains("staging_tables"), "the message names the config field to fix: \(error)")
  }
}
