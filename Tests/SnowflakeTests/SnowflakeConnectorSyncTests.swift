import Foundation
import TestKit
import XCTest

/// The connector as a user meets it: the real `mlc` loads generator data into the Snowflake
/// sandbox, and what lands is compared with the same data exported to JSON Lines.
final class SnowflakeConnectorSyncTests: XCTestCase {
  /// Tables per entity, and the line table with its parent key column where there is one.
  static let tables: [String: (table: String, lines: (table: String, parent: String)?)] = [
    "vendor": ("VENDORS", nil), "gl_account": ("GL_ACCOUNTS", nil), "cost_center": ("COST_CENTERS", nil),
    "part": ("PARTS", nil), "purchase_order": ("PURCHASE_ORDERS", ("PURCHASE_ORDER_LINES", "PURCHASE_ORDER_KEY")),
    "ap_invoice": ("AP_INVOICES", ("AP_INVOICE_LINES", "AP_INVOICE_KEY")), "ap_payment": ("AP_PAYMENTS", nil),
  ]

  func testLoadEqualsTheSourceAndASecondRunWritesNothing() throws {
    let harness = try SnowflakeSinkHarness()
    try harness.configure(count: 12)
    _ = try harness.deployment.sync("export")
    let first = try harness.deployment.sync("load")
    XCTAssertEqual(first["status"] as? String, "succeeded", "\(first)")

    for (entity, tables) in Self.tables {
      let source = try harness.deployment.jsonlRecords(entity)
      XCTAssertFalse(source.isEmpty, entity)
      XCTAssertEqual(try harness.count(tables.table), source.count, "\(entity): one row per source record")
      XCTAssertEqual(SnowflakeSinkHarness.counts(first, "written")[entity], source.count, "\(entity): all inserted")
      XCTAssertEqual(try harness.duplicates(tables.table, "SOURCE_KEY"), [], entity)
      if let lines = tables.lines {
        let expected = source.reduce(0) { $0 + ((($1["data"] as? [String: Any])?["lines"] as? [Any])?.count ?? 0) }
        XCTAssertGreaterThan(expected, source.count, "\(entity): the data has multi-line documents")
        XCTAssertEqual(try harness.count(lines.table), expected, "\(entity): one row per line")
        XCTAssertEqual(try harness.duplicates(lines.table, "\(lines.parent), LINE"), [], entity)
      }
      // The whole canonical record is kept, exactly.
      for record in source.prefix(3) {
        let key = try XCTUnwrap(record["key"] as? String)
        let row = try harness.row(tables.table, key: key)
        XCTAssertEqual(SnowflakeValue.json(row["_MLC_RECORD"] ?? nil), record as NSDictionary, "\(entity) \(key)")
        XCTAssertEqual(SnowflakeValue.seconds(row["UPDATED_AT"] ?? nil), 1_767_225_600, "\(entity) \(key) updated_at")
      }
    }
    try assertVendor(harness)
    try assertPurchaseOrder(harness)
    try assertPayablesAndReference(harness)

    let loadedAt = try harness.row("VENDORS", key: "GEN/V/000001")["_MLC_LOADED_AT"] ?? nil
    let executedBefore = harness.sandbox.counters.executed
    let second = try harness.deployment.sync("load", full: true)
    XCTAssertEqual(second["status"] as? String, "succeeded")
    for (entity, _) in Self.tables {
      XCTAssertEqual(SnowflakeSinkHarness.counts(second, "skipped")[entity], SnowflakeSinkHarness.counts(first, "written")[entity], entity)
      XCTAssertEqual(SnowflakeSinkHarness.counts(second, "written")[entity], 0, entity)
      XCTAssertEqual(SnowflakeSinkHarness.counts(second, "updated")[entity], 0, entity)
    }
    // One key lookup per entity and nothing else: no MERGE, no DDL.
    XCTAssertEqual(harness.sandbox.counters.executed - executedBefore, Self.tables.count)
    XCTAssertEqual(try harness.row("VENDORS", key: "GEN/V/000001")["_MLC_LOADED_AT"] ?? nil, loadedAt)
  }

