import Foundation
@testable import SnowflakeSandbox
import XCTest

/// The indexes the sandbox builds so loads stay near-linear: a MERGE's key columns, the
/// columns `IN` lists look up; a failed statement takes its index with it and the next one
/// builds it again; results are the same with them as without.
final class SnowflakeSandboxIndexTests: XCTestCase {
  private let createLines = "CREATE TABLE LINES (PARENT VARCHAR NOT NULL, LINE NUMBER(38,0) NOT NULL, DIGEST VARCHAR, AMOUNT NUMBER(18,2))"

  private let mergeLines = """
    MERGE INTO LINES t USING (SELECT column1 AS PARENT, column2 AS LINE, column3 AS DIGEST, column4 AS AMOUNT
      FROM VALUES (?, ?, ?, ?), (?, ?, ?, ?)) s
    ON t.PARENT = s.PARENT AND t.LINE = s.LINE
    WHEN MATCHED THEN UPDATE SET t.DIGEST = s.DIGEST, t.AMOUNT = s.AMOUNT
    WHEN NOT MATCHED THEN INSERT (PARENT, LINE, DIGEST, AMOUNT) VALUES (s.PARENT, s.LINE, s.DIGEST, s.AMOUNT)
    """

  /// The column lists of the SQLite indexes on the table stored for `name`.
  private func indexes(_ harness: SnowflakeSandboxHarness) throws -> [String] {
    let connection = harness.sandbox.service.engine.connection
    return try connection.query("SELECT sql FROM sqlite_master WHERE type = 'index' ORDER BY name").compactMap { row in
      guard case .text(let sql)? = row.first else { return nil }
      return String(sql[sql.lastIndex(of: "(")!...])
    }
  }

  private func lines(_ values: [String?]) -> [(String, String?)] {
    values.enumerated().map { ($0.offset % 4 == 1 ? "FIXED" : "TEXT", $0.element) }
  }

  func testAFailedFirstMergeLeavesNoIndexAndTheNextBuildsTheKeyIndex() throws {
    let harness = try SnowflakeSandboxHarness()
    try harness.ok(createLines)
    try harness.ok("INSERT INTO LINES (PARENT, LINE, DIGEST) VALUES ('P1', 1, 'd0')")
    let duplicate = try harness.submit(mergeLines, bindings: lines(["P1", "1", "d1", "1.00", "P1", "1", "d2", "2.00"]))
    XCTAssertEqual(duplicate.code, "100090", "two source rows for one target row")
    XCTAssertEqual(try indexes(harness), [], "the failed statement's index was rolled back with it")

    let merged = try harness.ok(mergeLines, bindings: lines(["P1", "1", "d1", "1.00", "P1", "2", "d1", "2.50"]))
    XCTAssertEqual(merged.data as? [[String]], [["1", "1"]], "one inserted, one updated")
    XCTAssertEqual(try indexes(harness), [#"("c1", "c2")"#], "one index on the ON columns, in the condition's order")

    // The same MERGE again still rejects duplicates with the index in place.
    let again = try harness.submit(mergeLines, bindings: lines(["P1", "2", "d3", "1.00", "P1", "2", "d4", "2.00"]))
    XCTAssertEqual(again.code, "100090")
  }

  func testInListLookupsAndDeletesAnswerAsBeforeAndShareTheKeyIndex() throws {
    let harness = try SnowflakeSandboxHarness()
    try harness.ok(createLines)
    for parent in 1...30 {
      try harness.ok(mergeLines, bindings: lines(["P\(parent)", "1", "d\(parent)", "1.00", "P\(parent)", "2", "d\(parent)", "2.00"]))
    }
    let found = try harness.ok("SELECT PARENT, LINE FROM LINES WHERE PARENT IN (?, ?, ?) ORDER BY PARENT, LINE",
                               bindings: [("TEXT", "P3"), ("TEXT", "P30"), ("TEXT", "P99")])
    XCTAssertEqual(found.data as? [[String]], [["P3", "1"], ["P3", "2"], ["P30", "1"], ["P30", "2"]])
    // A DELETE of lines no longer in a document's version: NOT IN builds no index.
    let deleted = try harness.ok("DELETE FROM LINES WHERE PARENT IN (?, ?) AND DIGEST NOT IN (?)",
                                 bindings: [("TEXT", "P3"), ("TEXT", "P4"), ("TEXT", "d3")])
    XCTAssertEqual(deleted.data as? [[String]], [["2"]], "P4's two lines")
    XCTAssertEqual(try indexes(harness), [#"("c1", "c2")"#], "PARENT lookups use the (PARENT, LINE) index")

    let byDigest = try harness.ok("SELECT COUNT(*) FROM LINES WHERE DIGEST = ?", bindings: [("TEXT", "d7")])
    XCTAssertEqual(byDigest.data as? [[String]], [["2"]])
    XCTAssertEqual(try indexes(harness), [#"("c1", "c2")"#, #"("c3")"#])

    // A dropped table's indexes go with it; the new table of that name gets its own.
    try harness.ok("DROP TABLE LINES")
    try harness.ok(createLines)
    try harness.ok(mergeLines, bindings: lines(["P1", "1", "d1", "1.00", "P1", "2", "d1", "2.00"]))
    XCTAssertEqual(try harness.ok("SELECT COUNT(*) FROM LINES").data as? [[String]], [["2"]])
    XCTAssertEqual(try indexes(harness).count, 1)
  }

  func testAnInListOfTwoThousandKeysAnswersLikeShortOnes() throws {
    // A loader's digest read binds 1000 keys; SQLite refuses expression trees deeper than 1000.
    let harness = try SnowflakeSandboxHarness()
    try harness.ok(createLines)
    try harness.ok(mergeLines, bindings: lines(["P5", "1", "d5", "1.00", "P1999", "1", "d1999", "2.00"]))
    let keys = (0..<2000).map { "P\($0)" }
    let placeholders = Array(repeating: "?", count: keys.count).joined(separator: ", ")
    let found = try harness.ok("SELECT PARENT FROM LINES WHERE PARENT IN (\(placeholders)) ORDER BY PARENT",
                               bindings: keys.map { ("TEXT", $0) })
    XCTAssertEqual(found.data as? [[String]], [["P1999"], ["P5"]])
    let notIn = try harness.ok("SELECT COUNT(*) FROM LINES WHERE PARENT NOT IN (\(placeholders))", bindings: keys.map { ("TEXT", $0) })
    XCTAssertEqual(notIn.data as? [[String]], [["0"]])
  }
}
