import Foundation
import SnowflakeSandbox
import XCTest

/// SQL semantics through the API: DDL, MERGE with bindings, identifier rules, injection
/// safety, queries and the jsonv2 encodings of each type.
final class SnowflakeSandboxSQLTests: XCTestCase {
  private let createVendors = """
    CREATE TABLE IF NOT EXISTS ERP.RAW.VENDORS (ID VARCHAR(40) NOT NULL, NAME STRING, BALANCE NUMBER(18,2),
      ACTIVE BOOLEAN, SINCE DATE, UPDATED_AT TIMESTAMP_NTZ, PRIMARY KEY (ID))
    """

  /// The upsert a Snowflake sink sends: a bound VALUES source merged on the key.
  private let upsert = """
    MERGE INTO VENDORS t USING (SELECT column1 AS ID, column2 AS NAME, column3 AS BALANCE FROM VALUES (?, ?, ?), (?, ?, ?)) s
    ON t.ID = s.ID
    WHEN MATCHED THEN UPDATE SET t.NAME = s.NAME, t.BALANCE = s.BALANCE
    WHEN NOT MATCHED THEN INSERT (ID, NAME, BALANCE) VALUES (s.ID, s.NAME, s.BALANCE)
    """

  private func stats(_ response: WireResponse) -> [String: Int] { response.json["stats"] as? [String: Int] ?? [:] }

  func testMergeInsertsThenUpdatesInPlace() throws {
    let harness = try SnowflakeSandboxHarness()
    let created = try harness.ok(createVendors)
    XCTAssertEqual(created.data as? [[String]], [["Table VENDORS successfully created."]])
    XCTAssertEqual(try harness.ok(createVendors).data as? [[String]], [["VENDORS already exists, statement succeeded."]])

    let first = try harness.ok(upsert, bindings: [("TEXT", "GEN/V/1"), ("TEXT", "Acme"), ("FIXED", "10.5"),
                                                  ("TEXT", "GEN/V/2"), ("TEXT", "Müller GmbH"), ("FIXED", "200")])
    XCTAssertEqual(stats(first), ["numRowsInserted": 2, "numRowsUpdated": 0, "numRowsDeleted": 0, "numDuplicateRowsUpdated": 0])
    XCTAssertEqual(first.data as? [[String]], [["2", "0"]])
    let second = try harness.ok(upsert, bindings: [("TEXT", "GEN/V/2"), ("TEXT", "Müller AG"), ("FIXED", "201.255"),
                                                   ("TEXT", "GEN/V/3"), ("TEXT", "Zed"), ("FIXED", "0")])
    XCTAssertEqual(stats(second)["numRowsInserted"], 1)
    XCTAssertEqual(stats(second)["numRowsUpdated"], 1)
    let rows = try harness.sandbox.query("SELECT ID, NAME, BALANCE FROM VENDORS ORDER BY ID").rows
    XCTAssertEqual(rows, [["GEN/V/1", "Acme", "10.50"], ["GEN/V/2", "Müller AG", "201.26"], ["GEN/V/3", "Zed", "0.00"]])
  }

  func testMergeForms() throws {
    let harness = try SnowflakeSandboxHarness()
    try harness.ok(createVendors)
    let single = "MERGE INTO VENDORS t USING (SELECT ? AS ID, ? AS NAME) s ON t.ID = s.ID WHEN MATCHED THEN UPDATE SET NAME = s.NAME WHEN NOT MATCHED THEN INSERT (ID, NAME) VALUES (s.ID, s.NAME)"
    XCTAssertEqual(stats(try harness.ok(single, bindings: [("TEXT", "A"), ("TEXT", "one")]))["numRowsInserted"], 1)
    XCTAssertEqual(stats(try harness.ok(single, bindings: [("TEXT", "A"), ("TEXT", "two")]))["numRowsUpdated"], 1)
    let aliased = "MERGE INTO VENDORS USING (VALUES (?, ?), (?, ?)) AS s(ID, NAME) ON VENDORS.ID = s.ID WHEN MATCHED THEN UPDATE SET NAME = s.NAME WHEN NOT MATCHED THEN INSERT VALUES (s.ID, s.NAME, NULL, NULL, NULL, NULL)"
    let response = try harness.ok(aliased, bindings: [("TEXT", "A"), ("TEXT", "three"), ("TEXT", "B"), ("TEXT", "four")])
    XCTAssertEqual(stats(response)["numRowsInserted"], 1)
    XCTAssertEqual(stats(response)["numRowsUpdated"], 1)
    XCTAssertEqual(try harness.sandbox.query("SELECT NAME FROM VENDORS ORDER BY ID").rows, [["three"], ["four"]])
  }

