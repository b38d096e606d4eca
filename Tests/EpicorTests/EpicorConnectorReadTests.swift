import EpicorSandbox
import Foundation
import MLCSandboxKit
import TestKit
import XCTest

/// Reading every entity from the Epicor sandbox through the real `mlc` and `libmlc-epicor.so`:
/// full reads, incremental reads, ties at page boundaries, and reruns that find nothing new.
final class EpicorConnectorReadTests: XCTestCase {
  /// Cost centers are the values of COA segment 2 only.
  private func expectedCount(_ entity: String, _ sandbox: EpicorSandbox) -> Int {
    if entity == "cost_center" { return sandbox.rows("COASegValues", where: "SegmentNbr", equals: "2").count }
    return sandbox.count(EpicorConnectorDeployment.tables[entity]!)
  }

  func testEveryEntityIsReadInFullAndARerunMakesOneCallPerEntityAndEmitsNothing() throws {
    let epicor = try EpicorConnectorDeployment(records: 300)
    try epicor.configure()
    let first = try epicor.sync()
    let read = MLCTestDeployment.counts(first, "read")
    for entity in EpicorConnectorDeployment.readEntities {
      let expected = expectedCount(entity, epicor.sandbox)
      XCTAssertGreaterThan(expected, 0, entity)
      XCTAssertEqual(read[entity], expected, entity)
      let keys = try epicor.mlc.jsonlKeys(entity)
      XCTAssertEqual(Set(keys).count, expected, "\(entity): every row once, no duplicates")
    }

    epicor.sandbox.resetRequestCounts()
    let rerun = try epicor.sync()
    XCTAssertEqual(Set(MLCTestDeployment.counts(rerun, "read").values), [0], "a rerun with no change delivers nothing")
    XCTAssertEqual(Set(MLCTestDeployment.counts(rerun, "written").values), [0])
    XCTAssertEqual(Set(MLCTestDeployment.counts(rerun, "already_delivered").values), [0], "the connector emits nothing at all")
    XCTAssertEqual(Set(MLCTestDeployment.counts(rerun, "api_calls").values), [1], "the summary counts one API call per entity")
    // Bytes on the wire: a full read moves more than a rerun's one empty page, and the
    // per-connection split names the Epicor connection with the same call count.
    let firstBytes = MLCTestDeployment.counts(first, "bytes_received"), rerunBytes = MLCTestDeployment.counts(rerun, "bytes_received")
    for entity in EpicorConnectorDeployment.readEntities {
      XCTAssertGreaterThan(rerunBytes[entity] ?? 0, 100, "\(entity): a response has at least a status line and headers")
      XCTAssertGreaterThan(firstBytes[entity] ?? 0, rerunBytes[entity] ?? 0, entity)
    }
    let rerunEntities = rerun["entities"] as? [[String: Any]] ?? []
    for entity in rerunEntities {
      let connections = entity["connections"] as? [String: [String: Int]] ?? [:]
      XCTAssertEqual(connections.values.map { $0["api_calls"] ?? -1 }.reduce(0, +), entity["api_calls"] as? Int, "\(entity)")
      XCTAssertGreaterThan(connections.values.compactMap { $0["bytes_sent"] }.reduce(0, +), 0, "\(entity)")
    }
    XCTAssertEqual(epicor.sandbox.requestCounts, EpicorConnectorDeployment.readPaths.values.reduce(into: [:]) { $0[$1] = 1 },
                   "exactly one read request per entity, and no other request")
  }

