import EpicorSandbox
import Foundation
import MLCSandboxKit
import XCTest

/// The OData subset: `$filter` on change dates in every literal form, stable paging through
/// tied timestamps, `contains`, quote escaping, errors for bad properties and syntax, the
/// default row cap, `$expand`, key access, `$select`, `$orderby` and `$count`.
final class EpicorSandboxQueryTests: XCTestCase {
  private var sandbox: EpicorSandbox!
  private var client: EpicorRawClient!

  override func setUpWithError() throws {
    (sandbox, client) = try startEpicorSandbox(records: 600, seed: 11)
  }

  override func tearDown() {
    sandbox.stop()
  }

  private func pos(_ query: [(String, String)]) throws -> [[String: Any]] {
    let response = try client.get(client.url("POSvc", "POes", query: EpicorRawClient.query(query)))
    XCTAssertEqual(response.status, 200, response.text)
    return try response.values()
  }

  /// The sandbox's own view of every PO, for expectations.
  private var allPOs: [[String: String]] { sandbox.allRows("POHeader") }

  func testChangeDateFilterWithAndWithoutZoneAndDatetimeLiteral() throws {
    let dates = allPOs.map { $0["ChangeDate"]! }.sorted()
    let cut = dates[dates.count / 2]
    let expected = Set(allPOs.filter { $0["ChangeDate"]! >= cut }.map { Int($0["PONum"]!)! })
    for literal in ["\(cut)Z", cut, "datetime'\(cut)'"] {
      let rows = try pos([("$filter", "ChangeDate ge \(literal)"), ("$top", "1000"), ("$select", "PONum,ChangeDate")])
      XCTAssertEqual(Set(rows.map { $0["PONum"] as! Int }), expected, literal)
      XCTAssertEqual(rows.first?.count, 2, "$select limits the columns")
    }
  }

  func testPagingByChangeDateWithTiesSeesEveryRowOnceInOrder() throws {
    let dates = allPOs.map { $0["ChangeDate"]! }
    let counts = Dictionary(grouping: dates, by: { $0 }).mapValues(\.count)
    let (tiedDate, tieSize) = try XCTUnwrap(counts.max { $0.value < $1.value })
    XCTAssertGreaterThan(tieSize, 20, "the seed data has large groups of rows sharing one ChangeDate")
    let since = dates.filter { $0 < tiedDate }.max() ?? tiedDate

    var seen: [(String, Int)] = []
    var skip = 0
    let pageSize = 7
    while true {
      let page = try pos([("$filter", "ChangeDate ge \(since)Z"), ("$orderby", "ChangeDate,PONum"),
                          ("$top", String(pageSize)), ("$skip", String(skip)), ("$select", "PONum,ChangeDate")])
      seen += page.map { ($0["ChangeDate"] as! String, $0["PONum"] as! Int) }
      if page.count < pageSize { break }
      skip += pageSize
    }
    let recent: [[String: String]] = allPOs.filter { $0["ChangeDate"]! >= since }
    let pairs: [(String, Int)] = recent.map { row in (row["ChangeDate"]!, Int(row["PONum"]!)!) }
    let expected = pairs.sorted { left, right in left.0 != right.0 ? left.0 < right.0 : left.1 < right.1 }
    XCTAssertEqual(seen.map { $0.1 }, expected.map { $0.1 }, "each row once, ordered by ChangeDate then PONum")
    XCTAssertEqual(Set(seen.map(\.1)).count, seen.count)
    XCTAssertGreaterThan(expected.filter { $0.0 == tiedDate }.count, pageSize, "the tie spans page boundaries")
  }

  func testDescendingOrderAndCount() throws {
    let response = try client.get(client.url("POSvc", "POes", query: "$orderby=PONum%20desc&$top=3&$count=true&$select=PONum"))
    let body = try response.json()
    XCTAssertEqual(body["@odata.count"] as? Int, 600)
    XCTAssertEqual((body["value"] as? [[String: Any]])?.map { $0["PONum"] as! Int }, [1600, 1599, 1598])
    XCTAssertTrue((body["@odata.context"] as? String ?? "").hasSuffix("$metadata#POes"))
  }

  func testDefaultCapIs100Rows() throws {
    XCTAssertEqual(try pos([]).count, 100)
    XCTAssertEqual(try pos([("$top", "250")]).count, 250)
  }

