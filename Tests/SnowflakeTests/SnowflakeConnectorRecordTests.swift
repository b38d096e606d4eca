import Foundation
@testable import Snowflake
import TestKit
import XCTest

/// Records as a JSON Lines file delivers them (the C jsonl connector as source): hostile
/// text, lines that disappear, values that do not fit, the same key twice in one batch.
final class SnowflakeConnectorRecordTests: XCTestCase {
  static func vendor(_ number: Int, name: String, code: String? = nil, updatedAt: String = "2026-02-01T09:00:00Z") -> [String: Any] {
    ["entity": "vendor", "key": "FILE/V/\(number)", "updated_at": updatedAt,
     "data": ["code": code ?? "V\(number)", "name": name, "active": true, "currency": "EUR"], "refs": [String: Any]()]
  }

  static func order(_ key: String, updatedAt: String, lines: [(line: Int, quantity: String)]) -> [String: Any] {
    ["entity": "purchase_order", "key": key, "updated_at": updatedAt,
     "data": ["number": key, "vendor_code": "V1", "order_date": "2026-01-15", "currency": "USD", "total": "100.00", "status": "open",
              "lines": lines.map { ["line": $0.line, "part_code": "P-\($0.line)", "quantity": $0.quantity, "unit_cost": "2.50",
                                     "amount": "10.00"] as [String: Any] }],
     "refs": ["vendor": "FILE/V/1"]]
  }

  func testAnSQLInjectionAttemptInAVendorNameLandsAsData() throws {
    let harness = try SnowflakeSinkHarness()
    try harness.configure()
    let hostile = ["'); DROP TABLE VENDORS; --", "Robert\"); DELETE FROM VENDORS WHERE (\"1\"=\"1", "a ? b :1 $$ \\' \\\\",
                   "Zürcher Präzision – 東京"]
    try harness.writeInbox("vendor", hostile.enumerated().map { Self.vendor($0.offset + 1, name: $0.element) })
    let summary = try harness.deployment.sync("import")
    XCTAssertEqual(summary["status"] as? String, "succeeded", "\(summary)")
    XCTAssertEqual(SnowflakeSinkHarness.counts(summary, "written")["vendor"], hostile.count)
    XCTAssertEqual(try harness.count("VENDORS"), hostile.count, "the table is still there, with every row")
    for (offset, name) in hostile.enumerated() {
      XCTAssertEqual(try harness.row("VENDORS", key: "FILE/V/\(offset + 1)")["NAME"] ?? nil, name, "stored exactly as sent")
    }
  }

  func testLinesADocumentNoLongerHasAreDeletedAndTheRestUpdated() throws {
    let harness = try SnowflakeSinkHarness()
    try harness.configure(imports: ["purchase_order"])
    try harness.writeInbox("purchase_order", [
      Self.order("FILE/PO/1", updatedAt: "2026-02-01T09:00:00Z", lines: [(1, "1"), (2, "2"), (3, "3")]),
      Self.order("FILE/PO/2", updatedAt: "2026-02-01T09:00:00Z", lines: [(1, "5")]),
    ])
    XCTAssertEqual(try harness.deployment.sync("import")["status"] as? String, "succeeded")
    XCTAssertEqual(try harness.count("PURCHASE_ORDER_LINES"), 4)

    try harness.writeInbox("purchase_order", [
      Self.order("FILE/PO/1", updatedAt: "2026-02-02T09:00:00Z", lines: [(1, "1.5"), (3, "3")]),
      Self.order("FILE/PO/2", updatedAt: "2026-02-01T09:00:00Z", lines: [(1, "5")]),
    ])
    let second = try harness.deployment.sync("import", full: true)
    XCTAssertEqual(SnowflakeSinkHarness.counts(second, "updated")["purchase_order"], 1, "\(second)")
    XCTAssertEqual(SnowflakeSinkHarness.counts(second, "skipped")["purchase_order"], 1, "\(second)")
    let lines = try harness.sandbox.query(
      "SELECT PURCHASE_ORDER_KEY, LINE, QUANTITY FROM PURCHASE_ORDER_LINES ORDER BY PURCHASE_ORDER_KEY, LINE").rows
    XCTAssertEqual(lines.map { "\($0[0] ?? "") \($0[1] ?? "") \(SnowflakeValue.decimal($0[2]).map { "\($0)" } ?? "")" },
                   ["FILE/PO/1 1 1.5", "FILE/PO/1 3 3", "FILE/PO/2 1 5"])
  }

