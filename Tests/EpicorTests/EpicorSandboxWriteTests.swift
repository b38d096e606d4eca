import EpicorSandbox
import Foundation
import MLCSandboxKit
import XCTest

/// Writes through the BO methods and entity-set verbs, shaped as SYSTEMS.md §1.6 and the
/// EPI-AP client do them, then read back over HTTP.
final class EpicorSandboxWriteTests: XCTestCase {
  private var sandbox: EpicorSandbox!
  private var client: EpicorRawClient!

  override func setUpWithError() throws {
    (sandbox, client) = try startEpicorSandbox(records: 200, seed: 5)
  }

  override func tearDown() {
    sandbox.stop()
  }

  /// POSTs `body` to `service/method` and returns the `parameters` object.
  private func call(_ service: String, _ method: String, _ body: Any, status: Int = 200,
                    file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
    let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
    let response = try client.post(client.url(service, method), json: text)
    XCTAssertEqual(response.status, status, response.text, file: file, line: line)
    return try response.json()
  }

  private func rows(_ parameters: [String: Any], _ table: String) -> [[String: Any]] {
    ((parameters["parameters"] as? [String: Any])?["ds"] as? [String: Any])?[table] as? [[String: Any]] ?? []
  }

  /// A supplier to invoice: the first active one with a PO.
  private var vendor: (num: Int, id: String, po: Int) {
    let po = sandbox.allRows("POHeader").first { $0["VoidOrder"] == "false" }!
    return (Int(po["VendorNum"]!)!, po["VendorVendorID"]!, Int(po["PONum"]!)!)
  }