  func testDuplicateSourceRowsFailTheWholeMerge() throws {
    let harness = try SnowflakeSandboxHarness()
    try harness.ok(createVendors)
    try harness.ok("INSERT INTO VENDORS (ID, NAME) VALUES ('A', 'old')")
    let response = try harness.submit(upsert, bindings: [("TEXT", "A"), ("TEXT", "x"), ("FIXED", "1"), ("TEXT", "A"), ("TEXT", "y"), ("FIXED", "2")])
    XCTAssertEqual(response.status, 422)
    XCTAssertEqual(response.code, "100090")
    XCTAssertEqual(response.json["sqlState"] as? String, "42P18")
    XCTAssertTrue((response.json["message"] as? String ?? "").hasPrefix("Duplicate row detected during DML action"))
    XCTAssertNotNil(response.json["statementHandle"] as? String)
    XCTAssertEqual(try harness.sandbox.query("SELECT NAME, BALANCE FROM VENDORS").rows, [["old", nil]], "nothing changed")
  }

  func testIdentifierCaseRules() throws {
    let harness = try SnowflakeSandboxHarness()
    try harness.ok("create table vendors (id varchar, name varchar)")
    try harness.ok("insert into VENDORS (ID, name) values ('1', 'upper')")
    XCTAssertEqual(try harness.ok("select Name from \"VENDORS\"").data as? [[String]], [["upper"]])
    // A quoted mixed-case name is a different table, and only the exact spelling finds it.
    try harness.ok("create table \"Vendors\" (\"id\" varchar, \"Say \"\"hi\"\"\" varchar)")
    try harness.ok("insert into \"Vendors\" values ('q', 'quoted')")
    XCTAssertEqual(try harness.ok("select \"Say \"\"hi\"\"\" from \"Vendors\"").data as? [[String]], [["quoted"]])
    XCTAssertEqual(try harness.sandbox.query("select count(*) from vendors").rows, [["1"]])
    let unquoted = try harness.submit("select id from \"Vendors\"")
    XCTAssertEqual(unquoted.status, 422)
    XCTAssertEqual(unquoted.code, "000904")
    XCTAssertEqual(unquoted.json["message"] as? String, "SQL compilation error: error line 1 at position 7\ninvalid identifier 'ID'")
    let missing = try harness.submit("select * from \"vendors\"")
    XCTAssertEqual(missing.code, "002003")
    XCTAssertEqual(missing.json["sqlState"] as? String, "42S02")
  }

  func testInjectionStringLandsAsData() throws {
    let harness = try SnowflakeSandboxHarness()
    try harness.ok(createVendors)
    let hostile = "'); DROP TABLE VENDORS; --"
    try harness.ok(upsert, bindings: [("TEXT", "X"), ("TEXT", hostile), ("FIXED", "1"), ("TEXT", "Y\"; --"), ("TEXT", "\\' OR 1=1"), ("FIXED", "2")])
    XCTAssertEqual(try harness.ok("SELECT NAME FROM VENDORS WHERE ID = ?", bindings: [("TEXT", "X")]).data as? [[String]], [[hostile]])
    XCTAssertEqual(try harness.sandbox.query("SELECT COUNT(*) FROM VENDORS").rows, [["2"]])
    XCTAssertEqual(try harness.ok("SELECT NAME FROM VENDORS WHERE ID = ?", bindings: [("TEXT", "X' OR '1'='1")]).data.count, 0)
  }

