import Foundation
import ServiceNowSandbox
import TestKit
import XCTest

/// The real `mlc` moves generator records into the ServiceNow sandbox's Source-to-Pay
/// staging tables through `libmlc-servicenow.so`, and what a ServiceNow admin would check
/// holds: one target row per source record, no write on a rerun, updates in place, and no
/// duplicates when everything is sent again from scratch.
final class ServiceNowConnectorSinkTests: XCTestCase {
  /// The generator's records as the JSON Lines sink stored them: the source truth.
  private func sourceRecords(_ fixture: ServiceNowConnectorFixture, _ entity: String) throws -> [[String: Any]] {
    try fixture.deployment.jsonlRecords(entity)
  }

  private func configure(_ fixture: ServiceNowConnectorFixture, mode: String, epoch: Int = 0) throws {
    try fixture.writeConfig([
      "erp": ["plugin": "generator", "config": ["count": 30, "seed": 5, "epoch": epoch, "change_rate": 0.2]],
      "files": ["plugin": "jsonl", "config": ["dir": "out", "mode": "upsert"]],
      "snow": fixture.snow(["erp_source": "GEN", "write_mode": mode, "batch_size": 50]),
    ], flows: [
      ["name": "erp-to-snow", "source": "erp", "sink": "snow", "page_size": 100],
      ["name": "erp-to-files", "source": "erp", "sink": "files", "page_size": 500],
    ])
  }

  func testFirstRunMovesEverythingRerunWritesNothingChangesUpdateInPlaceAndResendsNeverDuplicate() throws {
    let fixture = try ServiceNowConnectorFixture()
    try configure(fixture, mode: "batch")
    _ = try fixture.sync("erp-to-files")

    let first = try fixture.sync("erp-to-snow")
    let read = ServiceNowConnectorFixture.counts(first, "read")
    XCTAssertEqual(Set(read.keys), ["gl_account", "cost_center", "vendor", "purchase_order", "ap_invoice", "ap_payment"])
    XCTAssertEqual(ServiceNowConnectorFixture.counts(first, "written"), read, "a first run inserts every record: \(first)")
    XCTAssertEqual(Set(ServiceNowConnectorFixture.counts(first, "failed").values), [0])
    XCTAssertEqual(Set(ServiceNowConnectorFixture.counts(first, "held").values), [0])
    try assertOneTargetRowPerSourceRecord(fixture)
    let orderIDs = idsByKey(fixture.rows("sn_shop_purchase_order", "erp_number", prefix: "GEN/"), key: "erp_number")
    XCTAssertEqual(fixture.rows("sn_fcms_intg_imp_order", "erp_po_number", prefix: "GEN/").count, orderIDs.count,
                   "each order went through the staging table once")

    fixture.sandbox.resetRequestLog()
    let second = try fixture.sync("erp-to-snow")
    XCTAssertEqual(Set(ServiceNowConnectorFixture.counts(second, "read").values), [0], "\(second)")
    XCTAssertEqual(fixture.sandbox.writeRequestCount, 0, "a rerun with nothing new makes no write call")

    try configure(fixture, mode: "batch", epoch: 1)
    _ = try fixture.sync("erp-to-files")
    let third = try fixture.sync("erp-to-snow")
    let changed = ServiceNowConnectorFixture.counts(third, "read")
    let updated = ServiceNowConnectorFixture.counts(third, "updated")
    XCTAssertGreaterThan(changed["purchase_order"] ?? 0, 0)
    XCTAssertEqual(updated["purchase_order"], changed["purchase_order"], "a changed order updates its target: \(third)")
    XCTAssertEqual(updated["vendor"], changed["vendor"], "a changed vendor updates its supplier: \(third)")
    XCTAssertEqual(Set(ServiceNowConnectorFixture.counts(third, "written").values), [0], "nothing new is inserted")
    XCTAssertEqual(Set(ServiceNowConnectorFixture.counts(third, "failed").values), [0])
    XCTAssertEqual(idsByKey(fixture.rows("sn_shop_purchase_order", "erp_number", prefix: "GEN/"), key: "erp_number"), orderIDs,
                   "every order keeps its sys_id")
    try assertOneTargetRowPerSourceRecord(fixture)

    // The host forgets everything; the same records go again and must land on the same rows.
    try fixture.wipeHostState()
    let resent = try fixture.sync("erp-to-snow")
    let resentRead = ServiceNowConnectorFixture.counts(resent, "read")
    XCTAssertEqual(resentRead["purchase_order"], 30)
    XCTAssertEqual(Set(ServiceNowConnectorFixture.counts(resent, "written").values), [0], "no duplicate inserts: \(resent)")
    XCTAssertEqual(Set(ServiceNowConnectorFixture.counts(resent, "failed").values), [0], "\(resent)")
    for (entity, count) in resentRead {
      let unchanged = (ServiceNowConnectorFixture.counts(resent, "updated")[entity] ?? 0)
        + (ServiceNowConnectorFixture.counts(resent, "skipped")[entity] ?? 0)
      XCTAssertEqual(unchanged, count, "\(entity) is updated or left unchanged, never inserted again")
    }
    XCTAssertEqual(ServiceNowConnectorFixture.counts(resent, "skipped")["purchase_order"], 30,
                   "orders already up to date are ignored by the transform")
    XCTAssertEqual(idsByKey(fixture.rows("sn_shop_purchase_order", "erp_number", prefix: "GEN/"), key: "erp_number"), orderIDs)
    try assertOneTargetRowPerSourceRecord(fixture)
  }

