import MLCPluginKit
@testable import ServiceNow
import XCTest

/// The connector's pure parts, without a host: what rows a record becomes, how row results
/// become one outcome, config errors, decimal and time conversions, query and Link syntax.
final class ServiceNowConnectorMappingTests: XCTestCase {
  private func record(_ entity: String, _ json: String) throws -> CanonicalRecord {
    try CanonicalRecord(entity: entity, try JSONValue(parsing: json))
  }

  private func context(mappings: [String: String] = [:]) -> MappingContext {
    MappingContext(erpSource: "ERP", costCenters: CostCenterResolver(table: "gl_cost_center") { mappings[$0] }, invoiceKeys: nil)
  }

  /// Why a mapping gave no rows.
  private struct NoRows: Error, CustomStringConvertible {
    let description: String
  }

  private func plan(_ preparation: Preparation) throws -> RecordPlan {
    guard case .send(let plan) = preparation else { throw NoRows(description: "expected rows, got \(preparation)") }
    return plan
  }

  func testAVendorBecomesOneSupplierRowCoalescingOnItsKey() throws {
    let vendor = try record("vendor", #"""
      {"key":"EPIC06/V/42","data":{"code":"V42","name":"Müller GmbH","tax_id":"DE123","active":false,
       "address":{"line1":"Hauptstraße 1","line2":"Halle 3","city":"Stuttgart","region":"BW","postal_code":"70173","country":"DE"},
       "terms_code":"NET30","currency":"EUR"}}
      """#)
    let row = try XCTUnwrap(try plan(MasterDataRows.supplier(vendor, context())).primary.first)
    XCTAssertEqual(row.value("erp_supplier_code"), "EPIC06/V/42")
    XCTAssertEqual(row.value("name"), "Müller GmbH")
    XCTAssertEqual(row.value("street"), "Hauptstraße 1\nHalle 3")
    XCTAssertEqual(row.value("zip"), "70173")
    XCTAssertEqual(row.value("active"), "false")
    XCTAssertNil(row.value("email"), "unknown values are left out, not sent empty")
    XCTAssertEqual(row.missingCoalesce, [])
  }

  func testOrderLinesTakeTheirCostCenterFromTheMappingTableOrHoldTheOrder() throws {
    let json = #"""
      {"key":"PO/1","refs":{"vendor":"V/1"},"data":{"total":"30.00","currency":"USD","lines":[
        {"line":1,"quantity":"1.5","unit_cost":"10.00","amount":"15.00","gl_account_code":"6100-104-10"},
        {"line":2,"quantity":"1","unit_cost":"15.00","amount":"15.00","gl_account_code":"6200","cost_center_code":"CC-7"}]}}
      """#
    let order = try record("purchase_order", json)
    let mapped = try plan(try PurchaseOrderRows.plan(order, context(mappings: ["6100-104-10": "CC-104"])))
    XCTAssertEqual(mapped.primary.map { $0.value("supplier_company_name") }, ["V/1"])
    XCTAssertEqual(mapped.dependent.map { $0.value("cost_center") }, ["CC-104", "CC-7"])
    XCTAssertEqual(mapped.dependent.map { $0.value("erp_po_line_number") }, ["1", "2"])
    XCTAssertEqual(mapped.dependent.map { $0.value("erp_po_number") }, ["PO/1", "PO/1"])
    XCTAssertEqual(mapped.dependent.first?.value("quantity"), "1.5")

    guard case .held(let reason) = try PurchaseOrderRows.plan(order, context()) else {
      return XCTFail("an unmapped GL account holds the order")
    }
    XCTAssertEqual(reason, "GL account 6100-104-10 has no cost center in mapping table gl_cost_center; set it with `mlc map set gl_cost_center 6100-104-10 <cost center>`")
  }

  func testAnInvoiceSubtotalIsItsAmountLessTax() throws {
    let invoice = try record("ap_invoice", #"{"key":"INV/9","data":{"number":"A-1","amount":"1234.50","tax_amount":"34.55"},"refs":{"vendor":"V/1"}}"#)
    let header = try XCTUnwrap(try plan(try InvoiceRows.plan(invoice, context())).primary.first)
    XCTAssertEqual(header.value("subtotal"), "1199.95")
    XCTAssertEqual(header.value("other_charges"), "0")
    XCTAssertEqual(header.value("supplier_invoice_number"), "A-1")
    XCTAssertEqual(header.value("external_invoice_number"), "INV/9")
  }

  func testDecimalSubtractionIsExact() {
    XCTAssertEqual(DecimalText.subtract("165.00", "15.00"), "150.00")
    XCTAssertEqual(DecimalText.subtract("100", "0.5"), "99.5")
    XCTAssertEqual(DecimalText.subtract("0.05", "0.10"), "-0.05")
    XCTAssertEqual(DecimalText.subtract("0.1", "0.2"), "-0.1", "no binary float anywhere")
    XCTAssertNil(DecimalText.subtract("1e3", "1"))
    XCTAssertNil(DecimalText.subtract("12.", "1"))
  }

  func testRowResultsBecomeOneOutcomePerRecord() {
    let header = StagingRow(.order, subject: "purchase_order \"PO/1\"")
    let line = StagingRow(.orderLine, subject: "purchase_order \"PO/1\" line 2")
    let plan = RecordPlan(primary: [header], dependent: [line])
    func verdict(_ first: RowResult.State, _ second: RowResult.State?, message: String = "") -> RecordVerdict {
      let head = RowReport.done(RowResult(state: first, targetSysID: first == .error ? "" : "abc", message: message))
      let lines = second.map { [RowReport.done(RowResult(state: $0, targetSysID: "def", message: message))] }
      return RecordVerdict(plan, PlanReport(primary: [head], dependent: lines), targets: [:])
    }
    XCTAssertEqual(verdict(.inserted, .inserted).outcome, .inserted)
    XCTAssertEqual(verdict(.inserted, .inserted).targetKey, "abc", "the header's target sys_id")
    XCTAssertEqual(verdict(.ignored, .updated).outcome, .updated)
    XCTAssertEqual(verdict(.ignored, .ignored).outcome, .skipped)
    let lineError = verdict(.updated, .error, message: "Invalid decimal 'x'")
    XCTAssertEqual(lineError.outcome, .failed)
    XCTAssertTrue(lineError.message.contains("purchase_order \"PO/1\" line 2"), lineError.message)
    XCTAssertTrue(lineError.message.contains("Invalid decimal 'x'"), lineError.message)
    let skipped = verdict(.skipped, nil, message: "Row skipped: coalesce field ERP PO number is empty")
    XCTAssertEqual(skipped.outcome, .failed)
    XCTAssertTrue(skipped.message.hasPrefix("coalesce value empty"), skipped.message)
    let transient = RecordVerdict(plan, PlanReport(primary: [.failed(.transient("HTTP 503"))], dependent: nil), targets: [:])
    XCTAssertEqual(transient.outcome, .failed)
    XCTAssertTrue(transient.transient)
  }

  func testImportAnswersWithSeveralTransformMapsReportTheWorstRow() throws {
    let answer = try JSONValue(parsing: #"""
      [{"status":"inserted","sys_id":"a"},{"status":"error","sys_id":"b","error_message":"Reference not found"}]
      """#)
    let result = RowResult.fromImport(answer.arrayValue ?? [], table: "sn_fcms_intg_imp_order")
    XCTAssertEqual(result.state, .error)
    XCTAssertEqual(result.message, "Reference not found")
    XCTAssertEqual(RowResult.fromImport([], table: "t").state, .error, "no transform map ran: nothing reached a target")
    XCTAssertNil(RowResult.fromStagingRow(["sys_import_state": "pending"]), "a pending row has no result yet")
  }

  func testConfigErrorsNameTheFieldAndOverridesApply() throws {
    XCTAssertThrowsError(try ServiceNowConfig(try ConfigObject(json: #"{"write_mode":"bulk"}"#, connector: "servicenow"))) { error in
      XCTAssertEqual("\(error)", #"servicenow config: "write_mode" must be "single" or "batch", found "bulk""#)
    }
    XCTAssertThrowsError(try ServiceNowConfig(try ConfigObject(json: #"{"staging_tables":{"vendors":"x"}}"#, connector: "servicenow"))) { error in
      XCTAssertTrue("\(error)".contains(#""staging_tables.vendors" is not a known field"#), "\(error)")
    }
    let config = try ServiceNowConfig(try ConfigObject(json: #"""
      {"staging_tables":{"purchase_order":"u_po_stage"},"columns":{"purchase_order":{"erp_po_number":"PO Ref"}}}
      """#, connector: "servicenow"))
    let target = try XCTUnwrap(config.targets[.order])
    XCTAssertEqual(target.name, "u_po_stage")
    XCTAssertEqual(config.targets[.orderLine]?.name, "sn_fcms_intg_imp_order_line")
    var row = StagingRow(.order, subject: "po")
    row.set("erp_po_number", "PO/1")
    row.set("po_amount", "10.00")
    XCTAssertEqual(String(decoding: target.multipleBody([row]), as: UTF8.self),
                   #"{"records":[{"PO Ref":"PO/1","PO amount":"10.00"}]}"#, "insertMultiple keys by label unless told otherwise")
    let single = try ServiceNowConfig(try ConfigObject(json: #"{"write_mode":"single"}"#, connector: "servicenow"))
    XCTAssertEqual(String(decoding: try XCTUnwrap(single.targets[.order]).body(row), as: UTF8.self),
                   #"{"erp_po_number":"PO/1","po_amount":"10.00"}"#, "a single-row post keys by column name")
  }

  func testTimesQueriesAndLinkHeaders() {
    XCTAssertEqual(GlideTime.canonical("2026-01-05 08:00:00"), "2026-01-05T08:00:00Z")
    XCTAssertNil(GlideTime.canonical("2026-13-05 08:00:00"))
    XCTAssertNil(GlideTime.canonical("05/01/2026 08:00"))
    XCTAssertEqual(GlideTime.atOrAfter("2026-01-05T08:00:00.250Z"),
                   "sys_updated_on>=javascript:gs.dateGenerate('2026-01-05','08:00:00')")
    XCTAssertNil(GlideTime.atOrAfter("yesterday"))
    XCTAssertEqual(ServiceNowClient.query([("sysparm_query", "approval=approved^ORDERBYsys_id"), ("sysparm_limit", "5")]),
                   "sysparm_query=approval%3Dapproved%5EORDERBYsys_id&sysparm_limit=5")
    XCTAssertTrue(ServiceNowClient.hasNext(#"<https://i/api/now/table/t?sysparm_offset=0>;rel="first",<https://i/api/now/table/t?sysparm_offset=4>;rel="next""#))
    XCTAssertTrue(ServiceNowClient.hasNext(#"<https://i/x?a=1>; rel="prev", <https://i/x?a=2>; rel="next""#))
    XCTAssertFalse(ServiceNowClient.hasNext(#"<https://i/x>;rel="first",<https://i/x>;rel="last""#))
  }
}