  func testQueriesAndJsonv2Encodings() throws {
    let harness = try SnowflakeSandboxHarness()
    try harness.ok("CREATE TABLE INVOICES (ID INTEGER, GL_ACCOUNT VARCHAR(10), AMOUNT NUMBER(12,2), PAID BOOLEAN, DUE DATE, POSTED TIMESTAMP_NTZ, NOTE TEXT)")
    try harness.ok("""
      INSERT INTO INVOICES VALUES (1, '6000', 100.50, TRUE, '2020-01-01', '2021-03-19 17:06:59.123', NULL),
        (2, '6000', 20.25, FALSE, '1970-01-02', '1970-01-01T00:00:01Z', 'x'), (3, '7000', 5, NULL, NULL, NULL, 'y'),
        (4, '7000', -1.75, TRUE, '2026-01-31', '2026-01-31T08:00:00Z', NULL)
      """)
    let totals = try harness.ok("SELECT GL_ACCOUNT, COUNT(*), SUM(AMOUNT) AS TOTAL FROM INVOICES GROUP BY GL_ACCOUNT ORDER BY TOTAL DESC")
    XCTAssertEqual(totals.data as? [[String]], [["6000", "2", "120.75"], ["7000", "2", "3.25"]])
    let rowType = (totals.json["resultSetMetaData"] as? [String: Any])?["rowType"] as? [[String: Any]] ?? []
    XCTAssertEqual(rowType.map { $0["name"] as? String }, ["GL_ACCOUNT", "COUNT(*)", "TOTAL"])
    XCTAssertEqual(rowType[2]["type"] as? String, "fixed")
    XCTAssertEqual(rowType[2]["scale"] as? Int, 2)
    XCTAssertEqual(rowType[0]["table"] as? String, "INVOICES")
    XCTAssertEqual(rowType[0]["length"] as? Int, 10)

    let filtered = try harness.ok("""
      SELECT ID, AMOUNT, PAID, DUE, POSTED, NOTE FROM INVOICES
      WHERE (AMOUNT >= ? OR NOTE LIKE 'y%') AND NOT ID = 2 AND ID <> 99 ORDER BY ID DESC LIMIT 3
      """, bindings: [("FIXED", "0")])
    XCTAssertEqual(filtered.data.map { $0.map { $0 as? String } }, [
      ["3", "5.00", nil, nil, nil, "y"],
      ["1", "100.50", "true", "18262", "1616173619.123000000", nil],
    ])
    let nullsAsText = try harness.submit("SELECT NOTE FROM INVOICES WHERE NOTE IS NULL ORDER BY ID", query: "nullable=false")
    XCTAssertEqual(nullsAsText.data as? [[String]], [["null"], ["null"]])
    XCTAssertEqual(try harness.ok("SELECT DUE FROM INVOICES WHERE DUE <= ? ORDER BY DUE", bindings: [("DATE", "86400000")]).data as? [[String]], [["1"]])
    XCTAssertEqual(try harness.ok("SELECT POSTED FROM INVOICES WHERE ID = 2").data as? [[String]], [["1.000000000"]])
    XCTAssertEqual(try harness.ok("SELECT COUNT(*) FROM INVOICES WHERE PAID IS NOT NULL AND GL_ACCOUNT != '6000'").data as? [[String]], [["1"]])
  }