  func testRecordsCarryTheCanonicalFieldsAsEpicorHoldsThem() throws {
    let epicor = try EpicorConnectorDeployment(records: 150)
    try epicor.configure()
    try epicor.sync()
    let sandbox = epicor.sandbox
    let company = epicor.company

    let header = try XCTUnwrap(sandbox.allRows("POHeader").first { !sandbox.rows("PODetail", where: "PONUM", equals: $0["PONum"]!).isEmpty })
    let po = try XCTUnwrap(try epicor.output("purchase_order")["\(company)/\(header["PONum"]!)"])
    let data = try XCTUnwrap(po["data"] as? [String: Any])
    XCTAssertEqual(data["number"] as? String, header["PONum"])
    XCTAssertEqual(data["vendor_code"] as? String, header["VendorVendorID"])
    XCTAssertEqual(data["total"] as? String, header["DocTotalOrder"], "money is the exact decimal text Epicor sent")
    XCTAssertEqual(data["currency"] as? String, header["CurrencyCode"])
    XCTAssertEqual(data["order_date"] as? String, String(header["OrderDate"]!.prefix(10)))
    XCTAssertEqual((po["refs"] as? [String: Any])?["vendor"] as? String, "\(company)/\(header["VendorNum"]!)")
    let revision = String(repeating: "0", count: 20 - header["SysRevID"]!.count) + header["SysRevID"]!
    XCTAssertEqual(po["cursor"] as? String, String(header["ChangeDate"]!.prefix(19)) + ".000Z#" + revision,
                   "ChangeDate in UTC, fixed width, then SysRevID")
    XCTAssertEqual(po["updated_at"] as? String, String(header["ChangeDate"]!.prefix(19)) + ".000Z")
    let details = sandbox.rows("PODetail", where: "PONUM", equals: header["PONum"]!).filter { $0["VoidLine"] != "true" }
    let lines = try XCTUnwrap(data["lines"] as? [[String: Any]])
    XCTAssertEqual(lines.count, details.count)
    XCTAssertEqual(lines.first?["amount"] as? String, details.first?["DocExtCost"])
    XCTAssertEqual(lines.first?["part_code"] as? String, details.first?["PartNum"])

    let vendorRow = try XCTUnwrap(sandbox.allRows("Vendor").first)
    let vendor = try XCTUnwrap(try epicor.output("vendor")["\(company)/\(vendorRow["VendorNum"]!)"])
    XCTAssertEqual(vendor["cursor"] as? String, vendorRow["SysRevID"], "SysRevID as an integer string")
    let vendorData = try XCTUnwrap(vendor["data"] as? [String: Any])
    XCTAssertEqual(vendorData["code"] as? String, vendorRow["VendorID"])
    XCTAssertEqual(vendorData["name"] as? String, vendorRow["Name"], "names are kept exactly, non-ASCII included")
    XCTAssertEqual((vendorData["address"] as? [String: Any])?["postal_code"] as? String, vendorRow["ZIP"])

    let invoiceRow = try XCTUnwrap(sandbox.allRows("APInvHed").first)
    let invoiceKey = "\(company)/\(invoiceRow["VendorNum"]!)/\(invoiceRow["InvoiceNum"]!)"
    let invoice = try XCTUnwrap(try epicor.output("ap_invoice")[invoiceKey]?["data"] as? [String: Any])
    XCTAssertEqual(invoice["amount"] as? String, invoiceRow["DocInvoiceAmt"])
    let invoiceLine = try XCTUnwrap((invoice["lines"] as? [[String: Any]])?.first)
    let expense = try XCTUnwrap(sandbox.rows("APInvExp", where: "InvoiceNum", equals: invoiceRow["InvoiceNum"]!)
      .first { $0["VendorNum"] == invoiceRow["VendorNum"] && $0["InvoiceLine"] == "1" })
    let stored = expense["GLAccount"]!
    XCTAssertEqual(invoiceLine["gl_account_code"] as? String, stored.replacingOccurrences(of: "|", with: "-"), "printed form")
    XCTAssertEqual(invoiceLine["cost_center_code"] as? String, String(stored.split(separator: "|")[1]), "segment 2")

    let account = try XCTUnwrap(sandbox.allRows("GLAccount").first)
    let gl = try XCTUnwrap(try epicor.output("gl_account")["\(company)/\(account["COACode"]!)/\(account["GLAccount1"]!)"]?["data"] as? [String: Any])
    XCTAssertEqual(gl["code"] as? String, account["GLAcctDispGLAcctDisp"])
    XCTAssertEqual(gl["cost_center_code"] as? String, account["SegValue2"])

    let payments = try epicor.output("ap_payment")
    let check = try XCTUnwrap(sandbox.allRows("CheckHed").first)
    let payment = try XCTUnwrap(payments["\(company)/\(check["HeadNum"]!)"]?["data"] as? [String: Any])
    XCTAssertEqual(payment["amount"] as? String, check["DocCheckAmt"])
    let applied = sandbox.rows("APTran", where: "HeadNum", equals: check["HeadNum"]!).filter { $0["Voided"] != "true" }
    XCTAssertEqual((payment["applications"] as? [[String: Any]])?.compactMap { $0["invoice_number"] as? String },
                   applied.map { $0["InvoiceNum"]! })
  }