  func testSingleRowModeWritesTheSameRowsAndTargetKeysAreTheTargetSysIDs() throws {
    let fixture = try ServiceNowConnectorFixture()
    try configure(fixture, mode: "single")
    _ = try fixture.sync("erp-to-files")
    let first = try fixture.sync("erp-to-snow")
    XCTAssertEqual(ServiceNowConnectorFixture.counts(first, "written"), ServiceNowConnectorFixture.counts(first, "read"))
    try assertOneTargetRowPerSourceRecord(fixture)
    XCTAssertEqual(fixture.sandbox.requestCount(api: .insertMultiple), 0, "single mode posts one row per request")

    let audit = try MLCTestDeployment.json(try fixture.deployment.mlc("audit", "--flow", "erp-to-snow", "--entity", "purchase_order", "--limit", "0", "--json").stdout)
    let rows = try XCTUnwrap(audit["rows"] as? [[String: Any]])
    let orders = idsByKey(fixture.rows("sn_shop_purchase_order", "erp_number", prefix: "GEN/"), key: "erp_number")
    XCTAssertEqual(rows.count, 30)
    for row in rows {
      let key = try XCTUnwrap(row["source_key"] as? String)
      XCTAssertEqual(row["target_key"] as? String, orders[key], "the audit's target key is the order's sys_id")
    }

    try fixture.wipeHostState()
    let resent = try fixture.sync("erp-to-snow")
    XCTAssertEqual(Set(ServiceNowConnectorFixture.counts(resent, "written").values), [0], "\(resent)")
    XCTAssertEqual(ServiceNowConnectorFixture.counts(resent, "skipped"), ServiceNowConnectorFixture.counts(resent, "read"))
    try assertOneTargetRowPerSourceRecord(fixture)
  }

  /// Every generator record has exactly one target row (found by its key in the coalesce
  /// field), every order and invoice line one line row, every payment application one
  /// payment detail.
  private func assertOneTargetRowPerSourceRecord(_ fixture: ServiceNowConnectorFixture,
                                                 file: StaticString = #filePath, line: UInt = #line) throws {
    let targets: [(entity: String, table: String, field: String)] = [
      ("vendor", "sn_fin_supplier", "erp_supplier_code"), ("gl_account", "sn_fin_gl_account", "number"),
      ("cost_center", "cmn_cost_center", "code"), ("purchase_order", "sn_shop_purchase_order", "erp_number"),
      ("ap_invoice", "sn_shop_invoice", "external_invoice_number"),
    ]
    for target in targets {
      let keys = try sourceRecords(fixture, target.entity).compactMap { $0["key"] as? String }
      let stored = fixture.rows(target.table, target.field, prefix: "GEN/").compactMap { $0[target.field] }
      XCTAssertEqual(stored.count, keys.count, "\(target.table) rows for \(target.entity)", file: file, line: line)
      XCTAssertEqual(Set(stored), Set(keys), "\(target.table) holds each \(target.entity) key once", file: file, line: line)
    }
    let orderLines = try sourceRecords(fixture, "purchase_order").reduce(0) { $0 + (($1["data"] as? [String: Any])?["lines"] as? [Any] ?? []).count }
    XCTAssertEqual(fixture.rows("sn_shop_purchase_order_line", "erp_po_number", prefix: "GEN/").count, orderLines, file: file, line: line)
    let invoiceLines = try sourceRecords(fixture, "ap_invoice").reduce(0) { $0 + (($1["data"] as? [String: Any])?["lines"] as? [Any] ?? []).count }
    XCTAssertEqual(fixture.rows("sn_shop_invoice_line", "external_invoice_number", prefix: "GEN/").count, invoiceLines, file: file, line: line)
    let applications = try sourceRecords(fixture, "ap_payment").reduce(0) { $0 + (($1["data"] as? [String: Any])?["applications"] as? [Any] ?? []).count }
    XCTAssertGreaterThan(applications, 0, file: file, line: line)
    XCTAssertEqual(fixture.rows("sn_shop_invoice_payment_detail", "payment_reference_id", prefix: "GEN/").count, applications, file: file, line: line)
    let lines = fixture.rows("sn_shop_purchase_order_line", "erp_po_number", prefix: "GEN/")
    XCTAssertTrue(lines.allSatisfy { !($0["purchase_order"] ?? "").isEmpty }, "every order line points at its order", file: file, line: line)
  }

  private func idsByKey(_ rows: [[String: String]], key: String) -> [String: String] {
    Dictionary(rows.map { ($0[key] ?? "", $0["sys_id"] ?? "") }, uniquingKeysWith: { first, _ in first })
  }
}