  func testAFirstLoadSendsFourStatementsPerPageOfPurchaseOrders() throws {
    // The sink gets the source's pages; per page: the digest lookup, one line MERGE, the
    // stale-line DELETE and the header MERGE. Nothing else: no landing checks, no polls.
    let harness = try SnowflakeSinkHarness()
    try harness.configure(count: 40, pageSize: 10, entities: ["purchase_order"])
    XCTAssertEqual(try harness.deployment.sync("load")["status"] as? String, "succeeded")
    _ = try harness.query("DELETE FROM PURCHASE_ORDER_LINES")
    _ = try harness.query("DELETE FROM PURCHASE_ORDERS")
    let submittedBefore = harness.sandbox.counters.submitted

    let reload = try harness.deployment.sync("load", full: true)
    XCTAssertEqual(SnowflakeSinkHarness.counts(reload, "written")["purchase_order"], 40, "\(reload)")
    XCTAssertEqual(harness.sandbox.counters.submitted - submittedBefore, 4 * 4, "4 pages of 10 POs, 4 statements each")
    XCTAssertEqual(try harness.count("PURCHASE_ORDERS"), 40)
  }

  func testChangedRecordsUpdateInPlace() throws {
    let harness = try SnowflakeSinkHarness()
    try harness.configure(count: 40, epoch: 0)
    XCTAssertEqual(try harness.deployment.sync("load")["status"] as? String, "succeeded")
    let rowsBefore = try harness.count("PURCHASE_ORDERS")

    try harness.configure(count: 40, epoch: 1, changeRate: 0.25)
    _ = try harness.deployment.sync("export")
    let second = try harness.deployment.sync("load")
    XCTAssertEqual(second["status"] as? String, "succeeded", "\(second)")
    let updated = SnowflakeSinkHarness.counts(second, "updated")
    XCTAssertGreaterThan(updated["purchase_order"] ?? 0, 0, "\(second)")
    XCTAssertEqual(SnowflakeSinkHarness.counts(second, "written")["purchase_order"], 0, "no new purchase orders at epoch 1")
    XCTAssertEqual(try harness.count("PURCHASE_ORDERS"), rowsBefore, "updates in place, no new rows")

    // Every purchase order now reads as its epoch-1 version, lines included.
    let source = try harness.deployment.jsonlRecords("purchase_order")
    var lineCount = 0
    for record in source {
      let key = try XCTUnwrap(record["key"] as? String)
      let data = try XCTUnwrap(record["data"] as? [String: Any])
      let row = try harness.row("PURCHASE_ORDERS", key: key)
      XCTAssertEqual(SnowflakeValue.decimal(row["TOTAL"] ?? nil), Decimal(string: try Self.string(data["total"])), key)
      XCTAssertEqual(row["STATUS"] ?? nil, data["status"] as? String, key)
      let lines = try XCTUnwrap(data["lines"] as? [[String: Any]])
      lineCount += lines.count
      let stored = try harness.sandbox.query(
        "SELECT LINE, QUANTITY FROM PURCHASE_ORDER_LINES WHERE PURCHASE_ORDER_KEY = ? ORDER BY LINE", bindings: [("TEXT", key)])
      XCTAssertEqual(stored.rows.map { $0[0] }, lines.map { ($0["line"] as? Int).map(String.init) }, key)
      XCTAssertEqual(stored.rows.map { SnowflakeValue.decimal($0[1]) }, lines.map { ($0["quantity"] as? String).flatMap { Decimal(string: $0) } }, key)
    }
    XCTAssertEqual(try harness.count("PURCHASE_ORDER_LINES"), lineCount)
  }

  func testEveryPartitionOfALookupIsRead() throws {
    // Three rows per result partition: the lookup of 9 keys comes back in partitions 0, 1
    // and 2, and only reading all of them shows every vendor as already loaded.
    let harness = try SnowflakeSinkHarness(settings: ["rows_per_partition": "3"])
    try harness.configure()
    try harness.writeInbox("vendor", (1...9).map { SnowflakeConnectorRecordTests.vendor($0, name: "Vendor \($0)") })
    XCTAssertEqual(SnowflakeSinkHarness.counts(try harness.deployment.sync("import"), "written")["vendor"], 9)
    let again = try harness.deployment.sync("import", full: true)
    XCTAssertEqual(SnowflakeSinkHarness.counts(again, "skipped")["vendor"], 9, "\(again)")
    XCTAssertEqual(SnowflakeSinkHarness.counts(again, "updated")["vendor"], 0)
  }