  func testARecordThatCannotBeWrittenFailsAloneWithItsFieldNamed() throws {
    let harness = try SnowflakeSinkHarness()
    try harness.configure(imports: ["purchase_order"])
    let bad = Self.order("FILE/PO/2", updatedAt: "2026-02-01T09:00:00Z", lines: [(1, "1.1234567")])
    try harness.writeInbox("purchase_order", [
      Self.order("FILE/PO/1", updatedAt: "2026-02-01T09:00:00Z", lines: [(1, "1")]), bad,
      Self.order("FILE/PO/3", updatedAt: "2026-02-01T09:00:00Z", lines: [(1, "3")]),
    ])
    let summary = try harness.deployment.sync("import")
    XCTAssertEqual(SnowflakeSinkHarness.counts(summary, "written")["purchase_order"], 2, "\(summary)")
    XCTAssertEqual(SnowflakeSinkHarness.counts(summary, "failed")["purchase_order"], 1)
    let audit = try MLCTestDeployment.json(try harness.deployment.mlc("audit", "--status", "failed", "--json").stdout)
    let message = try XCTUnwrap((audit["rows"] as? [[String: Any]])?.first?["message"] as? String, "\(audit)")
    XCTAssertTrue(message.contains("FILE/PO/2") && message.contains("data.lines[0].quantity") && message.contains("7 decimal places"), message)
    XCTAssertEqual(try harness.count("PURCHASE_ORDERS"), 2)
  }

  func testAValueSnowflakeRefusesFailsOnlyItsRecord() throws {
    // The user made VENDORS with a 6-character CODE. Snowflake refuses the long code for
    // the whole MERGE; the connector splits the statement until the one vendor stands alone.
    let harness = try SnowflakeSinkHarness()
    try harness.configure(sink: ["create_tables": "never"])
    let layout = try XCTUnwrap(DefaultLayouts.layout("vendor"))
    _ = try harness.query(StatementBuilder.createTable(layout.header).text.replacingOccurrences(of: "CODE VARCHAR", with: "CODE VARCHAR(6)"))
    let vendors = (1...9).map { Self.vendor($0, name: "Vendor \($0)", code: $0 == 6 ? "TOO-LONG-CODE" : nil) }
    try harness.writeInbox("vendor", vendors)
    let summary = try harness.deployment.sync("import")
    XCTAssertEqual(SnowflakeSinkHarness.counts(summary, "written")["vendor"], 8, "\(summary)")
    XCTAssertEqual(SnowflakeSinkHarness.counts(summary, "failed")["vendor"], 1)
    XCTAssertEqual(try harness.count("VENDORS"), 8)
    let audit = try MLCTestDeployment.json(try harness.deployment.mlc("audit", "--status", "failed", "--json").stdout)
    let row = try XCTUnwrap((audit["rows"] as? [[String: Any]])?.first)
    XCTAssertEqual(row["source_key"] as? String, "FILE/V/6")
    let message = try XCTUnwrap(row["message"] as? String)
    XCTAssertTrue(message.contains("100074") && message.contains("22001") && message.contains("too long"),
                  "Snowflake's code, SQLSTATE and message: \(message)")
  }

  func testTheNewestOfTwoRecordsWithOneKeyWins() throws {
    let harness = try SnowflakeSinkHarness()
    try harness.configure()
    try harness.writeInbox("vendor", [
      Self.vendor(1, name: "Old name", updatedAt: "2026-02-01T09:00:00Z"),
      Self.vendor(2, name: "Other", updatedAt: "2026-02-01T09:30:00Z"),
      Self.vendor(1, name: "New name", updatedAt: "2026-02-01T10:00:00Z"),
    ])
    let summary = try harness.deployment.sync("import")
    XCTAssertEqual(summary["status"] as? String, "succeeded", "\(summary)")
    XCTAssertEqual(try harness.count("VENDORS"), 2)
    XCTAssertEqual(try harness.row("VENDORS", key: "FILE/V/1")["NAME"] ?? nil, "New name")
    XCTAssertEqual(SnowflakeSinkHarness.counts(summary, "skipped")["vendor"], 1, "the older copy is skipped")
  }
}
