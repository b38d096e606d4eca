import EpicorSandbox
import Foundation
import MLCSandboxKit
import TestKit
import XCTest

/// Writing vendors, AP invoices and AP payments into the Epicor sandbox through the real
/// `mlc` and `libmlc-epicor.so`, from canonical records in JSON Lines files.
final class EpicorConnectorWriteTests: XCTestCase {
  /// A canonical record as the JSON Lines source hands it on.
  private func record(_ entity: String, _ key: String, _ data: [String: Any], refs: [String: Any] = [:]) -> [String: Any] {
    ["entity": entity, "key": key, "updated_at": "2026-02-01T09:00:00Z", "data": data, "refs": refs]
  }

  private func invoice(_ number: String, vendor: String, lines: [[String: Any]], amount: String) -> [String: Any] {
    record("ap_invoice", "SRC/INV/\(number)", [
      "number": number, "vendor_code": vendor, "invoice_date": "2026-02-01", "due_date": "2026-03-03",
      "amount": amount, "description": "Lieferung Februar – Zahnräder", "lines": lines,
    ])
  }

  func testVendorsAreCreatedUpdatedAndThenSkipped() throws {
    let epicor = try EpicorConnectorDeployment(records: 40)
    try epicor.configure()
    let sandbox = epicor.sandbox
    let existing = try XCTUnwrap(sandbox.allRows("Vendor").first)
    let before = sandbox.count("Vendor")
    try epicor.inbox("vendor", [
      record("vendor", "SRC/V/1", ["code": "NORDSTAHL", "name": "Nordstahl Håkansson AB", "currency": "SEK", "active": true,
                                   "address": ["line1": "Storgatan 1", "city": "Malmö", "postal_code": "211 22", "country": "SE"]]),
      record("vendor", "SRC/V/2", ["code": existing["VendorID"]!, "name": existing["Name"]!, "phone": "+49 89 123456"]),
    ])
    let first = try epicor.sync("inbox-to-epicor")
    XCTAssertEqual(MLCTestDeployment.counts(first, "written")["vendor"], 1)
    XCTAssertEqual(MLCTestDeployment.counts(first, "updated")["vendor"], 1)
    XCTAssertEqual(sandbox.count("Vendor"), before + 1)
    let created = try XCTUnwrap(sandbox.rows("Vendor", where: "VendorID", equals: "NORDSTAHL").first)
    XCTAssertEqual(created["Name"], "Nordstahl Håkansson AB")
    XCTAssertEqual(created["Country"], "Sweden")
    XCTAssertEqual(created["ZIP"], "211 22")
    XCTAssertEqual(sandbox.row("Vendor", key: [existing["VendorNum"]!])?["PhoneNum"], "+49 89 123456")

    let again = try epicor.sync("inbox-to-epicor", full: true)
    XCTAssertEqual(MLCTestDeployment.counts(again, "skipped")["vendor"], 2, "a resend finds both vendors as they are")
    XCTAssertEqual(sandbox.count("Vendor"), before + 1, "no duplicate")
  }