  // MARK: Full rows

  /// A member that must be a string.
  static func string(_ value: Any?) throws -> String {
    try XCTUnwrap(value as? String)
  }

  private func assertVendor(_ harness: SnowflakeSinkHarness) throws {
    let source = try XCTUnwrap(try harness.deployment.jsonlRecords("vendor").first { $0["key"] as? String == "GEN/V/000001" })
    let data = try XCTUnwrap(source["data"] as? [String: Any])
    let address = try XCTUnwrap(data["address"] as? [String: Any])
    let payment = try XCTUnwrap(data["payment"] as? [String: Any])
    let row = try harness.row("VENDORS", key: "GEN/V/000001")
    XCTAssertEqual(row["CODE"] ?? nil, data["code"] as? String)
    XCTAssertEqual(row["NAME"] ?? nil, data["name"] as? String, "non-ASCII text kept exactly")
    XCTAssertEqual(row["LEGAL_NAME"] ?? nil, data["legal_name"] as? String)
    XCTAssertEqual(row["TAX_ID"] ?? nil, data["tax_id"] as? String)
    XCTAssertEqual(row["EMAIL"] ?? nil, data["email"] as? String)
    XCTAssertEqual(row["ADDRESS_LINE1"] ?? nil, address["line1"] as? String)
    XCTAssertEqual(row["ADDRESS_LINE2"] ?? nil, address["line2"] as? String)
    XCTAssertEqual(row["ADDRESS_LINE3"] ?? nil, nil, "absent stays NULL")
    XCTAssertEqual(row["CITY"] ?? nil, address["city"] as? String)
    XCTAssertEqual(row["COUNTRY"] ?? nil, address["country"] as? String)
    XCTAssertEqual(row["ACTIVE"] ?? nil, (data["active"] as? Bool).map { $0 ? "true" : "false" })
    XCTAssertEqual(row["PAYMENT_METHOD"] ?? nil, payment["method"] as? String)
    XCTAssertEqual(row["BANK_ACCOUNT_LAST4"] ?? nil, payment["bank_account_last4"] as? String)
    XCTAssertEqual((row["_MLC_DIGEST"] ?? nil)?.count, 64)
  }

  private func assertPurchaseOrder(_ harness: SnowflakeSinkHarness) throws {
    let orders = try harness.deployment.jsonlRecords("purchase_order")
    let source = try XCTUnwrap(orders.first { ((($0["data"] as? [String: Any])?["lines"] as? [Any])?.count ?? 0) >= 2 })
    let key = try XCTUnwrap(source["key"] as? String)
    let data = try XCTUnwrap(source["data"] as? [String: Any])
    let row = try harness.row("PURCHASE_ORDERS", key: key)
    XCTAssertEqual(row["NUMBER"] ?? nil, data["number"] as? String)
    XCTAssertEqual(row["VENDOR_CODE"] ?? nil, data["vendor_code"] as? String)
    XCTAssertEqual(row["VENDOR_KEY"] ?? nil, (source["refs"] as? [String: Any])?["vendor"] as? String)
    XCTAssertEqual(SnowflakeValue.date(row["ORDER_DATE"] ?? nil), data["order_date"] as? String)
    XCTAssertEqual(SnowflakeValue.date(row["DUE_DATE"] ?? nil), data["due_date"] as? String)
    XCTAssertEqual(SnowflakeValue.decimal(row["TOTAL"] ?? nil), Decimal(string: try Self.string(data["total"])))
    XCTAssertEqual(row["CURRENCY"] ?? nil, data["currency"] as? String)
    XCTAssertEqual(row["BUYER"] ?? nil, data["buyer"] as? String)
    let line = try XCTUnwrap((data["lines"] as? [[String: Any]])?[1])
    let stored = try harness.sandbox.query(
      "SELECT * FROM PURCHASE_ORDER_LINES WHERE PURCHASE_ORDER_KEY = ? AND LINE = 2", bindings: [("TEXT", key)])
    let lineRow = Dictionary(uniqueKeysWithValues: zip(stored.columns, try XCTUnwrap(stored.rows.first)))
    XCTAssertEqual(lineRow["PART_CODE"] ?? nil, line["part_code"] as? String)
    XCTAssertEqual(lineRow["DESCRIPTION"] ?? nil, line["description"] as? String)
    XCTAssertEqual(SnowflakeValue.decimal(lineRow["QUANTITY"] ?? nil), Decimal(string: try Self.string(line["quantity"])))
    XCTAssertEqual(SnowflakeValue.decimal(lineRow["UNIT_COST"] ?? nil), Decimal(string: try Self.string(line["unit_cost"])))
    XCTAssertEqual(SnowflakeValue.decimal(lineRow["AMOUNT"] ?? nil), Decimal(string: try Self.string(line["amount"])))
    XCTAssertEqual(lineRow["GL_ACCOUNT_CODE"] ?? nil, line["gl_account_code"] as? String)
    XCTAssertEqual(SnowflakeValue.date(lineRow["DUE_DATE"] ?? nil), line["due_date"] as? String)
    XCTAssertEqual(SnowflakeValue.json(lineRow["_MLC_RECORD"] ?? nil), line as NSDictionary)
  }