  func testAPInvoiceTwoStepWriteThenReadBack() throws {
    let revisionBefore = sandbox.currentSysRevID
    let group = try call("APInvGrpSvc", "GetNewAPInvGrpNoLock", ["ds": ["APInvGrp": []]])
    var groupRow = try XCTUnwrap(rows(group, "APInvGrp").first)
    XCTAssertEqual(groupRow["RowMod"] as? String, "A")
    groupRow["GroupID"] = "MLC0001"
    _ = try call("APInvGrpSvc", "Update", ["ds": ["APInvGrp": [groupRow]]])

    let new = try call("APInvoiceSvc", "GetNewAPInvHedInvoice", ["cGroupID": "MLC0001", "ds": [:]])
    var header = try XCTUnwrap(rows(new, "APInvHed").first)
    XCTAssertEqual(header["GroupID"] as? String, "MLC0001")
    XCTAssertEqual(header["RowMod"] as? String, "A")
    header["InvoiceNum"] = "MLC-TEST-1"
    header["InvoiceDate"] = "2026-02-10T00:00:00"
    header["VendorNumVendorID"] = vendor.id
    header["ScrDocInvoiceVendorAmt"] = Decimal(string: "1234.50")!
    header["TermsCode"] = "N30"
    let saved = try call("APInvoiceSvc", "Update", ["ds": ["APInvHed": [header]]])
    let storedHeader = try XCTUnwrap(rows(saved, "APInvHed").first)
    XCTAssertEqual(storedHeader["VendorNum"] as? Int, vendor.num)
    XCTAssertEqual(storedHeader["RowMod"] as? String, "")

    let lineDS = try call("APInvoiceSvc", "GetNewAPInvDtl", ["ds": [:], "vendorNum": vendor.num, "invoiceNum": "MLC-TEST-1"])
    var line = try XCTUnwrap(rows(lineDS, "APInvDtl").first)
    XCTAssertEqual(line["InvoiceLine"] as? Int, 1)
    line["Description"] = "Prüfstand Kalibrierung – Ärger vermeiden"
    line["ScrVendorQty"] = 3
    line["DocUnitCost"] = Decimal(string: "411.50")!
    let master = try call("APInvoiceSvc", "UpdateMaster", [
      "ds": ["APInvDtl": [line]], "cGroupID": "MLC0001", "cTableName": "APInvDtl", "runChkCPay": false,
      "runChkBankRef": false, "runChkRevChrg": false, "suppressUserPrompts": false,
    ])
    let parameters = try XCTUnwrap(master["parameters"] as? [String: Any])
    XCTAssertEqual(parameters["lUpdateRan"] as? Bool, true)
    XCTAssertEqual(parameters["requiresUserInput"] as? Bool, false)
    XCTAssertEqual((parameters["grpTotalInvAmt"] as? NSNumber)?.decimalValue, Decimal(string: "1234.5"))

    let key = "APInvoices('\(client.company)',\(vendor.num),'MLC-TEST-1')"
    let read = try client.get(client.url("APInvoiceSvc", key, query: "$expand=APInvDtls($expand=APInvExps)"))
    XCTAssertEqual(read.status, 200, read.text)
    XCTAssertTrue(read.text.contains(#""DocInvoiceAmt":1234.5"#), read.text)
    XCTAssertTrue(read.text.contains(#""DocInvoiceVendorAmt":1234.5"#), read.text)
    XCTAssertTrue(read.text.contains("Prüfstand Kalibrierung – Ärger vermeiden"))
    let invoice = try read.json()
    let lines = try XCTUnwrap(invoice["APInvDtls"] as? [[String: Any]])
    let distribution = try XCTUnwrap((lines.first?["APInvExps"] as? [[String: Any]])?.first)
    XCTAssertEqual(distribution["GLAccount"] as? String, "6100|100|10", "a default GL distribution row was created")

    let stored = try XCTUnwrap(sandbox.row("APInvHed", key: [String(vendor.num), "MLC-TEST-1"]))
    XCTAssertGreaterThan(Int(stored["SysRevID"]!)!, revisionBefore)
    let changeDate = try XCTUnwrap(stored["ChangeDate"])
    XCTAssertGreaterThan(changeDate, "2026-02-01T00:00:00", "ChangeDate is the sandbox clock, after all seed data")
    XCTAssertEqual(stored["ChangedBy"], client.username)
    let changed = try client.get(client.url("APInvoiceSvc", "APInvoices", query: EpicorRawClient.query([
      ("$filter", "ChangeDate ge \(changeDate)"), ("$select", "InvoiceNum"),
    ]))).values()
    XCTAssertEqual(changed.map { $0["InvoiceNum"] as? String }, ["MLC-TEST-1"])
  }

  func testDuplicateInvoiceNumberMentionsDuplicate() throws {
    let existing = try XCTUnwrap(sandbox.allRows("APInvHed").first)
    let new = try call("APInvoiceSvc", "GetNewAPInvHed", ["ds": [:], "vendorNum": Int(existing["VendorNum"]!)!])
    var header = try XCTUnwrap(rows(new, "APInvHed").first)
    header["InvoiceNum"] = existing["InvoiceNum"]!
    let response = try client.post(client.url("APInvoiceSvc", "Update"),
                                   json: String(decoding: try JSONSerialization.data(withJSONObject: ["ds": ["APInvHed": [header]]]), as: UTF8.self))
    XCTAssertTrue([400, 409].contains(response.status), response.text)
    let body = try response.json()
    XCTAssertTrue((body["ErrorMessage"] as? String ?? "").contains("duplicate"), response.text)
    XCTAssertEqual((body["ErrorDetails"] as? [[String: Any]])?.first?["Field"] as? String, "InvoiceNum")
  }

  func testMissingRequiredFieldNamesTheField() throws {
    let new = try call("APInvoiceSvc", "GetNewAPInvHed", ["ds": [:], "vendorNum": vendor.num])
    let header = try XCTUnwrap(rows(new, "APInvHed").first)
    let response = try client.post(client.url("APInvoiceSvc", "Update"),
                                   json: String(decoding: try JSONSerialization.data(withJSONObject: ["ds": ["APInvHed": [header]]]), as: UTF8.self))
    XCTAssertEqual(response.status, 400)
    let detail = try XCTUnwrap((try response.json()["ErrorDetails"] as? [[String: Any]])?.first)
    XCTAssertEqual(detail["Field"] as? String, "InvoiceNum")
    XCTAssertEqual(detail["Table"] as? String, "APInvHed")
  }

  func testVendorGetNewThenUpdateThenChange() throws {
    let count = sandbox.count("Vendor")
    let new = try call("VendorSvc", "GetNewVendor", ["ds": [:]])
    var row = try XCTUnwrap(rows(new, "Vendor").first)
    XCTAssertEqual(row["VendorNum"] as? Int, 0)
    row["VendorID"] = "NORDIC1"
    row["Name"] = "Ødegård Verktøy AS"
    row["City"] = "Tromsø"
    let saved = try XCTUnwrap(rows(try call("VendorSvc", "Update", ["ds": ["Vendor": [row]]]), "Vendor").first)
    let number = try XCTUnwrap(saved["VendorNum"] as? Int)
    XCTAssertEqual(number, count + 1)
    XCTAssertEqual(sandbox.count("Vendor"), count + 1)
    let revision = try XCTUnwrap(saved["SysRevID"] as? Int)

    var change = saved
    change["RowMod"] = "U"
    change["PhoneNum"] = "+47 77 60 00 00"
    let updated = try XCTUnwrap(rows(try call("VendorSvc", "Update", ["ds": ["Vendor": [change]]]), "Vendor").first)
    XCTAssertGreaterThan(updated["SysRevID"] as! Int, revision)
    XCTAssertEqual(sandbox.row("Vendor", key: [String(number)])?["PhoneNum"], "+47 77 60 00 00")

    change["PhoneNum"] = "stale"
    let stale = try client.post(client.url("VendorSvc", "Update"),
                                json: String(decoding: try JSONSerialization.data(withJSONObject: ["ds": ["Vendor": [change]]]), as: UTF8.self))
    XCTAssertEqual(stale.status, 400, "an old SysRevID is refused")

    var duplicate = row
    duplicate["Name"] = "Someone else"
    let response = try client.post(client.url("VendorSvc", "Update"),
                                   json: String(decoding: try JSONSerialization.data(withJSONObject: ["ds": ["Vendor": [duplicate]]]), as: UTF8.self))
    XCTAssertEqual(response.status, 400)
    XCTAssertTrue(response.text.contains("duplicate"))
  }

  func testEntitySetPostAndPatch() throws {
    let post = try client.post(client.url("VendorSvc", "Vendors"), json: #"{"VendorID":"ENTITY1","Name":"Société d'Équipement SARL","Country":"France"}"#)
    XCTAssertEqual(post.status, 201, post.text)
    let created = try post.json()
    let number = try XCTUnwrap(created["VendorNum"] as? Int)
    XCTAssertNotNil(post.header("Location"))

    let patch = try client.send("PATCH", client.url("VendorSvc", "Vendors('\(client.company)',\(number))"),
                                headers: client.standardHeaders().merging(["Content-Type": "application/json"]) { $1 },
                                body: Data(#"{"City":"Besançon"}"#.utf8))
    XCTAssertEqual(patch.status, 204, patch.text)
    let read = try client.get(client.url("VendorSvc", "Vendors('\(client.company)',\(number))")).json()
    XCTAssertEqual(read["City"] as? String, "Besançon")
    XCTAssertGreaterThan(read["SysRevID"] as! Int, created["SysRevID"] as! Int)

    let unknown = try client.post(client.url("VendorSvc", "Vendors"), json: #"{"VendorID":"X2","Name":"X","Nope":1}"#)
    XCTAssertEqual(unknown.status, 400)
  }

  func testPaymentEntryWrites() throws {
    let invoice = try XCTUnwrap(sandbox.allRows("APInvHed").first { $0["OpenPayable"] == "true" && $0["Posted"] == "true" })
    let new = try call("PaymentEntrySvc", "GetNewCheckHed", ["ds": [:]])
    var check = try XCTUnwrap(rows(new, "CheckHed").first)
    check["VendorNum"] = Int(invoice["VendorNum"]!)!
    check["CheckNum"] = 555_001
    let saved = try XCTUnwrap(rows(try call("PaymentEntrySvc", "Update", ["ds": ["CheckHed": [check]]]), "CheckHed").first)
    let headNum = try XCTUnwrap(saved["HeadNum"] as? Int)
    XCTAssertGreaterThan(headNum, 0)

    let tranDS = try call("PaymentEntrySvc", "GetNewAPTran", ["ds": [:], "headNum": headNum, "apTranNo": 0, "invoiceNum": invoice["InvoiceNum"]!])
    var application = try XCTUnwrap(rows(tranDS, "APTran").first)
    application["DocTranAmt"] = Decimal(string: "10.05")!
    _ = try call("PaymentEntrySvc", "Update", ["ds": ["APTran": [application]]])
    let read = try client.get(client.url("PaymentEntrySvc", "PaymentEntries('\(client.company)',\(headNum))", query: "$expand=APTrans"))
    XCTAssertTrue(read.text.contains(#""DocCheckAmt":10.05"#), read.text)
    let applications = try XCTUnwrap(try read.json()["APTrans"] as? [[String: Any]])
    XCTAssertEqual(applications.first?["InvoiceNum"] as? String, invoice["InvoiceNum"])
  }

  func testFailedUpdateWritesNothing() throws {
    let revision = sandbox.currentSysRevID
    let count = sandbox.count("Vendor")
    let good: [String: Any] = ["RowMod": "A", "VendorID": "OKAY1", "Name": "Okay GmbH"]
    let bad: [String: Any] = ["RowMod": "A", "VendorID": "", "Name": "No ID"]
    let response = try client.post(client.url("VendorSvc", "Update"),
                                   json: String(decoding: try JSONSerialization.data(withJSONObject: ["ds": ["Vendor": [good, bad]]]), as: UTF8.self))
    XCTAssertEqual(response.status, 400)
    XCTAssertEqual(sandbox.count("Vendor"), count)
    XCTAssertEqual(sandbox.currentSysRevID, revision)
  }

  func testEditAsAUserStampsChange() throws {
    let po = try XCTUnwrap(sandbox.allRows("POHeader").first)
    sandbox.advanceClock(by: 86_400)
    let edited = try sandbox.edit("POHeader", key: [po["PONum"]!], set: ["BuyerID": "NEWBUYER"], user: "tyamada")
    XCTAssertEqual(edited["BuyerID"], "NEWBUYER")
    XCTAssertEqual(edited["ChangedBy"], "tyamada")
    XCTAssertGreaterThan(Int(edited["SysRevID"]!)!, Int(po["SysRevID"]!)!)
    XCTAssertGreaterThan(edited["ChangeDate"]!, po["ChangeDate"]!)
    XCTAssertThrowsError(try sandbox.edit("PODetail", key: [po["PONum"]!, "1"], set: ["OrderQty": "0"]))
  }
  func testPurchaseOrderMethodsAndGetByID() throws {
    let header = try XCTUnwrap(rows(try call("POSvc", "GetNewPOHeader", ["ds": [:]]), "POHeader").first)
    var po = header
    po["VendorNum"] = vendor.num
    let saved = try XCTUnwrap(rows(try call("POSvc", "Update", ["ds": ["POHeader": [po]]]), "POHeader").first)
    let poNum = try XCTUnwrap(saved["PONum"] as? Int)
    XCTAssertEqual(saved["VendorVendorID"] as? String, vendor.id)

    let part = try XCTUnwrap(sandbox.allRows("Part").first)
    var line = try XCTUnwrap(rows(try call("POSvc", "GetNewPODetail", ["ds": [:], "poNUM": poNum]), "PODetail").first)
    XCTAssertEqual(line["POLine"] as? Int, 1)
    line["PartNum"] = part["PartNum"]!
    line["OrderQty"] = 4
    line["DocUnitCost"] = Decimal(string: "2.25")!
    _ = try call("POSvc", "Update", ["ds": ["PODetail": [line]]])
    let stored = try XCTUnwrap(sandbox.row("POHeader", key: [String(poNum)]))
    XCTAssertEqual(stored["DocTotalOrder"], "9", "the header total follows its lines")

    let byID = try client.get(client.url("POSvc", "GetByID", query: "poNum=\(poNum)"))
    XCTAssertEqual(byID.status, 200, byID.text)
    let tableset = try XCTUnwrap(try byID.json()["returnObj"] as? [String: Any])
    XCTAssertEqual((tableset["POHeader"] as? [[String: Any]])?.count, 1)
    XCTAssertEqual((tableset["PODetail"] as? [[String: Any]])?.first?["LineDesc"] as? String, part["PartDescription"])
    XCTAssertEqual(try client.get(client.url("POSvc", "GetByID", query: "poNum=99999999")).status, 404)
  }
}
