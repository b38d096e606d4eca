import EpicorSandbox
import Foundation
import MLCSandboxKit
import ServiceNowSandbox
import SnowflakeSandbox
import TestKit
import XCTest

/// The product's flows through the real binary and connector libraries, against the three
/// sandboxes running in this process: Epicor Kinetic -> ServiceNow and -> Snowflake.
final class EpicorFlowsEndToEndTests: XCTestCase {
  private var epicor: EpicorSandbox!
  private var servicenow: ServiceNowSandbox!
  private var snowflake: SnowflakeSandbox!
  private var deployment: MLCTestDeployment!

  private func start(records: Int = 120, epicorFaults: String = "", servicenowFaults: String = "") throws {
    epicor = try EpicorSandbox(options: SandboxOptions(records: records, seed: 5, faults: try FaultPlan(parsing: epicorFaults)))
    servicenow = try ServiceNowSandbox(options: SandboxOptions(
      records: 5, seed: 5, faults: try FaultPlan(parsing: servicenowFaults),
      settings: ["sync_insert_multiple": "true"]))
    snowflake = try SnowflakeSandbox(options: SandboxOptions())
    let ep = try epicor.start(), sn = try servicenow.start(), sf = try snowflake.start()
    deployment = try MLCTestDeployment(swiftPlugins: ["epicor", "servicenow", "snowflake"], jsonl: false)
    try deployment.writeConfig([
      "plugin_dir": "plugins", "state_dir": "state", "enabled": ["epicor", "servicenow", "snowflake"],
      "connections": [
        "epicor": ["plugin": "epicor", "base_url": ep.baseURL, "config": ["company": ep.settings["company"] ?? "EPIC06", "cost_center_segment": 2],
                   "auth": ["profile": "basic", "username_secret": "ep-user", "password_secret": "ep-pass",
                            "api_key": ["header": "x-api-key", "secret": "ep-key"]],
                   "http": ["requests_per_second": 1000]],
        "servicenow": ["plugin": "servicenow", "base_url": sn.baseURL, "config": ["cost_center_source": "mapping"],
                       "auth": ["profile": "basic", "username_secret": "sn-user", "password_secret": "sn-pass"],
                       "http": ["requests_per_second": 1000]],
        "snowflake": ["plugin": "snowflake", "base_url": sf.baseURL,
                      "config": ["warehouse": sf.settings["warehouse"] ?? "", "database": sf.settings["database"] ?? "",
                                 "schema": sf.settings["schema"] ?? "", "role": sf.settings["role"] ?? ""],
                      "auth": ["profile": "snowflake_keypair_jwt", "account": sf.settings["account"] ?? "",
                               "user": sf.settings["user"] ?? "", "private_key_secret": "sf-key"],
                      "http": ["requests_per_second": 1000]],
      ],
      "flows": [
        ["name": "epicor-to-servicenow", "source": "epicor", "sink": "servicenow",
         "entities": ["gl_account", "cost_center", "vendor", "purchase_order", "ap_invoice", "ap_payment"],
         "mapping_seeds": [["table": "gl_cost_center", "entity": "gl_account", "from": "code", "to": "cost_center_code"]]],
        ["name": "epicor-to-snowflake", "source": "epicor", "sink": "snowflake",
         "entities": ["gl_account", "cost_center", "vendor", "part", "purchase_order", "ap_invoice", "ap_payment"]],
      ],
    ])
    try deployment.setSecret("ep-user", ep.credentials["username"] ?? "")
    try deployment.setSecret("ep-pass", ep.credentials["password"] ?? "")
    try deployment.setSecret("ep-key", ep.credentials["api_key"] ?? "")
    try deployment.setSecret("sn-user", sn.credentials["username"] ?? "")
    try deployment.setSecret("sn-pass", sn.credentials["password"] ?? "")
    try deployment.setSecret("sf-key", sf.credentials["private_key_pem"] ?? "")
  }

  override func tearDown() {
    epicor?.stop()
    servicenow?.stop()
    snowflake?.stop()
  }