  func testUnsupportedOrInvalidSQLIs422NotACrash() throws {
    let harness = try SnowflakeSandboxHarness()
    try harness.ok("CREATE TABLE T (A INT)")
    let cases: [(String, String)] = [
      ("SELECT * FORM T", "001003"), ("SELECT A FROM T JOIN T2 ON T.A = T2.A", "001003"), ("WITH X AS (SELECT 1) SELECT * FROM X", "001003"),
      ("SELECT 'unterminated", "001003"), ("", "001003"), ("SELECT NOPE FROM T", "000904"), ("SELECT FOO(A) FROM T", "002140"),
      ("SELECT A, COUNT(*) FROM T", "000979"), ("SELECT ? FROM T", "002049"), ("INSERT INTO T VALUES ('abc')", "100038"),
      ("SELECT 1; SELECT 2", "000008"), ("CREATE TABLE T (A INT)", "002002"), ("SELECT * FROM NOPE.RAW.T", "002003"),
    ]
    for (statement, code) in cases {
      let response = try harness.submit(statement)
      XCTAssertEqual(response.status, 422, statement)
      XCTAssertEqual(response.code, code, "\(statement): \(response.text)")
    }
    let syntax = try harness.submit("SELECT * FORM T")
    XCTAssertEqual(syntax.json["message"] as? String, "SQL compilation error:\nsyntax error line 1 at position 9 unexpected 'FORM'.")
    XCTAssertEqual(syntax.json["sqlState"] as? String, "42000")
    let badBinding = try harness.submit("INSERT INTO T VALUES (?)", bindings: [("FIXED", "12a")])
    XCTAssertEqual(badBinding.code, "100037")
    XCTAssertEqual(badBinding.json["message"] as? String, "FIXED value '12a' is not recognized")
    XCTAssertEqual(badBinding.json["sqlState"] as? String, "22018")
  }

  func testUpdateDeleteInsertSelectVariantAndCasts() throws {
    let harness = try SnowflakeSandboxHarness()
    let sandbox = harness.sandbox
    _ = try sandbox.query("CREATE TABLE RAW_EVENTS (ID INT, PAYLOAD VARIANT, AT TIMESTAMP_TZ)")
    _ = try sandbox.query("INSERT INTO RAW_EVENTS SELECT ?, PARSE_JSON(?), ?",
                          bindings: [("FIXED", "1"), ("TEXT", #"{"vendor":"Acme","lines":[1,2]}"#), ("TEXT", "2026-01-31T10:00:00+02:00")])
    let row = try sandbox.query("SELECT PAYLOAD, AT, CAST(AT AS VARCHAR), ID::VARCHAR || '-x' FROM RAW_EVENTS").rows
    XCTAssertEqual(row, [[#"{"vendor":"Acme","lines":[1,2]}"#, "1769846400.000000000 1440", "2026-01-31 08:00:00.000000000 +0000", "1-x"]])
    let badJSON = try harness.submit("INSERT INTO RAW_EVENTS (PAYLOAD) SELECT PARSE_JSON(?)", bindings: [("TEXT", "{nope")])
    XCTAssertEqual(badJSON.code, "100069")
    let updated = try harness.ok("UPDATE RAW_EVENTS SET ID = ID + 1 WHERE ID IN (1, 5)")
    XCTAssertEqual((updated.json["stats"] as? [String: Int])?["numRowsUpdated"], 1)
    XCTAssertEqual(try sandbox.query("SELECT COALESCE(NULL, ID), TO_NUMBER('12.345', 10, 2) FROM RAW_EVENTS").rows, [["2", "12.35"]])
    let deleted = try harness.ok("DELETE FROM RAW_EVENTS WHERE ID = 2")
    XCTAssertEqual((deleted.json["stats"] as? [String: Int])?["numRowsDeleted"], 1)
    XCTAssertEqual(try sandbox.query("SELECT COUNT(*) FROM RAW_EVENTS").rows, [["0"]])
    let tooLong = try harness.submit("CREATE TABLE S (C VARCHAR(3))")
    XCTAssertEqual(tooLong.status, 200)
    XCTAssertEqual(try harness.submit("INSERT INTO S VALUES ('abcd')").code, "100074")
    XCTAssertEqual(try harness.submit("CREATE TABLE N (C NUMBER(3,1) NOT NULL)").status, 200)
    XCTAssertEqual(try harness.submit("INSERT INTO N VALUES (100)").code, "100039")
    XCTAssertEqual(try harness.submit("INSERT INTO N VALUES (NULL)").code, "100072")
  }
}
