import Foundation
import ServiceNowSandbox
import XCTest

/// The single-row Import Set API and the coalesce rules of SYSTEMS.md §1.5, driven with raw
/// HTTP shaped as the Import Set API doc shows it.
final class ServiceNowSandboxImportSetTests: XCTestCase {
  private let supplierPath = "/api/now/import/sn_fcms_intg_imp_supplier"

  /// The one `result[]` entry of an Import Set API answer.
  private func entry(_ response: RawExchange) throws -> [String: Any] {
    let results = try XCTUnwrap(response.json["result"] as? [[String: Any]], response.body)
    XCTAssertEqual(results.count, 1)
    return try XCTUnwrap(results.first)
  }

  func testInsertThenSameRowIsIgnoredThenChangedRowIsUpdated() throws {
    let harness = try SandboxHarness()
    let before = harness.sandbox.rowCount("sn_fin_supplier")
    let body = #"{"erp_supplier_code":"EPIC06/V/000042","erp_source":"EPICOR","name":"Brandt Hydraulik GmbH","city":"Köln"}"#

    let first = try harness.api("POST", supplierPath, json: body)
    XCTAssertEqual(first.status, 201, first.body)
    XCTAssertTrue((first.json["import_set"] as? String ?? "").hasPrefix("ISET"), first.body)
    XCTAssertEqual(first.json["staging_table"] as? String, "sn_fcms_intg_imp_supplier")
    let inserted = try entry(first)
    XCTAssertEqual(inserted["status"] as? String, "inserted")
    XCTAssertEqual(inserted["transform_map"] as? String, "Master data supplier")
    XCTAssertEqual(inserted["table"] as? String, "sn_fin_supplier")
    XCTAssertEqual(inserted["display_name"] as? String, "name")
    XCTAssertEqual(inserted["display_value"] as? String, "Brandt Hydraulik GmbH")
    let sysID = try XCTUnwrap(inserted["sys_id"] as? String)
    XCTAssertEqual(inserted["record_link"] as? String, "http://127.0.0.1:\(harness.port)/api/now/table/sn_fin_supplier/\(sysID)")
    let target = try XCTUnwrap(harness.sandbox.row("sn_fin_supplier", sysID: sysID))
    XCTAssertEqual(target["city"], "Köln")
    XCTAssertEqual(target["sys_mod_count"], "0")
    XCTAssertNotNil(target["sys_created_on"].flatMap { $0.range(of: #"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"#, options: .regularExpression) })

    let again = try entry(try harness.api("POST", supplierPath, json: body))
    XCTAssertEqual(again["status"] as? String, "ignored")
    XCTAssertEqual(again["sys_id"] as? String, sysID)
    XCTAssertEqual(again["status_message"] as? String, "No field values changed")

    harness.sandbox.clock.advance(by: 60)
    let changed = try entry(try harness.api("POST", supplierPath, json: body.replacingOccurrences(of: "Köln", with: "Bonn")))
    XCTAssertEqual(changed["status"] as? String, "updated")
    XCTAssertEqual(changed["sys_id"] as? String, sysID)
    let updated = try XCTUnwrap(harness.sandbox.row("sn_fin_supplier", sysID: sysID))
    XCTAssertEqual(updated["city"], "Bonn")
    XCTAssertEqual(updated["sys_mod_count"], "1")
    XCTAssertGreaterThan(updated["sys_updated_on"] ?? "", target["sys_updated_on"] ?? "")
    XCTAssertEqual(harness.sandbox.rowCount("sn_fin_supplier"), before + 1)
  }

  func testEmptyCoalesceValueIsSkippedAndWritesNothing() throws {
    let harness = try SandboxHarness()
    let before = harness.sandbox.rowCount("sn_fin_supplier")
    let skipped = try entry(try harness.api("POST", supplierPath, json: #"{"erp_supplier_code":"","name":"Nameless"}"#))
    XCTAssertEqual(skipped["status"] as? String, "skipped")
    XCTAssertEqual(harness.sandbox.rowCount("sn_fin_supplier"), before)
    let stagingRow = try XCTUnwrap(harness.sandbox.row("sn_fcms_intg_imp_supplier", sysID: skipped["sys_id"] as? String ?? ""),
                                   "a skipped row reports the staging row's sys_id")
    XCTAssertEqual(stagingRow["sys_import_state"], "skipped")
  }

  func testCoalesceIgnoresCaseUnlessConfigured() throws {
    let harness = try SandboxHarness()
    let seeded = try XCTUnwrap(harness.sandbox.rows("sn_fin_supplier", where: "erp_supplier_code", equals: "SUP-0004").first)
    let result = try entry(try harness.api("POST", supplierPath, json: #"{"erp_supplier_code":"sup-0004","name":"Nordic Fasteners AB"}"#))
    XCTAssertEqual(result["status"] as? String, "updated", "only the code's case differs, and the code is copied")
    XCTAssertEqual(result["sys_id"] as? String, seeded["sys_id"])

    let strict = try SandboxHarness(settings: ["coalesce_case_sensitive.sn_fcms_intg_imp_supplier": "true"])
    let strictResult = try entry(try strict.api("POST", supplierPath, json: #"{"erp_supplier_code":"sup-0004","name":"Nordic Fasteners AB"}"#))
    XCTAssertEqual(strictResult["status"] as? String, "inserted")
  }

  func testWhenSeveralTargetsMatchOnlyTheFirstIsUpdated() throws {
    let harness = try SandboxHarness()
    // The Table API does not coalesce, so it can create the duplicates an import then meets.
    let one = try harness.api("POST", "/api/now/table/sn_fin_supplier", json: #"{"name":"Twin A","erp_supplier_code":"DUP-1"}"#)
    let two = try harness.api("POST", "/api/now/table/sn_fin_supplier", json: #"{"name":"Twin B","erp_supplier_code":"DUP-1"}"#)
    XCTAssertEqual(one.status, 201)
    XCTAssertEqual(two.status, 201)
    let firstID = try XCTUnwrap(one.record["sys_id"] as? String)
    let secondID = try XCTUnwrap(two.record["sys_id"] as? String)

    let result = try entry(try harness.api("POST", supplierPath, json: #"{"erp_supplier_code":"DUP-1","name":"Twin merged"}"#))
    XCTAssertEqual(result["status"] as? String, "updated")
    XCTAssertEqual(result["sys_id"] as? String, firstID)
    XCTAssertEqual(harness.sandbox.row("sn_fin_supplier", sysID: firstID)?["name"], "Twin merged")
    XCTAssertEqual(harness.sandbox.row("sn_fin_supplier", sysID: secondID)?["name"], "Twin B")
  }

  func testMultiFieldCoalesceNeedsEveryFieldToMatch() throws {
    let harness = try SandboxHarness()
    let order = #"{"erp_po_number":"PO-4711","erp_source":"EPICOR","supplier_company_name":"SUP-0002","po_amount":"150.00"}"#
    XCTAssertEqual(try entry(try harness.api("POST", "/api/now/import/sn_fcms_intg_imp_order", json: order))["status"] as? String, "inserted")
    let linePath = "/api/now/import/sn_fcms_intg_imp_order_line"
    let line1 = #"{"erp_po_number":"PO-4711","erp_po_line_number":"1","erp_source":"EPICOR","quantity":"3","unit_price":"50.00"}"#
    let line2 = line1.replacingOccurrences(of: #""erp_po_line_number":"1""#, with: #""erp_po_line_number":"2""#)
    let first = try entry(try harness.api("POST", linePath, json: line1))
    XCTAssertEqual(first["status"] as? String, "inserted")
    XCTAssertEqual(try entry(try harness.api("POST", linePath, json: line2))["status"] as? String, "inserted",
                   "same PO number, different line number: a new line")
    XCTAssertEqual(try entry(try harness.api("POST", linePath, json: line1))["status"] as? String, "ignored")
    let poLine = try XCTUnwrap(harness.sandbox.row("sn_shop_purchase_order_line", sysID: first["sys_id"] as? String ?? ""))
    let po = try XCTUnwrap(harness.sandbox.rows("sn_shop_purchase_order", where: "erp_number", equals: "PO-4711").first)
    XCTAssertEqual(poLine["purchase_order"], po["sys_id"], "the ERP PO number also resolves the purchase_order reference")
    XCTAssertEqual(po["supplier"], harness.sandbox.rows("sn_fin_supplier", where: "erp_supplier_code", equals: "SUP-0002").first?["sys_id"])
  }

  func testUnresolvedReferenceAndMissingMandatoryValueAreErrors() throws {
    let harness = try SandboxHarness()
    let orderPath = "/api/now/import/sn_fcms_intg_imp_order"
    let unknownSupplier = try entry(try harness.api("POST", orderPath,
      json: #"{"erp_po_number":"PO-1","erp_source":"EPICOR","supplier_company_name":"NO-SUCH-SUPPLIER"}"#))
    XCTAssertEqual(unknownSupplier["status"] as? String, "error")
    XCTAssertTrue((unknownSupplier["error_message"] as? String ?? "").contains("NO-SUCH-SUPPLIER"), "\(unknownSupplier)")

    let noSource = try entry(try harness.api("POST", orderPath, json: #"{"erp_po_number":"PO-2","supplier_company_name":"SUP-0001"}"#))
    XCTAssertEqual(noSource["status"] as? String, "error")
    XCTAssertEqual(noSource["error_message"] as? String, "Data Policy Exception: The following fields are mandatory: ERP source")

    let badAmount = try entry(try harness.api("POST", orderPath,
      json: #"{"erp_po_number":"PO-3","erp_source":"EPICOR","supplier_company_name":"SUP-0001","po_amount":"12,50"}"#))
    XCTAssertEqual(badAmount["status"] as? String, "error")
    XCTAssertEqual(harness.sandbox.rowCount("sn_shop_purchase_order"), 0)
  }

  func testResultCanBeReadBackByStagingRowSysID() throws {
    let harness = try SandboxHarness()
    let posted = try harness.api("POST", "/api/now/import/sn_fcms_intg_imp_cost_center", json: #"{"code":"CC-910","name":"Tooling"}"#)
    let targetID = try XCTUnwrap(try entry(posted)["sys_id"] as? String)
    let staging = try harness.api("GET", "/api/now/table/sn_fcms_intg_imp_cost_center?sysparm_query=sys_target_sys_id=\(targetID)")
    let stagingID = try XCTUnwrap(staging.results.first?["sys_id"] as? String, staging.body)
    let read = try harness.api("GET", "/api/now/import/sn_fcms_intg_imp_cost_center/\(stagingID)")
    XCTAssertEqual(read.status, 200)
    XCTAssertEqual(read.json["import_set"] as? String, posted.json["import_set"] as? String)
    XCTAssertEqual(try entry(read)["sys_id"] as? String, targetID)
    XCTAssertEqual(try entry(try harness.api("GET", "/api/now/import/sn_fcms_intg_imp_cost_center/\(targetID)"))["sys_id"] as? String,
                   targetID, "the target sys_id from the POST answer finds the same result")
    XCTAssertEqual(try harness.api("GET", "/api/now/import/sn_fcms_intg_imp_cost_center/0123456789abcdef0123456789abcdef").status, 404)
  }

  func testConcurrentInsertsOfOneKeyCreateOneRecord() throws {
    let harness = try SandboxHarness()
    let path = supplierPath
    let statuses = StatusLog()
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      let response = try? harness.api("POST", path, json: #"{"erp_supplier_code":"RACE-1","name":"Race Supplies"}"#)
      statuses.append((response?.json["result"] as? [[String: Any]])?.first?["status"] as? String ?? "no answer")
    }
    XCTAssertEqual(statuses.sorted, ["ignored", "ignored", "ignored", "ignored", "ignored", "ignored", "ignored", "inserted"])
    XCTAssertEqual(harness.sandbox.rows("sn_fin_supplier", where: "erp_supplier_code", equals: "RACE-1").count, 1)
  }

  func testTableAPIInsertIntoAStagingTableRunsTheTransform() throws {
    let harness = try SandboxHarness()
    let response = try harness.api("POST", "/api/now/table/sn_fcms_intg_imp_cost_center", json: #"{"code":"CC-920","name":"Welding"}"#)
    XCTAssertEqual(response.status, 201)
    XCTAssertEqual(response.record["sys_import_state"] as? String, "inserted")
    XCTAssertEqual(harness.sandbox.rows("cmn_cost_center", where: "code", equals: "CC-920").count, 1)
  }

  func testUnknownStagingTableIsInvalidTable() throws {
    let harness = try SandboxHarness()
    let response = try harness.api("POST", "/api/now/import/imp_nothing", json: #"{"a":"b"}"#)
    XCTAssertEqual(response.status, 400)
    XCTAssertEqual(response.body, #"{"error":{"message":"Invalid table imp_nothing","detail":null},"status":"failure"}"#)
  }
}

/// Statuses collected from concurrent requests.
private final class StatusLog: @unchecked Sendable {
  private let lock = NSLock()
  private var statuses: [String] = []

  func append(_ status: String) {
    lock.lock()
    statuses.append(status)
    lock.unlock()
  }

  var sorted: [String] {
    lock.lock()
    defer { lock.unlock() }
    return statuses.sorted()
  }
}