  private func snowflakeCount(_ table: String) throws -> Int {
    let result = try snowflake.query("SELECT COUNT(*) FROM ERP.RAW.\(table)")
    return Int(result.rows.first?.first??.description ?? "") ?? -1
  }

  func testEpicorToServiceNowMovesEverythingOnceThenOnlyTheChangedPO() throws {
    try start()
    let first = try deployment.sync("epicor-to-servicenow")
    XCTAssertEqual(first["status"] as? String, "succeeded", "\(first)")
    let read = MLCTestDeployment.counts(first, "read")
    XCTAssertEqual(read["purchase_order"], epicor.count("POHeader"))
    XCTAssertEqual(servicenow.rowCount("sn_shop_purchase_order"), epicor.count("POHeader"))
    XCTAssertEqual(servicenow.rowCount("sn_fin_supplier") >= epicor.count("Vendor"), true)

    servicenow.resetRequestLog()
    let second = try deployment.sync("epicor-to-servicenow")
    XCTAssertEqual(Set(MLCTestDeployment.counts(second, "read").values), [0])
    XCTAssertEqual(servicenow.writeRequestCount, 0, "a rerun with no change makes no write call")

    let po = try XCTUnwrap(epicor.allRows("POHeader").first?["PONum"])
    _ = try epicor.edit("POHeader", key: [po], set: ["BuyerID": "CHANGED"])
    let third = try deployment.sync("epicor-to-servicenow")
    XCTAssertEqual(MLCTestDeployment.counts(third, "read")["purchase_order"], 1)
    XCTAssertEqual(servicenow.rowCount("sn_shop_purchase_order"), epicor.count("POHeader"), "updated in place")
    let fourth = try deployment.sync("epicor-to-servicenow")
    XCTAssertEqual(MLCTestDeployment.counts(fourth, "read")["purchase_order"], 0, "the change moved exactly once")
  }

  func testEpicorToServiceNowUnderInjectedFaultsLosesAndDuplicatesNothing() throws {
    try start(records: 300, epicorFaults: "429:0.1,503:0.1,retry-after:0", servicenowFaults: "429:0.1,503:0.05,retry-after:0")
    let summary = try deployment.sync("epicor-to-servicenow")
    XCTAssertEqual(summary["status"] as? String, "succeeded", "\(summary)")
    XCTAssertEqual(servicenow.rowCount("sn_shop_purchase_order"), epicor.count("POHeader"))
    XCTAssertGreaterThan(epicor.faultCounts.injected + servicenow.faultCounts.injected, 0,
                         "faults were injected: \(epicor.faultCounts) \(servicenow.faultCounts)")
    let failed = MLCTestDeployment.counts(summary, "failed").values.reduce(0, +)
    let deadLetters = try deployment.mlc("dead-letters").stdout
    XCTAssertEqual(failed, 0, deadLetters)
  }

  func testEpicorToSnowflakeRowsEqualTheSourceAndARerunWritesNothing() throws {
    try start()
    let first = try deployment.sync("epicor-to-snowflake")
    XCTAssertEqual(first["status"] as? String, "succeeded", "\(first)")
    XCTAssertEqual(try snowflakeCount("PURCHASE_ORDERS"), epicor.count("POHeader"))
    // The connector leaves voided PO lines out of the canonical record.
    let liveLines = epicor.allRows("PODetail").filter { $0["VoidLine"] != "true" }.count
    XCTAssertEqual(try snowflakeCount("PURCHASE_ORDER_LINES"), liveLines)
    XCTAssertEqual(try snowflakeCount("VENDORS"), epicor.count("Vendor"))
    let executed = snowflake.counters.executed
    let second = try deployment.sync("epicor-to-snowflake")
    XCTAssertEqual(Set(MLCTestDeployment.counts(second, "read").values), [0])
    XCTAssertEqual(snowflake.counters.executed - executed, 0, "a rerun with no change runs no statement")

    let po = try XCTUnwrap(epicor.allRows("POHeader").first?["PONum"])
    _ = try epicor.edit("POHeader", key: [po], set: ["BuyerID": "CHANGED"])
    let third = try deployment.sync("epicor-to-snowflake")
    XCTAssertEqual(MLCTestDeployment.counts(third, "updated")["purchase_order"], 1)
    XCTAssertEqual(try snowflakeCount("PURCHASE_ORDERS"), epicor.count("POHeader"), "updated in place, no new row")
    let buyer = try snowflake.query("SELECT BUYER FROM ERP.RAW.PURCHASE_ORDERS WHERE SOURCE_KEY = 'EPIC06/\(po)'")
    XCTAssertEqual(buyer.rows.first?.first ?? nil, "CHANGED")
  }

