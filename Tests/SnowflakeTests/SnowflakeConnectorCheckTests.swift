import Foundation
import TestKit
import XCTest

/// `mlc check`, both ways to authenticate, the dry-run DDL, and a user's own table layout.
final class SnowflakeConnectorCheckTests: XCTestCase {
  func testCheckReportsAccountRoleAndWarehouseOverAKeyPairJWT() throws {
    let harness = try SnowflakeSinkHarness()
    try harness.configure()
    let check = try MLCTestDeployment.json(try harness.deployment.mlc("check", "sf", "--json").stdout)
    XCTAssertEqual(check["ok"] as? Bool, true)
    let report = try XCTUnwrap(check["report"] as? [String: Any])
    XCTAssertEqual(report["ok"] as? Bool, true)
    let detail = try XCTUnwrap(report["detail"] as? String)
    XCTAssertTrue(detail.contains("account SANDBOX-ACCT"), detail)
    XCTAssertTrue(detail.contains("role LOADER"), detail)
    XCTAssertTrue(detail.contains("warehouse LOAD_WH"), detail)
    XCTAssertTrue(detail.contains("user MLC_LOADER"), detail)
    XCTAssertTrue(detail.contains("database ERP"), "the config's lower-case \"erp\" resolves as Snowflake does: \(detail)")
    XCTAssertEqual(harness.sandbox.counters.authFailures, 0)

    try harness.configure(sink: ["user": "someone_else"])
    let mismatch = try MLCTestDeployment.json(try harness.deployment.mlc("check", "sf", "--json").stdout)
    let mismatchReport = try XCTUnwrap(mismatch["report"] as? [String: Any])
    XCTAssertEqual(mismatchReport["ok"] as? Bool, false)
    XCTAssertTrue((mismatchReport["detail"] as? String)?.contains("authenticate as MLC_LOADER, but the config's \"user\" is SOMEONE_ELSE") ?? false,
                  "\(mismatchReport)")
  }

  func testAProgrammaticAccessTokenWorksAndAWrongOneIsExplained() throws {
    let harness = try SnowflakeSinkHarness()
    try harness.configure(count: 4, auth: .accessToken, entities: ["vendor"])
    let summary = try harness.deployment.sync("load")
    XCTAssertEqual(summary["status"] as? String, "succeeded", "\(summary)")
    XCTAssertGreaterThan(try harness.count("VENDORS"), 0)

    try harness.deployment.setSecret("sf_pat", "pat-revoked")
    let result = try harness.deployment.mlc("check", "sf", expect: 1)
    XCTAssertTrue(result.stderr.contains("401"), result.stderr)
    XCTAssertFalse(result.stderr.contains("pat-revoked"), "the secret is redacted: \(result.stderr)")
    XCTAssertGreaterThan(harness.sandbox.counters.authFailures, 0)
  }

  func testDryRunReportsTheDDLAndWritesNothing() throws {
    let harness = try SnowflakeSinkHarness()
    try harness.configure(count: 4, sink: ["create_tables": "dry_run"], entities: ["vendor"])
    let check = try MLCTestDeployment.json(try harness.deployment.mlc("check", "sf", "--json").stdout)
    let detail = try XCTUnwrap((check["report"] as? [String: Any])?["detail"] as? String)
    let statements = detail.components(separatedBy: "CREATE TABLE IF NOT EXISTS ").dropFirst()
    XCTAssertEqual(statements.map { String($0.prefix { $0 != " " }) },
                   ["GL_ACCOUNTS", "COST_CENTERS", "VENDORS", "PARTS", "PURCHASE_ORDERS", "PURCHASE_ORDER_LINES",
                    "AP_INVOICES", "AP_INVOICE_LINES", "AP_PAYMENTS"], detail)
    XCTAssertTrue(detail.contains("  SOURCE_KEY VARCHAR NOT NULL,\n"), detail)
    XCTAssertTrue(detail.contains("  TOTAL NUMBER(38,4),\n"), detail)
    XCTAssertTrue(detail.contains("  ORDER_DATE DATE,\n"), detail)
    XCTAssertTrue(detail.contains("  UPDATED_AT TIMESTAMP_TZ,\n"), detail)
    XCTAssertTrue(detail.contains("  _MLC_RECORD VARIANT,\n"), detail)

    let summary = try harness.deployment.sync("load", expect: 1)
    XCTAssertTrue((summary["error"] as? String)?.contains("create_tables is \"dry_run\"") ?? false, "\(summary)")
    XCTAssertThrowsError(try harness.count("VENDORS"), "no table was created")
    XCTAssertEqual(harness.sandbox.counters.submitted, 1, "only the check's SELECT ran")
  }

  func testRenamedTablesAndColumnsAreQuotedWhereSnowflakeNeedsIt() throws {
    let harness = try SnowflakeSinkHarness()
    try harness.configure(sink: ["tables": [
      "vendor": ["name": "\"Vendor Master\"", "columns": ["NAME": "order", "CITY": "Stadt Ü", "CODE": "vendor_code"],
                 "omit": ["TAX_ID", "_MLC_RECORD"]],
      "cost_center": "cost_centres",
    ]])
    var vendor = SnowflakeConnectorRecordTests.vendor(1, name: "Acme")
    vendor["data"] = ["code": "A1", "name": "Acme", "address": ["city": "Zürich"], "tax_id": "CHE-1"]
    try harness.writeInbox("vendor", [vendor])
    XCTAssertEqual(try harness.deployment.sync("import")["status"] as? String, "succeeded")
    let rows = try harness.query(#"SELECT "ORDER", "Stadt Ü", VENDOR_CODE FROM "Vendor Master""#)
    XCTAssertEqual(rows, [["Acme", "Zürich", "A1"]])
    let columns = try harness.sandbox.query(#"SELECT * FROM "Vendor Master""#).columns
    XCTAssertFalse(columns.contains("TAX_ID"), "omitted")
    XCTAssertFalse(columns.contains("_MLC_RECORD"), "omitted")
    XCTAssertTrue(columns.contains("_MLC_DIGEST"))
  }
}