  private func assertPayablesAndReference(_ harness: SnowflakeSinkHarness) throws {
    let invoice = try XCTUnwrap(try harness.deployment.jsonlRecords("ap_invoice").first)
    let invoiceData = try XCTUnwrap(invoice["data"] as? [String: Any])
    let invoiceRow = try harness.row("AP_INVOICES", key: try Self.string(invoice["key"]))
    XCTAssertEqual(SnowflakeValue.decimal(invoiceRow["TAX_AMOUNT"] ?? nil), Decimal(string: try Self.string(invoiceData["tax_amount"])))
    XCTAssertEqual(SnowflakeValue.decimal(invoiceRow["BALANCE"] ?? nil), Decimal(string: try Self.string(invoiceData["balance"])))
    XCTAssertEqual(invoiceRow["PO_NUMBER"] ?? nil, invoiceData["po_number"] as? String)
    XCTAssertEqual(invoiceRow["PURCHASE_ORDER_KEY"] ?? nil, (invoice["refs"] as? [String: Any])?["purchase_order"] as? String)
    let invoiceLine = try XCTUnwrap((invoiceData["lines"] as? [[String: Any]])?.first)
    let storedLine = try harness.sandbox.query(
      "SELECT PO_LINE, PO_NUMBER FROM AP_INVOICE_LINES WHERE AP_INVOICE_KEY = ? AND LINE = 1", bindings: [("TEXT", try Self.string(invoice["key"]))])
    XCTAssertEqual(storedLine.rows.first?[0] ?? nil, (invoiceLine["po_line"] as? Int).map(String.init))

    let payment = try XCTUnwrap(try harness.deployment.jsonlRecords("ap_payment").first)
    let paymentData = try XCTUnwrap(payment["data"] as? [String: Any])
    let paymentRow = try harness.row("AP_PAYMENTS", key: try Self.string(payment["key"]))
    XCTAssertEqual(SnowflakeValue.date(paymentRow["PAYMENT_DATE"] ?? nil), paymentData["payment_date"] as? String)
    XCTAssertEqual(SnowflakeValue.json(paymentRow["APPLICATIONS"] ?? nil), paymentData["applications"] as? NSArray)

    let account = try XCTUnwrap(try harness.deployment.jsonlRecords("gl_account").first)
    let accountData = try XCTUnwrap(account["data"] as? [String: Any])
    let accountRow = try harness.row("GL_ACCOUNTS", key: try Self.string(account["key"]))
    XCTAssertEqual(SnowflakeValue.json(accountRow["SEGMENTS"] ?? nil), accountData["segments"] as? NSArray)
    XCTAssertEqual(accountRow["COST_CENTER_KEY"] ?? nil, (account["refs"] as? [String: Any])?["cost_center"] as? String)
  }
}
