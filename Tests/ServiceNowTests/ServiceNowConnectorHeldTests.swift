import Foundation
import TestKit
import XCTest

/// Lines without a cost center get one from the deployment's GL → cost center mapping
/// table; a GL account the table does not know holds the whole record with a reason that
/// says how to release it, and `mlc map set` plus the next sync releases it.
final class ServiceNowConnectorHeldTests: XCTestCase {
  private let stamp = "2026-02-01T08:00:00Z"

  /// Writes `records` as `<dir>/<entity>.jsonl` for the JSON Lines source.
  private func writeSource(_ fixture: ServiceNowConnectorFixture, _ entity: String, _ records: [[String: Any]]) throws {
    let directory = fixture.deployment.directory.file("in")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let lines = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
    try (lines.joined(separator: "\n") + "\n").write(toFile: directory + "/\(entity).jsonl", atomically: true, encoding: .utf8)
  }

  private func order(_ key: String, lines: [[String: Any]]) -> [String: Any] {
    ["entity": "purchase_order", "key": key, "updated_at": stamp,
     "data": ["number": key, "vendor_code": "V-1", "order_date": "2026-02-01", "currency": "USD", "total": "150.00",
              "status": "open", "lines": lines],
     "refs": ["vendor": "ERP/V/1"]]
  }

  func testAnUnmappedGLAccountHoldsTheRecordUntilTheMappingIsSet() throws {
    let fixture = try ServiceNowConnectorFixture()
    try writeSource(fixture, "vendor", [[
      "entity": "vendor", "key": "ERP/V/1", "updated_at": stamp,
      "data": ["code": "V-1", "name": "Þórsdóttir Verkfræði ehf.", "currency": "ISK", "active": true], "refs": [:],
    ]])
    let unmappedLine: [String: Any] = ["line": 1, "description": "Torque wrench", "quantity": "3", "unit_cost": "50.00",
                                       "amount": "150.00", "gl_account_code": "4000-100-10"]
    let ownCenterLine: [String: Any] = ["line": 1, "description": "Gloves", "quantity": "10", "unit_cost": "15.00",
                                        "amount": "150.00", "gl_account_code": "4000-100-10", "cost_center_code": "CC-900"]
    try writeSource(fixture, "purchase_order", [order("ERP/PO/1", lines: [unmappedLine]), order("ERP/PO/2", lines: [ownCenterLine])])
    try writeSource(fixture, "ap_invoice", [[
      "entity": "ap_invoice", "key": "ERP/INV/1", "updated_at": stamp,
      "data": ["number": "A-77", "vendor_code": "V-1", "invoice_date": "2026-02-03", "currency": "USD", "amount": "165.00",
               "tax_amount": "15.00", "status": "open", "lines": [unmappedLine]],
      "refs": ["vendor": "ERP/V/1", "purchase_order": "ERP/PO/1"],
    ]])
    try fixture.writeConfig([
      "in": ["plugin": "jsonl", "config": ["dir": "in"]],
      "snow": fixture.snow(["erp_source": "ERP"]),
    ], flows: [["name": "in-to-snow", "source": "in", "sink": "snow", "entities": ["vendor", "purchase_order", "ap_invoice"]]])

    let first = try fixture.sync("in-to-snow")
    XCTAssertEqual(ServiceNowConnectorFixture.counts(first, "held"), ["vendor": 0, "purchase_order": 1, "ap_invoice": 1])
    XCTAssertEqual(ServiceNowConnectorFixture.counts(first, "written"), ["vendor": 1, "purchase_order": 1, "ap_invoice": 0])
    let held = try MLCTestDeployment.json(try fixture.deployment.mlc("held", "--json").stdout)
    let reasons = (held["records"] as? [[String: Any]] ?? []).map { ($0["source_key"] as? String ?? "", $0["reason"] as? String ?? "") }
    let expected = "GL account 4000-100-10 has no cost center in mapping table gl_cost_center; set it with `mlc map set gl_cost_center 4000-100-10 <cost center>`"
    XCTAssertEqual(reasons.map(\.0).sorted(), ["ERP/INV/1", "ERP/PO/1"])
    XCTAssertEqual(Set(reasons.map(\.1)), [expected])
    XCTAssertTrue(fixture.sandbox.rows("sn_fcms_intg_imp_order", where: "erp_po_number", equals: "ERP/PO/1").isEmpty,
                  "nothing of a held record reaches ServiceNow")
    let ownLine = fixture.sandbox.rows("sn_shop_purchase_order_line", where: "erp_po_number", equals: "ERP/PO/2")
    XCTAssertEqual(ownLine.map { $0["cost_center"] }, ["CC-900"], "a line's own cost center wins over the mapping")

    try fixture.deployment.mlc("map", "set", "gl_cost_center", "4000-100-10", "CC-100")
    let second = try fixture.sync("in-to-snow")
    XCTAssertEqual(ServiceNowConnectorFixture.counts(second, "replayed"), ["vendor": 0, "purchase_order": 1, "ap_invoice": 1])
    XCTAssertEqual(ServiceNowConnectorFixture.counts(second, "written"), ["vendor": 0, "purchase_order": 1, "ap_invoice": 1])
    XCTAssertEqual(Set(ServiceNowConnectorFixture.counts(second, "held").values), [0])
    let stillHeld = try MLCTestDeployment.json(try fixture.deployment.mlc("held", "--json").stdout)
    XCTAssertEqual(stillHeld["count"] as? Int, 0)
    let orderLine = fixture.sandbox.rows("sn_shop_purchase_order_line", where: "erp_po_number", equals: "ERP/PO/1")
    XCTAssertEqual(orderLine.map { $0["cost_center"] }, ["CC-100"], "the released line carries the mapped cost center")
    let invoiceLine = fixture.sandbox.rows("sn_shop_invoice_line", where: "external_invoice_number", equals: "ERP/INV/1")
    XCTAssertEqual(invoiceLine.map { $0["cost_center"] }, ["CC-100"])
    let invoice = try XCTUnwrap(fixture.sandbox.rows("sn_shop_invoice", where: "external_invoice_number", equals: "ERP/INV/1").first)
    XCTAssertEqual(invoice["subtotal"], "150.00", "the subtotal is the amount less tax")
    XCTAssertEqual(invoice["tax_amount"], "15.00")
    XCTAssertEqual(invoice["amount_invoiced"], "165.00")
    let order = try XCTUnwrap(fixture.sandbox.rows("sn_shop_purchase_order", where: "erp_number", equals: "ERP/PO/1").first)
    XCTAssertEqual(invoice["purchase_order"], order["sys_id"], "the invoice points at its order")
  }
}