  func testContainsAndQuoteEscaping() throws {
    let create = try client.post(client.url("VendorSvc", "GetNewVendor"), json: #"{"ds":{}}"#)
    XCTAssertEqual(create.status, 200, create.text)
    var vendor = try XCTUnwrap(((try create.json()["parameters"] as? [String: Any])?["ds"] as? [String: Any])?["Vendor"] as? [[String: Any]]).first!
    vendor["VendorID"] = "QTEST01"
    vendor["Name"] = "O'Brien & Søn Qtest Supply"
    let update = try client.post(client.url("VendorSvc", "Update"), json: try jsonText(["ds": ["Vendor": [vendor]]]))
    XCTAssertEqual(update.status, 200, update.text)

    let url = client.url("VendorSvc", "Vendors", query: EpicorRawClient.query([("$filter", "Name eq 'O''Brien & Søn Qtest Supply'")]))
    let exact = try client.get(url).values()
    XCTAssertEqual(exact.map { $0["VendorID"] as? String }, ["QTEST01"])
    let fuzzy = try client.get(client.url("VendorSvc", "Vendors", query: EpicorRawClient.query([("$filter", "contains(Name,'SØN QTEST')")]))).values()
    XCTAssertEqual(fuzzy.map { $0["VendorID"] as? String }, ["QTEST01"], "contains ignores case")
  }

  func testBadPropertyIs400ODataError() throws {
    let response = try client.get(client.url("POSvc", "POes", query: EpicorRawClient.query([("$filter", "VendorID eq 'X'")])))
    XCTAssertEqual(response.status, 400)
    let body = try response.json()
    XCTAssertEqual(body["ErrorMessage"] as? String, "Could not find a property named 'VendorID' on type 'Erp.PO'.")
    XCTAssertEqual(body["HttpStatus"] as? Int, 400)
    let select = try client.get(client.url("POSvc", "POes", query: "$select=Nope"))
    XCTAssertEqual(select.status, 400)
    let lines = try client.get(client.url("POSvc", "PODetails", query: EpicorRawClient.query([("$filter", "PONum eq 1001")])))
    XCTAssertEqual(lines.status, 400, "PODetail spells it PONUM")
  }

  func testMalformedFiltersAre400() throws {
    for filter in ["PONum eq", "PONum eq 'unterminated", "(PONum eq 1", "PONum eq 'text'", "PONum equals 5"] {
      let response = try client.get(client.url("POSvc", "POes", query: EpicorRawClient.query([("$filter", filter)])))
      XCTAssertEqual(response.status, 400, filter)
      XCTAssertEqual(try response.json()["HttpStatus"] as? Int, 400, filter)
    }
    XCTAssertEqual(try client.get(client.url("POSvc", "POes", query: "$top=-1")).status, 400)
    XCTAssertEqual(try client.get(client.url("POSvc", "POes", query: "$bogus=1")).status, 400)
  }

  func testBooleanLogicAndParentheses() throws {
    let rows = try pos([("$filter", "(OpenOrder eq true or VoidOrder eq true) and not (ApprovalStatus ne 'A') and PONum le 1300"),
                        ("$top", "1000")])
    let expected = allPOs.filter {
      ($0["OpenOrder"] == "true" || $0["VoidOrder"] == "true") && $0["ApprovalStatus"] == "A" && Int($0["PONum"]!)! <= 1300
    }
    XCTAssertEqual(rows.map { $0["PONum"] as! Int }, expected.map { Int($0["PONum"]!)! })
    XCTAssertFalse(rows.isEmpty)
  }

  func testKeyAccessExpandAndNavigation() throws {
    let poNum = 1042
    let lines = sandbox.rows("PODetail", where: "PONUM", equals: String(poNum))
    XCTAssertFalse(lines.isEmpty)
    let response = try client.get(client.url("POSvc", "POes('\(client.company)',\(poNum))", query: "$expand=PODetails"))
    XCTAssertEqual(response.status, 200, response.text)
    let po = try response.json()
    XCTAssertEqual(po["PONum"] as? Int, poNum)
    let expanded = try XCTUnwrap(po["PODetails"] as? [[String: Any]])
    XCTAssertEqual(expanded.map { $0["POLine"] as! Int }, lines.map { Int($0["POLine"]!)! })
    let docTotal = try XCTUnwrap(sandbox.row("POHeader", key: [String(poNum)])?["DocTotalOrder"])
    XCTAssertTrue(response.text.contains(#""DocTotalOrder":\#(docTotal)"#), "decimals print exactly: \(docTotal)")
    XCTAssertTrue(response.text.contains(#""OrderDate":"20"#) && !response.text.contains("+00:00"))

    let navigation = try client.get(client.url("POSvc", "POes('\(client.company)',\(poNum))/PODetails")).values()
    XCTAssertEqual(navigation.count, lines.count)
    XCTAssertEqual(try client.get(client.url("POSvc", "POes('\(client.company)',99999999)")).status, 404)
    XCTAssertEqual(try client.get(client.url("POSvc", "POes(\(poNum))")).status, 400, "the key needs Company too")
  }

  func testRequestCounterCountsReadsPerEntitySet() throws {
    sandbox.resetRequestCounts()
    _ = try pos([("$top", "1")])
    _ = try client.get(client.url("POSvc", "POes('\(client.company)',1001)"))
    XCTAssertEqual(sandbox.requestCount("POSvc/POes"), 2)
    XCTAssertEqual(sandbox.requestCount("VendorSvc/Vendors"), 0)
  }

  func testGLAccountsAndCostCenterSegment() throws {
    let accounts = try client.get(client.url("GLAccountSvc", "GLAccounts", query: "$filter=SegValue2%20eq%20'200'&$top=500")).values()
    XCTAssertFalse(accounts.isEmpty)
    for account in accounts {
      XCTAssertEqual(account["COACode"] as? String, "MAINBOOK")
      let stored = try XCTUnwrap(account["GLAccount1"] as? String)
      XCTAssertEqual(stored.split(separator: "|").dropFirst().first, "200")
      XCTAssertEqual(account["GLAcctDispGLAcctDisp"] as? String, stored.replacingOccurrences(of: "|", with: "-"))
    }
    let centers = try client.get(client.url("COASegValuesSvc", "COASegValues", query: "$filter=SegmentNbr%20eq%202")).values()
    XCTAssertTrue(centers.contains { $0["SegmentName"] as? String == "研究開発" })
  }

  private func jsonText(_ object: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
  }
}
