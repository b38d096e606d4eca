import Foundation
import ServiceNowSandbox
import XCTest

/// The Table API as a change-detecting connector uses it: encoded queries, ordering, paging
/// with `Link` and `X-Total-Count`, and the v1/v2 difference on an empty result.
final class ServiceNowSandboxTableAPITests: XCTestCase {
  private let requisitions = "/api/now/table/sn_shop_purchase_requisition"

  /// The URL of the `rel` entry of a `Link` header, if present.
  private func link(_ header: String?, _ rel: String) -> String? {
    guard let header else { return nil }
    for entry in header.components(separatedBy: ",<") {
      guard entry.hasSuffix(";rel=\"\(rel)\""), let start = entry.firstIndex(of: "h"), let end = entry.firstIndex(of: ">") else { continue }
      return String(entry[start..<end])
    }
    return nil
  }

  func testPagingFollowsLinkHeadersThroughTiedTimestamps() throws {
    let harness = try SandboxHarness(records: 30)
    let all = harness.sandbox.rows("sn_shop_purchase_requisition").compactMap { $0["sys_updated_on"] }
    XCTAssertLessThan(Set(all).count, all.count, "the seed must tie sys_updated_on values")

    var target = "\(requisitions)?sysparm_query=ORDERBYsys_updated_on&sysparm_fields=sys_id,number,sys_updated_on&sysparm_limit=7"
    var seen: [String] = []
    var stamps: [String] = []
    var pages = 0
    while true {
      let page = try harness.api("GET", target)
      XCTAssertEqual(page.status, 200, page.body)
      XCTAssertEqual(page.header("X-Total-Count"), "30")
      let linkHeader = page.header("Link")
      XCTAssertNotNil(link(linkHeader, "first"))
      XCTAssertNotNil(link(linkHeader, "last"))
      XCTAssertEqual(link(linkHeader, "prev") == nil, pages == 0, "prev appears from the second page on")
      XCTAssertEqual(Set(page.results.flatMap { $0.keys }), ["sys_id", "number", "sys_updated_on"])
      seen += page.results.compactMap { $0["sys_id"] as? String }
      stamps += page.results.compactMap { $0["sys_updated_on"] as? String }
      pages += 1
      guard let next = link(linkHeader, "next") else { break }
      let prefix = "http://127.0.0.1:\(harness.port)"
      XCTAssertTrue(next.hasPrefix(prefix + requisitions + "?"), next)
      XCTAssertTrue(next.hasSuffix("&sysparm_offset=\(pages * 7)&sysparm_limit=7"), next)
      target = String(next.dropFirst(prefix.count))
    }
    XCTAssertEqual(pages, 5)
    XCTAssertEqual(seen.count, 30)
    XCTAssertEqual(Set(seen).count, 30, "every row exactly once")
    XCTAssertEqual(stamps, stamps.sorted())
  }

  func testDateGenerateComparisonsAndTies() throws {
    let harness = try SandboxHarness(records: 40)
    let stamps = harness.sandbox.rows("sn_shop_purchase_requisition").compactMap { $0["sys_updated_on"] }
    let tied = try XCTUnwrap(stamps.first { stamp in stamps.filter { $0 == stamp }.count > 1 })
    let (date, time) = (tied.prefix(10), tied.suffix(8))
    func count(_ op: String) throws -> Int {
      let query = SandboxHarness.encode("sys_updated_on\(op)javascript:gs.dateGenerate('\(date)','\(time)')^ORDERBYsys_updated_on")
      let response = try harness.api("GET", "\(requisitions)?sysparm_query=\(query)&sysparm_fields=sys_updated_on")
      XCTAssertEqual(response.status, 200)
      return Int(response.header("X-Total-Count") ?? "") ?? -1
    }
    XCTAssertEqual(try count(">="), stamps.filter { $0 >= tied }.count)
    XCTAssertEqual(try count(">"), stamps.filter { $0 > tied }.count)
    XCTAssertGreaterThan(try count(">=") - count(">"), 1, "'>=' must keep every row of the tie")
    let start = SandboxHarness.encode("sys_updated_on>=javascript:gs.dateGenerate('\(date)','start')")
    XCTAssertEqual(Int(try harness.api("GET", "\(requisitions)?sysparm_query=\(start)").header("X-Total-Count") ?? ""),
                   stamps.filter { $0 >= "\(date) 00:00:00" }.count)
  }

  func testOrConditionsAndInvalidPartsOfAQuery() throws {
    let harness = try SandboxHarness(records: 40)
    let rows = harness.sandbox.rows("sn_shop_purchase_requisition")
    let either = SandboxHarness.encode("approval=rejected^ORapproval=requested")
    let response = try harness.api("GET", "\(requisitions)?sysparm_query=\(either)")
    XCTAssertEqual(response.results.count, rows.filter { ["rejected", "requested"].contains($0["approval"] ?? "") }.count)
    XCTAssertGreaterThan(response.results.count, 0)

    let approved = rows.filter { $0["approval"] == "approved" }.count
    let invalid = SandboxHarness.encode("no_such_field=1^approval=approved")
    XCTAssertEqual(try harness.api("GET", "\(requisitions)?sysparm_query=\(invalid)").results.count, approved,
                   "the invalid part is ignored, not treated as false")
    XCTAssertEqual(try harness.api("GET", "\(requisitions)?approval=approved").results.count, approved, "field=value shorthand")
    // A new query written the platform's way, `a^NQb`, ORs two whole queries.
    let newQuery = SandboxHarness.encode("approval=rejected^NQapproval=requested")
    XCTAssertEqual(try harness.api("GET", "\(requisitions)?sysparm_query=\(newQuery)").results.count, response.results.count)
    let descending = try harness.api("GET", "\(requisitions)?sysparm_query=ORDERBYDESCnumber&sysparm_limit=3")
    XCTAssertEqual(descending.results.compactMap { $0["number"] as? String }, ["PR0001040", "PR0001039", "PR0001038"])
  }