  func testAnInvoiceIsEnteredOnceWithItsLinesAndGLDistribution() throws {
    let epicor = try EpicorConnectorDeployment(records: 40)
    try epicor.configure(config: ["ap_invoice_group": "MLCTEST"])
    let sandbox = epicor.sandbox
    let vendor = try XCTUnwrap(sandbox.allRows("Vendor").first)
    try epicor.inbox("ap_invoice", [invoice("RE-ML-0001", vendor: vendor["VendorID"]!, lines: [
      ["line": 1, "description": "Zahnrad Ø 40", "quantity": "12", "unit_cost": "10.25", "amount": "123.00",
       "gl_account_code": "5000-200-10"],
      ["line": 2, "description": "Fracht", "quantity": "1", "unit_cost": "45.50", "amount": "45.50", "gl_account_code": "6300-400-20"],
    ], amount: "168.50")])
    let first = try epicor.sync("inbox-to-epicor")
    XCTAssertEqual(MLCTestDeployment.counts(first, "written")["ap_invoice"], 1, "\(first)")
    let header = try XCTUnwrap(sandbox.row("APInvHed", key: [vendor["VendorNum"]!, "RE-ML-0001"]))
    XCTAssertEqual(header["GroupID"], "MLCTEST", "the missing group was created")
    XCTAssertEqual(sandbox.count("APInvGrp") > 0, true)
    XCTAssertEqual(header["DocInvoiceVendorAmt"], "168.5")
    XCTAssertEqual(header["InvoiceDate"], "2026-02-01T00:00:00")
    let lines = sandbox.rows("APInvDtl", where: "InvoiceNum", equals: "RE-ML-0001")
    XCTAssertEqual(lines.map { $0["DocExtCost"] }, ["123", "45.5"])
    let accounts = sandbox.rows("APInvExp", where: "InvoiceNum", equals: "RE-ML-0001").map { $0["GLAccount"]! }
    XCTAssertEqual(accounts, ["5000|200|10", "6300|400|20"])
    XCTAssertGreaterThan(sandbox.requestCount("APInvoiceSvc/GetNewAPInvHedInvoice"), 0)
    XCTAssertGreaterThan(sandbox.requestCount("APInvoiceSvc/GetNewAPInvDtl"), 0)
    XCTAssertGreaterThan(sandbox.requestCount("APInvoiceSvc/UpdateMaster"), 0)

    let invoices = sandbox.count("APInvHed")
    let again = try epicor.sync("inbox-to-epicor", full: true)
    XCTAssertEqual(MLCTestDeployment.counts(again, "skipped")["ap_invoice"], 1, "a write of an existing invoice is skipped")
    XCTAssertEqual(sandbox.count("APInvHed"), invoices, "and does not duplicate it")
    XCTAssertEqual(sandbox.rows("APInvDtl", where: "InvoiceNum", equals: "RE-ML-0001").count, 2)
  }

  func testAnUnpostedInvoiceMissingLinesGetsThemInsteadOfADuplicate() throws {
    let epicor = try EpicorConnectorDeployment(records: 40)
    try epicor.configure()
    let vendor = try XCTUnwrap(epicor.sandbox.allRows("Vendor").first)
    let first = ["line": 1, "description": "Gehäuse", "quantity": "3", "unit_cost": "20.00"] as [String: Any]
    // As if an earlier write had stopped after the first line.
    try epicor.inbox("ap_invoice", [invoice("RE-ML-0002", vendor: vendor["VendorID"]!, lines: [first], amount: "60.00")])
    try epicor.sync("inbox-to-epicor")
    let second = ["line": 2, "description": "Deckel", "quantity": "3", "unit_cost": "5.00"] as [String: Any]
    try epicor.inbox("ap_invoice", [invoice("RE-ML-0002", vendor: vendor["VendorID"]!, lines: [first, second], amount: "75.00")])
    let resend = try epicor.sync("inbox-to-epicor", full: true)
    XCTAssertEqual(MLCTestDeployment.counts(resend, "updated")["ap_invoice"], 1, "\(resend)")
    let lines = epicor.sandbox.rows("APInvDtl", where: "InvoiceNum", equals: "RE-ML-0002")
    XCTAssertEqual(lines.map { $0["Description"] }, ["Gehäuse", "Deckel"])
    let headers = epicor.sandbox.rows("APInvHed", where: "InvoiceNum", equals: "RE-ML-0002")
    XCTAssertEqual(headers.count, 1)
    XCTAssertEqual(headers.first?["DocInvoiceVendorAmt"], "75", "the header follows the record too")
  }