  func testAnInvoiceLineWithAnUnmappedGLAccountIsHeldThenReleasedByMapSet() throws {
    try start()
    _ = try deployment.sync("epicor-to-servicenow")
    XCTAssertEqual(try MLCTestDeployment.json(try deployment.mlc("held", "--json").stdout)["count"] as? Int, 0,
                   "every GL account was seeded into gl_cost_center from its segment")

    // Someone removes the mapping of a GL account an invoice uses, then the invoice changes.
    let open = Set(epicor.allRows("APInvHed").filter { $0["Posted"] != "true" }.map { "\($0["VendorNum"] ?? "")/\($0["InvoiceNum"] ?? "")" })
    let expense = try XCTUnwrap(epicor.allRows("APInvExp").first { open.contains("\($0["VendorNum"] ?? "")/\($0["InvoiceNum"] ?? "")") })
    let account = try XCTUnwrap(expense["GLAccount"]).replacingOccurrences(of: "|", with: "-")
    try deployment.mlc("map", "rm", "gl_cost_center", account)
    _ = try epicor.edit("APInvHed", key: [expense["VendorNum"] ?? "", expense["InvoiceNum"] ?? ""],
                        set: ["Description": "re-coded"])
    let second = try deployment.sync("epicor-to-servicenow")
    XCTAssertGreaterThanOrEqual(MLCTestDeployment.counts(second, "held")["ap_invoice"] ?? 0, 1)
    let held = try MLCTestDeployment.json(try deployment.mlc("held", "--json").stdout)
    let reasons = (held["records"] as? [[String: Any]])?.compactMap { $0["reason"] as? String } ?? []
    XCTAssertTrue(reasons.contains { $0.contains("GL account \(account) has no cost center in mapping table gl_cost_center") }, "\(reasons)")

    try deployment.mlc("map", "set", "gl_cost_center", account, "CC-REVIEWED")
    let third = try deployment.sync("epicor-to-servicenow")
    XCTAssertGreaterThanOrEqual(MLCTestDeployment.counts(third, "replayed")["ap_invoice"] ?? 0, 1)
    XCTAssertEqual(try MLCTestDeployment.json(try deployment.mlc("held", "--json").stdout)["count"] as? Int, 0, "released")
  }

  func testKilledSyncThenRerunLeavesExactlyOneServiceNowRowPerSourceRecord() throws {
    try start(records: 1500)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: BuildProducts.mlc)
    process.arguments = ["sync", "epicor-to-servicenow"]
    process.environment = deployment.environment
    process.currentDirectoryURL = URL(fileURLWithPath: deployment.directory.path)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning && servicenow.rowCount("sn_shop_purchase_order") == 0 && Date() < deadline { usleep(5_000) }
    XCTAssertTrue(process.isRunning, "the sync finished before it could be killed; the test proves nothing")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    XCTAssertLessThan(servicenow.rowCount("sn_shop_purchase_order"), epicor.count("POHeader"))

    let rerun = try deployment.sync("epicor-to-servicenow")
    XCTAssertEqual(rerun["status"] as? String, "succeeded")
    XCTAssertEqual(servicenow.rowCount("sn_shop_purchase_order"), epicor.count("POHeader"), "one row per source PO")
    XCTAssertEqual(servicenow.rowCount("sn_fin_supplier"), Set(servicenow.rows("sn_fin_supplier").compactMap { $0["erp_supplier_code"] ?? $0["name"] }).count)
    let second = try deployment.sync("epicor-to-servicenow")
    XCTAssertEqual(Set(MLCTestDeployment.counts(second, "read").values), [0])
  }
}
