import EpicorSandbox
import Foundation
import MLCSandboxKit
import XCTest

/// Key-set paging as the mlc Epicor reader does it (`$orderby=ChangeDate,SysRevID,PONum`,
/// each page filtered to the rows after the last one seen): every row once, in order; a row
/// written mid-read comes again at the end; conditions the sandbox seeks by (a key set on
/// the index's leading columns) answer exactly what the same condition answers unsorted.
final class EpicorSandboxKeysetTests: XCTestCase {
  private var sandbox: EpicorSandbox!
  private var client: EpicorRawClient!

  override func setUpWithError() throws {
    (sandbox, client) = try startEpicorSandbox(records: 400, seed: 5)
  }

  override func tearDown() {
    sandbox.stop()
  }

  private func pos(_ query: [(String, String)]) throws -> [[String: Any]] {
    let response = try client.get(client.url("POSvc", "POes", query: EpicorRawClient.query(query)))
    XCTAssertEqual(response.status, 200, response.text)
    return try response.values()
  }

  /// PONums in (ChangeDate, SysRevID, PONum) order, from the sandbox's own view.
  private func changeOrder() -> [Int] {
    let rows = sandbox.allRows("POHeader").map { ($0["ChangeDate"]!, Int($0["SysRevID"]!)!, Int($0["PONum"]!)!) }
    return rows.sorted { a, b in a.0 != b.0 ? a.0 < b.0 : a.1 != b.1 ? a.1 < b.1 : a.2 < b.2 }.map(\.2)
  }

  /// The reader's filter for the rows after (`date`, `revision`, `number`).
  private func after(_ date: String, _ revision: String, _ number: Int) -> String {
    "ChangeDate gt \(date) or (ChangeDate eq \(date) and (SysRevID gt \(revision) or (SysRevID eq \(revision) and PONum gt \(number))))"
  }

  func testKeysetPagingSeesEveryRowOnceAndAWrittenRowAgainAtTheEnd() throws {
    let original = changeOrder()
    var seen: [Int] = []
    var anchor: (String, String, Int)?
    var edited: Int?
    while true {
      var query = [("$orderby", "ChangeDate,SysRevID,PONum"), ("$top", "25"), ("$select", "PONum,ChangeDate,SysRevID"),
                   ("$expand", "PODetails")]
      if let (date, revision, number) = anchor { query.append(("$filter", after(date, revision, number))) }
      let page = try pos(query)
      seen += page.map { $0["PONum"] as! Int }
      if let last = page.last {
        anchor = (last["ChangeDate"] as! String, "\(last["SysRevID"]!)", last["PONum"] as! Int)
      }
      if edited == nil, let first = seen.first {
        // A user edits a row the reader already has: it gets a new ChangeDate and SysRevID.
        try sandbox.edit("POHeader", key: [String(first)], set: ["BuyerID": "KEYSET"])
        edited = first
      }
      if page.count < 25 { break }
    }
    XCTAssertEqual(Array(seen.dropLast()), original, "every row once, in (ChangeDate, SysRevID, PONum) order")
    XCTAssertEqual(seen.last, edited, "the edited row sorts after every other one and is read again")
    XCTAssertEqual(changeOrder().last, edited)
  }

  func testSeekingConditionsAnswerWhatAFullScanAnswers() throws {
    let rows = try pos([("$orderby", "PONum"), ("$top", "1000"), ("$select", "PONum,ChangeDate,SysRevID,BuyerID")])
    XCTAssertEqual(rows.count, 400)
    let middle = rows[rows.count / 2]
    let date = middle["ChangeDate"] as! String, revision = "\(middle["SysRevID"]!)", number = middle["PONum"] as! Int
    let filters = [
      after(date, revision, number),
      "ChangeDate gt \(date) or (ChangeDate eq \(date) and BuyerID ne 'NOBODY')",
      "ChangeDate ge \(date) and PONum lt \(number)",
      "SysRevID gt \(revision) or (SysRevID eq \(revision) and PONum gt 0)",
    ]
    for filter in filters {
      // Unsorted (by key), the sandbox filters every row; in change order it seeks first.
      let scanned = try pos([("$filter", filter), ("$orderby", "PONum"), ("$top", "1000"), ("$select", "PONum")])
      let sought = try pos([("$filter", filter), ("$orderby", "ChangeDate,SysRevID,PONum"), ("$top", "1000"), ("$select", "PONum")])
      XCTAssertEqual(Set(sought.map { $0["PONum"] as! Int }), Set(scanned.map { $0["PONum"] as! Int }), filter)
      XCTAssertEqual(sought.count, scanned.count, filter)
      XCTAssertFalse(scanned.isEmpty, filter)
      let counted = try client.get(client.url("POSvc", "POes", query: EpicorRawClient.query(
        [("$filter", filter), ("$orderby", "ChangeDate,SysRevID,PONum"), ("$top", "5"), ("$count", "true")]))).json()
      XCTAssertEqual(counted["@odata.count"] as? Int, scanned.count, "\(filter): $count counts every match")
    }
  }
}