  func testAnUnknownVendorOrGLAccountHoldsTheInvoiceUntilItResolves() throws {
    let epicor = try EpicorConnectorDeployment(records: 40)
    try epicor.configure()
    let vendor = try XCTUnwrap(epicor.sandbox.allRows("Vendor").first)
    try epicor.inbox("ap_invoice", [
      invoice("X-1", vendor: "NO-SUCH-VENDOR", lines: [["line": 1, "description": "x", "quantity": "1", "unit_cost": "1.00"]], amount: "1.00"),
      invoice("X-2", vendor: vendor["VendorID"]!, lines: [
        ["line": 1, "description": "Beratung", "quantity": "2", "unit_cost": "150.00", "gl_account_code": "OTHER-7000"],
      ], amount: "300.00"),
    ])
    let first = try epicor.sync("inbox-to-epicor")
    XCTAssertEqual(MLCTestDeployment.counts(first, "held")["ap_invoice"], 2)
    let held = try epicor.mlc.mlc("held").stdout
    XCTAssertTrue(held.contains("vendor \"NO-SUCH-VENDOR\""), held)
    XCTAssertTrue(held.contains("mlc map set epicor_gl_account OTHER-7000"), held)
    XCTAssertNil(epicor.sandbox.row("APInvHed", key: [vendor["VendorNum"]!, "X-2"]), "nothing is written for a held invoice")

    try epicor.mlc.mlc("map", "set", "epicor_gl_account", "OTHER-7000", "7000-100-10")
    let second = try epicor.sync("inbox-to-epicor")
    XCTAssertEqual(MLCTestDeployment.counts(second, "written")["ap_invoice"], 1, "\(second)")
    XCTAssertEqual(epicor.sandbox.rows("APInvExp", where: "InvoiceNum", equals: "X-2").map { $0["GLAccount"] }, ["7000|100|10"])
  }

  func testEpicorsBusinessErrorFailsTheRecordWithItsMessage() throws {
    let epicor = try EpicorConnectorDeployment(records: 20)
    try epicor.configure()
    try epicor.inbox("vendor", [record("vendor", "SRC/V/9", ["code": "NONAME"])])
    let summary = try epicor.sync("inbox-to-epicor")
    XCTAssertEqual(MLCTestDeployment.counts(summary, "failed")["vendor"], 1)
    let letters = try epicor.mlc.mlc("dead-letters").stdout
    XCTAssertTrue(letters.contains("Supplier name is required."), letters)
    XCTAssertTrue(letters.contains("[field Vendor.Name]"), letters)
  }

  func testAPaymentIsAppliedToItsInvoiceOnce() throws {
    let epicor = try EpicorConnectorDeployment(records: 150)
    try epicor.configure(config: ["payment_bank_account": "CHK01"])
    let sandbox = epicor.sandbox
    let open = try XCTUnwrap(sandbox.allRows("APInvHed").first { $0["Posted"] == "true" && $0["OpenPayable"] == "true" }
      ?? sandbox.allRows("APInvHed").first { $0["OpenPayable"] == "true" })
    let vendorID = open["VendorNumVendorID"]!
    try epicor.inbox("ap_payment", [record("ap_payment", "SRC/PAY/1", [
      "number": "770001", "vendor_code": vendorID, "payment_date": "2026-02-10", "amount": "25.00",
      "applications": [["invoice_number": open["InvoiceNum"]!, "amount": "25.00"]],
    ])])
    let payments = sandbox.count("CheckHed")
    let first = try epicor.sync("inbox-to-epicor")
    XCTAssertEqual(MLCTestDeployment.counts(first, "written")["ap_payment"], 1, "\(first)")
    XCTAssertEqual(sandbox.count("CheckHed"), payments + 1)
    let check = try XCTUnwrap(sandbox.rows("CheckHed", where: "CheckNum", equals: "770001").first)
    XCTAssertEqual(check["VendorNum"], open["VendorNum"])
    XCTAssertEqual(check["DocCheckAmt"], "25")
    let applied = sandbox.rows("APTran", where: "HeadNum", equals: check["HeadNum"]!)
    XCTAssertEqual(applied.map { $0["InvoiceNum"] }, [open["InvoiceNum"]])

    let again = try epicor.sync("inbox-to-epicor", full: true)
    XCTAssertEqual(MLCTestDeployment.counts(again, "skipped")["ap_payment"], 1)
    XCTAssertEqual(sandbox.count("CheckHed"), payments + 1, "no second payment")
  }
}