  func testTiedChangeDatesAcrossPageBoundariesLoseNothing() throws {
    let epicor = try EpicorConnectorDeployment(records: 300)
    // Pages of 7 rows cut through every group of orders that share a ChangeDate.
    try epicor.configure(pageSize: 7)
    var ties: [String: Int] = [:]
    for row in epicor.sandbox.allRows("POHeader") { ties[row["ChangeDate"]!, default: 0] += 1 }
    XCTAssertGreaterThan(ties.values.max() ?? 0, 7, "the seed must hold a tie group larger than a page for this test to mean anything")

    let summary = try epicor.sync()
    for entity in EpicorConnectorDeployment.readEntities {
      let keys = try epicor.mlc.jsonlKeys(entity)
      XCTAssertEqual(keys.count, expectedCount(entity, epicor.sandbox), entity)
      XCTAssertEqual(Set(keys).count, keys.count, "\(entity) delivered a record twice")
    }
    let cursors = try epicor.mlc.jsonlRecords("purchase_order").compactMap { $0["cursor"] as? String }
    XCTAssertEqual(cursors, cursors.sorted(), "records arrive in cursor order")
    XCTAssertGreaterThan(MLCTestDeployment.counts(summary, "pages")["purchase_order"] ?? 0, 300 / 7)
  }

  func testAChangedRecordIsPickedUpExactlyOnce() throws {
    let epicor = try EpicorConnectorDeployment(records: 120)
    try epicor.configure(pageSize: 25)
    try epicor.sync()
    let sandbox = epicor.sandbox
    // Later than every seeded change, and in a second of its own.
    sandbox.advanceClock(by: 5)
    let header = try XCTUnwrap(sandbox.allRows("POHeader").first { $0["ApprovalStatus"] == "U" && $0["OpenOrder"] == "true" })
    try sandbox.edit("POHeader", key: [header["PONum"]!], set: ["BuyerID": "TYAMADA"])
    let vendor = try XCTUnwrap(sandbox.allRows("Vendor").last)
    try sandbox.edit("Vendor", key: [vendor["VendorNum"]!], set: ["PhoneNum": "+46 40 123 45 67"])
    let part = try XCTUnwrap(sandbox.allRows("Part").first)
    try sandbox.edit("Part", key: [part["PartNum"]!], set: ["PartDescription": "Zahnrad Ø 40 mm – geändert"])

    let second = try epicor.sync()
    let read = MLCTestDeployment.counts(second, "read")
    XCTAssertEqual(read["purchase_order"], 1)
    XCTAssertEqual(read["vendor"], 1)
    XCTAssertEqual(read["part"], 1)
    XCTAssertEqual(MLCTestDeployment.counts(second, "updated")["purchase_order"], 1)
    for entity in ["gl_account", "cost_center", "ap_invoice", "ap_payment"] { XCTAssertEqual(read[entity], 0, entity) }
    let po = try XCTUnwrap(try epicor.output("purchase_order")["\(epicor.company)/\(header["PONum"]!)"]?["data"] as? [String: Any])
    XCTAssertEqual(po["buyer"] as? String, "TYAMADA")
    let changedPart = try XCTUnwrap(try epicor.output("part")["\(epicor.company)/\(part["PartNum"]!)"]?["data"] as? [String: Any])
    XCTAssertEqual(changedPart["description"] as? String, "Zahnrad Ø 40 mm – geändert")

    let third = try epicor.sync()
    XCTAssertEqual(Set(MLCTestDeployment.counts(third, "read").values), [0], "the change is delivered once, not again")
  }

