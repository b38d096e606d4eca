import Foundation
import ServiceNowSandbox
import TestKit
import XCTest

/// Approved purchase requisitions come out of the sandbox as canonical procurement
/// requests, all of them on the first run and only the changed ones afterwards, with
/// timestamps tied across page boundaries (the sandbox seeds runs of up to four equal
/// `sys_updated_on` values and the flow reads four per page).
final class ServiceNowConnectorSourceTests: XCTestCase {
  private func approved(_ fixture: ServiceNowConnectorFixture) -> [[String: String]] {
    fixture.sandbox.rows("sn_shop_purchase_requisition", where: "approval", equals: "approved")
  }

  func testProcurementRequestsAreReadFullyThenIncrementallyWithTies() throws {
    let fixture = try ServiceNowConnectorFixture(requisitions: 60, settings: ["clock": "2026-06-01T00:00:00Z"])
    try fixture.writeConfig([
      "snow": fixture.snow(["erp_source": "ERP"]),
      "files": ["plugin": "jsonl", "config": ["dir": "out"]],
    ], flows: [["name": "snow-to-files", "source": "snow", "sink": "files", "entities": ["procurement_request"], "page_size": 4]])
    let expected = approved(fixture)
    let stamps = expected.compactMap { $0["sys_updated_on"] }
    XCTAssertLessThan(Set(stamps).count, stamps.count, "the seed has tied timestamps, or this test proves nothing about ties")

    let first = try fixture.sync("snow-to-files")
    XCTAssertEqual(ServiceNowConnectorFixture.counts(first, "read")["procurement_request"], expected.count)
    let records = try fixture.deployment.jsonlRecords("procurement_request")
    XCTAssertEqual(records.count, expected.count)
    XCTAssertEqual(Set(records.compactMap { $0["key"] as? String }), Set(expected.compactMap { $0["sys_id"] }),
                   "every approved requisition once, keyed by sys_id, and nothing else")
    try assertRecordMatchesSandbox(fixture, try XCTUnwrap(records.first))

    let second = try fixture.sync("snow-to-files")
    XCTAssertEqual(ServiceNowConnectorFixture.counts(second, "read")["procurement_request"], 0, "\(second)")

    // An approver edits two approved requisitions and approves a third; the frozen clock
    // gives all three the same sys_updated_on, a tie at the new cursor.
    let edited = Array(expected.prefix(2)).compactMap { $0["sys_id"] }
    let pending = try XCTUnwrap(fixture.sandbox.rows("sn_shop_purchase_requisition", where: "approval", equals: "requested").first?["sys_id"])
    for id in edited {
      XCTAssertEqual(try fixture.tableRequest("PATCH", "/api/now/table/sn_shop_purchase_requisition/\(id)", body: ["currency": "CHF"]), 200)
    }
    XCTAssertEqual(try fixture.tableRequest("PATCH", "/api/now/table/sn_shop_purchase_requisition/\(pending)", body: ["approval": "approved"]), 200)

    let third = try fixture.sync("snow-to-files")
    XCTAssertEqual(ServiceNowConnectorFixture.counts(third, "read")["procurement_request"], 3, "\(third)")
    let after = try fixture.deployment.jsonlRecords("procurement_request")
    XCTAssertEqual(after.count, expected.count + 1)
    for id in edited {
      let record = try XCTUnwrap(after.first { $0["key"] as? String == id })
      XCTAssertEqual((record["data"] as? [String: Any])?["currency"] as? String, "CHF")
      XCTAssertEqual(record["updated_at"] as? String, "2026-06-01T00:00:00Z")
      XCTAssertEqual(record["cursor"] as? String, "2026-06-01T00:00:00Z")
    }
    XCTAssertTrue(after.contains { $0["key"] as? String == pending }, "a newly approved requisition is read")

    let fourth = try fixture.sync("snow-to-files")
    XCTAssertEqual(ServiceNowConnectorFixture.counts(fourth, "read")["procurement_request"], 0, "ties at the cursor are not delivered twice: \(fourth)")

    let full = try MLCTestDeployment.json(try fixture.deployment.mlc("sync", "snow-to-files", "--full", "--json").stdout)
    XCTAssertEqual(ServiceNowConnectorFixture.counts(full, "read")["procurement_request"], expected.count + 1, "a full sync reads everything again")
  }

  /// The record carries the requisition's values as the sandbox holds them.
  private func assertRecordMatchesSandbox(_ fixture: ServiceNowConnectorFixture, _ record: [String: Any]) throws {
    let key = try XCTUnwrap(record["key"] as? String)
    let row = try XCTUnwrap(fixture.sandbox.row("sn_shop_purchase_requisition", sysID: key))
    let data = try XCTUnwrap(record["data"] as? [String: Any])
    XCTAssertEqual(record["entity"] as? String, "procurement_request")
    let stamp = try XCTUnwrap(row["sys_updated_on"])
    XCTAssertEqual(record["updated_at"] as? String, stamp.replacingOccurrences(of: " ", with: "T") + "Z")
    XCTAssertEqual(data["number"] as? String, row["number"])
    XCTAssertEqual(data["status"] as? String, row["state"])
    XCTAssertEqual(data["currency"] as? String, row["currency"])
    XCTAssertEqual(data["total"] as? String, row["total_amount"], "money stays decimal text")
    XCTAssertEqual(data["needed_by"] as? String, row["needed_by"])
    let supplier = try XCTUnwrap(fixture.sandbox.row("sn_fin_supplier", sysID: row["supplier"] ?? ""))
    XCTAssertEqual(data["vendor_code"] as? String, supplier["erp_supplier_code"])
    XCTAssertEqual((record["refs"] as? [String: Any])?["vendor"] as? String, supplier["erp_supplier_code"])
    let requester = try XCTUnwrap(fixture.sandbox.row("sys_user", sysID: row["requested_for"] ?? ""))
    XCTAssertEqual(data["requester"] as? String, requester["name"])

    let lines = try XCTUnwrap(data["lines"] as? [[String: Any]])
    let stored = fixture.sandbox.rows("sn_shop_purchase_line", where: "purchase_requisition", equals: key)
      .sorted { Int($0["line_number"] ?? "") ?? 0 < Int($1["line_number"] ?? "") ?? 0 }
    XCTAssertEqual(lines.count, stored.count)
    XCTAssertGreaterThan(lines.count, 0)
    for (line, storedLine) in zip(lines, stored) {
      XCTAssertEqual(line["line"] as? Int, Int(storedLine["line_number"] ?? ""))
      XCTAssertEqual(line["description"] as? String, storedLine["product_name"])
      XCTAssertEqual(line["quantity"] as? String, storedLine["quantity"])
      XCTAssertEqual(line["unit_cost"] as? String, storedLine["unit_price"])
      XCTAssertEqual(line["amount"] as? String, storedLine["total_amount"])
      XCTAssertEqual(line["gl_account_code"] as? String, storedLine["gl_account"])
      let center = fixture.sandbox.row("cmn_cost_center", sysID: storedLine["cost_center"] ?? "")
      XCTAssertEqual(line["cost_center_code"] as? String, center?["code"])
    }
  }
}
