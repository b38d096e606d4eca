import Foundation
import MLCSandboxKit
import ServiceNowSandbox
import XCTest

/// Rate-limit rules, injected faults, the request log, settings validation and seed
/// determinism: what connector tests and benchmarks lean on besides the APIs themselves.
final class ServiceNowSandboxLimitsTests: XCTestCase {
  func testHourlyRuleAnswers429WithRetryAfterAndRateLimitHeaders() throws {
    let harness = try SandboxHarness(settings: ["rate_limit_per_hour": "3", "clock": "2026-03-01T10:15:00Z"])
    for _ in 0..<3 {
      let allowed = try harness.api("GET", "/api/now/table/sys_user?sysparm_limit=1")
      XCTAssertEqual(allowed.status, 200)
      XCTAssertEqual(allowed.header("X-RateLimit-Limit"), "3")
      XCTAssertEqual(allowed.header("X-RateLimit-Reset"), "1772362800", "the end of the clock hour, 2026-03-01 11:00:00 UTC")
      XCTAssertEqual(allowed.header("X-RateLimit-Rule")?.count, 32)
    }
    let refused = try harness.api("GET", "/api/now/table/sys_user?sysparm_limit=1")
    XCTAssertEqual(refused.status, 429)
    XCTAssertEqual(refused.header("Retry-After"), "2700")
    XCTAssertEqual(refused.header("X-RateLimit-Limit"), "3")
    XCTAssertEqual(refused.body, #"{"error":{"message":"Rate limit exceeded","detail":"Rate limit of 3 requests per hour for Table API exceeded"},"status":"failure"}"#)

    let otherAPI = try harness.api("POST", "/api/now/import/sn_fcms_intg_imp_cost_center", json: #"{"code":"CC-1","name":"x"}"#)
    XCTAssertEqual(otherAPI.status, 201, "each API has its own rule")

    harness.sandbox.clock.advance(by: 2700)
    XCTAssertEqual(try harness.api("GET", "/api/now/table/sys_user?sysparm_limit=1").status, 200, "a new hour, a new count")
  }

  func testPerSecondRuleForBenchmarks() throws {
    let harness = try SandboxHarness(settings: ["rate_limit_per_second": "2", "clock": "2026-03-01T10:15:00Z"])
    XCTAssertEqual(try harness.api("GET", "/api/now/table/sys_user").status, 200)
    XCTAssertEqual(try harness.api("GET", "/api/now/table/sys_user").status, 200)
    let refused = try harness.api("GET", "/api/now/table/sys_user")
    XCTAssertEqual(refused.status, 429)
    XCTAssertEqual(refused.header("Retry-After"), "1")
    harness.sandbox.clock.advance(by: 1)
    XCTAssertEqual(try harness.api("GET", "/api/now/table/sys_user").status, 200)
  }

  func testInjectedFaultsUseTheServiceNowErrorBody() throws {
    let harness = try SandboxHarness(faults: try FaultPlan(parsing: "503:1.0,retry-after:4"))
    let response = try harness.api("GET", "/api/now/table/sys_user")
    XCTAssertEqual(response.status, 503)
    XCTAssertEqual(response.header("Retry-After"), "4")
    XCTAssertEqual(response.json["status"] as? String, "failure")
    XCTAssertNotNil(response.json["error"] as? [String: Any])
    XCTAssertEqual(harness.sandbox.faultCounts.errors(503), 1)
    let token = try harness.token([("grant_type", "client_credentials")])
    XCTAssertEqual(token.status, 401, "the token endpoint is not subject to injected faults")
  }

  func testRequestLogCountsWritesPerEndpoint() throws {
    let harness = try SandboxHarness(settings: ["insert_multiple_processing": "manual"])
    _ = try harness.api("GET", "/api/now/table/sn_shop_purchase_requisition?sysparm_limit=2")
    _ = try harness.api("POST", "/api/now/import/sn_fcms_intg_imp_supplier", json: #"{"erp_supplier_code":"A","name":"A"}"#)
    _ = try harness.api("POST", "/api/now/import/sn_fcms_intg_imp_supplier/insertMultiple", json: #"{"records":[]}"#)
    let sandbox = harness.sandbox
    XCTAssertEqual(sandbox.writeRequestCount, 2)
    XCTAssertEqual(sandbox.requestCount(method: "POST", api: .importSet, resource: "sn_fcms_intg_imp_supplier"), 1)
    XCTAssertEqual(sandbox.requestCount(api: .insertMultiple), 1)
    XCTAssertEqual(sandbox.requestCount(method: "GET", api: .table, resource: "sn_shop_purchase_requisition"), 1)
    sandbox.resetRequestLog()
    _ = try harness.api("GET", "/api/now/table/sn_shop_purchase_requisition?sysparm_limit=2")
    XCTAssertEqual(sandbox.writeRequestCount, 0, "a read-only second run makes no write call")
    XCTAssertEqual(sandbox.requests.map(\.status), [200])
  }

  func testBadSettingsAreRefusedWithTheKeyNamed() {
    XCTAssertThrowsError(try ServiceNowSandbox(options: SandboxOptions(settings: ["token_lifetime": "soon"]))) { error in
      XCTAssertEqual((error as? ServiceNowSandboxError)?.setting, "token_lifetime")
    }
    XCTAssertThrowsError(try ServiceNowSandbox(options: SandboxOptions(settings: ["column_mapping.imp_user": "name"]))) { error in
      XCTAssertTrue("\(error)".contains("is not a staging table"), "\(error)")
    }
    XCTAssertThrowsError(try ServiceNowSandbox(options: SandboxOptions(settings: ["client_credential": "true"]))) { error in
      XCTAssertTrue("\(error)".contains("unknown setting"), "\(error)")
    }
  }

  func testSameSeedGivesSameDataAndRequisitionCountFollowsOptions() throws {
    let first = try ServiceNowSandbox(options: SandboxOptions(records: 25, seed: 42))
    let second = try ServiceNowSandbox(options: SandboxOptions(records: 25, seed: 42))
    let other = try ServiceNowSandbox(options: SandboxOptions(records: 25, seed: 43))
    XCTAssertEqual(first.rowCount("sn_shop_purchase_requisition"), 25)
    XCTAssertEqual(first.rows("sn_shop_purchase_requisition"), second.rows("sn_shop_purchase_requisition"))
    XCTAssertEqual(first.rows("sn_shop_purchase_line"), second.rows("sn_shop_purchase_line"))
    XCTAssertNotEqual(first.rows("sn_shop_purchase_requisition"), other.rows("sn_shop_purchase_requisition"))
    let overridden = try ServiceNowSandbox(options: SandboxOptions(records: 25, settings: ["requisitions": "3"]))
    XCTAssertEqual(overridden.rowCount("sn_shop_purchase_requisition"), 3)
    let lines = first.rows("sn_shop_purchase_line")
    for requisition in first.rows("sn_shop_purchase_requisition") {
      let own = lines.filter { $0["purchase_requisition"] == requisition["sys_id"] }
      XCTAssertFalse(own.isEmpty)
      let cents = own.reduce(0) { $0 + Int(($1["total_amount"] ?? "").replacingOccurrences(of: ".", with: ""))! }
      XCTAssertEqual(requisition["total_amount"]?.replacingOccurrences(of: ".", with: ""), String(cents),
                     "the header total is the sum of its lines")
    }
  }

  func testConventionsListEveryStagingTable() {
    let text = ServiceNowSandbox.conventions
    for staging in ["sn_fcms_intg_imp_supplier", "sn_fcms_intg_gl_account_stage", "sn_fcms_intg_imp_cost_center",
                    "sn_fcms_intg_imp_order", "sn_fcms_intg_imp_order_line", "sn_spend_intg_imp_invoice",
                    "sn_spend_intg_imp_invoice_line", "sn_spend_intg_imp_invoice_payment_detail"] {
      XCTAssertTrue(text.contains("`\(staging)`"), staging)
    }
    XCTAssertTrue(text.contains("`erp_po_number` → `erp_po_number` + `erp_po_line_number` → `erp_line_number`"))
  }
}