  func testFullResyncReadsEverythingAgain() throws {
    let epicor = try EpicorConnectorDeployment(records: 40)
    try epicor.configure()
    try epicor.sync()
    let full = try epicor.sync(full: true)
    XCTAssertEqual(MLCTestDeployment.counts(full, "read")["purchase_order"], 40)
    XCTAssertEqual(MLCTestDeployment.counts(full, "written")["purchase_order"], 0, "the JSON Lines sink upserts: nothing new")
  }

  func testRateLimitsAndServerErrorsAreRetriedByTheHost() throws {
    let epicor = try EpicorConnectorDeployment(records: 150)
    try epicor.configure(pageSize: 10)
    epicor.sandbox.setFaults(try FaultPlan(parsing: "429:0.2,503:0.1,500:0.1,retry-after:0"), seed: 11)
    let summary = try epicor.sync()
    for entity in EpicorConnectorDeployment.readEntities {
      XCTAssertEqual(MLCTestDeployment.counts(summary, "read")[entity], expectedCount(entity, epicor.sandbox), entity)
      XCTAssertEqual(Set(try epicor.mlc.jsonlKeys(entity)).count, expectedCount(entity, epicor.sandbox), entity)
    }
    let faults = epicor.sandbox.faultCounts
    XCTAssertGreaterThan(faults.errors(429), 0, "429s were injected: \(faults)")
    XCTAssertGreaterThan(faults.errors(500) + faults.errors(503), 0, "5xx were injected: \(faults)")
  }

  func testAnExpiredTokenMidRunIsRefreshedTransparently() throws {
    let epicor = try EpicorConnectorDeployment(records: 400, settings: ["token_lifetime": "600"])
    try epicor.configure(auth: .tokenExchange, pageSize: 10)
    // Slow responses keep the run going long enough to expire its token in the middle.
    epicor.sandbox.setFaults(try FaultPlan(parsing: "latency:3ms"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: BuildProducts.mlc)
    process.arguments = ["sync", "epicor-to-files", "--json", "--verbose"]
    process.environment = epicor.mlc.environment
    process.currentDirectoryURL = URL(fileURLWithPath: epicor.mlc.directory.path)
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let stderrData = ErrorCollector(errors.fileHandleForReading)
    // Once the purchase orders are being read, move the sandbox clock past the token's end.
    let deadline = Date().addingTimeInterval(30)
    while epicor.sandbox.requestCount("POSvc/POes") < 3 && process.isRunning && Date() < deadline {
      usleep(2_000)
    }
    XCTAssertTrue(process.isRunning, "the run must still be going when the token expires")
    epicor.sandbox.advanceClock(by: 3600)
    let stdout = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let log = stderrData.text()
    let summary = try MLCTestDeployment.json(String(decoding: stdout, as: UTF8.self))
    XCTAssertEqual(summary["status"] as? String, "succeeded", log)
    XCTAssertEqual(MLCTestDeployment.counts(summary, "read")["purchase_order"], 400)
    XCTAssertTrue(log.contains("-> 401"), "a request met the expired token")
    XCTAssertTrue(log.contains("renewing credentials"), "and the host fetched a new one")
  }
}

/// Reads a pipe to its end on a background thread, so a chatty child never blocks on it.
private final class ErrorCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  private let done = DispatchSemaphore(value: 0)

  init(_ handle: FileHandle) {
    Thread.detachNewThread { [self] in
      let all = handle.readDataToEndOfFile()
      lock.lock()
      data = all
      lock.unlock()
      done.signal()
    }
  }

  func text() -> String {
    done.wait()
    lock.lock()
    defer { lock.unlock() }
    return String(decoding: data, as: UTF8.self)
  }
}