  func testEmptyResultIs404InV1And200InV2() throws {
    let harness = try SandboxHarness()
    let query = "sysparm_query=" + SandboxHarness.encode("approval=approved^number=NOPE")
    let v1 = try harness.api("GET", "/api/now/v1/table/sn_shop_purchase_requisition?\(query)")
    XCTAssertEqual(v1.status, 404)
    XCTAssertEqual(v1.body, #"{"error":{"message":"No Record found","detail":"Records matching query not found. Check query parameter or offset parameter"},"status":"failure"}"#)
    let v2 = try harness.api("GET", "/api/now/v2/table/sn_shop_purchase_requisition?\(query)")
    XCTAssertEqual(v2.status, 200)
    XCTAssertEqual(v2.body, #"{"result":[]}"#)
    XCTAssertEqual(try harness.api("GET", "/api/now/table/sn_shop_purchase_requisition?\(query)").status, 200)
  }

  func testReferencesDisplayValuesAndStringValues() throws {
    let harness = try SandboxHarness(records: 5)
    let plain = try harness.api("GET", "\(requisitions)?sysparm_limit=1")
    let first = try XCTUnwrap(plain.results.first)
    let supplier = try XCTUnwrap(first["supplier"] as? [String: String], "a reference is {link, value} by default")
    let supplierID = try XCTUnwrap(supplier["value"])
    XCTAssertEqual(supplier["link"], "http://127.0.0.1:\(harness.port)/api/now/table/sn_fin_supplier/\(supplierID)")
    XCTAssertTrue(first.values.allSatisfy { $0 is String || $0 is [String: String] }, "every value is a string")
    XCTAssertNotNil((first["total_amount"] as? String).flatMap { $0.range(of: #"^\d+\.\d\d$"#, options: .regularExpression) })

    let flat = try harness.api("GET", "\(requisitions)?sysparm_limit=1&sysparm_exclude_reference_link=true")
    XCTAssertEqual(flat.results.first?["supplier"] as? String, supplierID)
    let display = try harness.api("GET", "\(requisitions)?sysparm_limit=1&sysparm_display_value=true&sysparm_exclude_reference_link=true")
    XCTAssertEqual(display.results.first?["supplier"] as? String, harness.sandbox.row("sn_fin_supplier", sysID: supplierID)?["name"])
    let approval = harness.sandbox.rows("sn_shop_purchase_requisition").first?["approval"]
    let labels = ["approved": "Approved", "requested": "Requested", "rejected": "Rejected", "not requested": "Not Yet Requested"]
    XCTAssertEqual(display.results.first?["approval"] as? String, labels[approval ?? ""])
  }

  func testHeadersCanBeSuppressedAndOnePageHasNoLink() throws {
    let harness = try SandboxHarness(records: 12)
    let quiet = try harness.api("GET", "\(requisitions)?sysparm_limit=5&sysparm_no_count=true&sysparm_suppress_pagination_header=true")
    XCTAssertNil(quiet.header("X-Total-Count"))
    XCTAssertNil(quiet.header("Link"))
    XCTAssertEqual(quiet.results.count, 5)
    let single = try harness.api("GET", "\(requisitions)?sysparm_limit=50")
    XCTAssertEqual(single.header("X-Total-Count"), "12")
    XCTAssertNil(single.header("Link"))
  }

  func testCreateUpdateDeleteThroughTheTableAPI() throws {
    let harness = try SandboxHarness()
    let created = try harness.api("POST", "/api/now/table/cmn_cost_center", json: #"{"code":"CC-777","name":"Paint shop","bogus":"x"}"#)
    XCTAssertEqual(created.status, 201)
    let sysID = try XCTUnwrap(created.record["sys_id"] as? String)
    XCTAssertEqual(created.header("Location"), "http://127.0.0.1:\(harness.port)/api/now/table/cmn_cost_center/\(sysID)")
    XCTAssertNil(created.record["bogus"], "unknown fields are ignored")
    XCTAssertEqual(created.record["sys_mod_count"] as? String, "0")

    let patched = try harness.api("PATCH", "/api/now/table/cmn_cost_center/\(sysID)", json: #"{"name":"Paint & coating"}"#)
    XCTAssertEqual(patched.status, 200)
    XCTAssertEqual(patched.record["name"] as? String, "Paint & coating")
    XCTAssertEqual(patched.record["sys_mod_count"] as? String, "1")
    XCTAssertEqual(try harness.api("PUT", "/api/now/table/cmn_cost_center/\(sysID)", json: #"{"code":"CC-778"}"#).record["code"] as? String, "CC-778")

    let deleted = try harness.api("DELETE", "/api/now/table/cmn_cost_center/\(sysID)")
    XCTAssertEqual(deleted.status, 204)
    XCTAssertEqual(deleted.body, "")
    let gone = try harness.api("GET", "/api/now/table/cmn_cost_center/\(sysID)")
    XCTAssertEqual(gone.status, 404)
    XCTAssertEqual((gone.json["error"] as? [String: Any])?["message"] as? String, "No Record found")
    XCTAssertEqual(try harness.api("GET", "/api/now/table/no_such_table").body,
                   #"{"error":{"message":"Invalid table no_such_table","detail":null},"status":"failure"}"#)
  }
}
