import MLCPluginKit
@testable import Snowflake
import XCTest

/// The connector's pure parts: digests, identifiers, value checks, statement text, request
/// ids, the poll schedule, config errors and failure classes.
final class SnowflakeConnectorUnitTests: XCTestCase {
  func testSHA256MatchesTheFIPSVectors() {
    XCTAssertEqual(SHA256.hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                   "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    // A million "a", fed in uneven pieces so the buffering path is exercised too.
    var hasher = SHA256()
    var fed = 0
    var piece = 1
    while fed < 1_000_000 {
      let size = min(piece, 1_000_000 - fed)
      hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: size))
      fed += size
      piece = piece * 3 % 997 + 1
    }
    XCTAssertEqual(SHA256.hexString(hasher.finish()), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  func testIdentifiersFollowSnowflakesRules() throws {
    func resolve(_ text: String) -> (name: String, sql: String)? {
      SnowflakeIdentifier(configured: text).map { ($0.name, $0.sql) }
    }
    XCTAssertEqual(resolve("vendors")?.name, "VENDORS", "unquoted names are stored upper-case")
    XCTAssertEqual(resolve("vendors")?.sql, "VENDORS")
    XCTAssertEqual(resolve("_x$1")?.sql, "_X$1")
    XCTAssertEqual(resolve("order")?.sql, "\"ORDER\"", "a reserved word is quoted")
    XCTAssertEqual(resolve("\"Mixed Case\"")?.name, "Mixed Case", "a quoted name keeps its case")
    XCTAssertEqual(resolve("\"Mixed Case\"")?.sql, "\"Mixed Case\"")
    XCTAssertEqual(resolve("\"VENDORS\"")?.sql, "VENDORS", "quoting an upper-case name changes nothing")
    XCTAssertEqual(resolve("Stadt Ü")?.sql, "\"Stadt Ü\"", "a name that is not a plain identifier is quoted as given")
    XCTAssertEqual(resolve("a\"b")?.sql, "\"a\"\"b\"", "inner quotes are doubled")
    XCTAssertEqual(resolve("\"say \"\"hi\"\"\"")?.name, "say \"hi\"")
    XCTAssertNil(resolve("\"a\"b\""), "a stray quote inside a quoted name")
    XCTAssertNil(resolve(""))
    XCTAssertNil(resolve(String(repeating: "A", count: 256)))
    XCTAssertNotNil(resolve(String(repeating: "A", count: 255)))
  }

  func testValuesAreCheckedWithoutRounding() throws {
    let money = ColumnType.money
    XCTAssertEqual(try ValueText.bind(.string("1234.50"), as: money), "1234.50")
    XCTAssertEqual(try ValueText.bind(.string("-0.0500"), as: money), "-0.0500")
    XCTAssertEqual(try ValueText.bind(.string("1.250000"), as: money), "1.250000", "trailing zeros hold no value")
    XCTAssertEqual(try ValueText.bind(.number("12.5"), as: money), "12.5", "a JSON number keeps its exact text")
    XCTAssertEqual(try ValueText.bind(nil, as: money), nil)
    XCTAssertEqual(try ValueText.bind(.null, as: money), nil)
    for bad in ["1.23456", "1e3", "12,50", ".5", "5.", "", "-", "NaN", String(repeating: "9", count: 35)] {
      XCTAssertThrowsError(try ValueText.bind(.string(bad), as: money), bad)
    }
    XCTAssertThrowsError(try ValueText.bind(.bool(true), as: money))
    XCTAssertEqual(try ValueText.bind(.number("3"), as: .integer), "3")
    XCTAssertThrowsError(try ValueText.bind(.number("3.5"), as: .integer))
    XCTAssertEqual(try ValueText.bind(.string("2024-02-29"), as: .date), "2024-02-29")
    for bad in ["2023-02-29", "2026-13-01", "2026-1-01", "01/02/2026", "2026-04-31"] {
      XCTAssertThrowsError(try ValueText.bind(.string(bad), as: .date), bad)
    }
    for good in ["2026-01-31T08:00:00Z", "2026-01-31T08:00:00.123456789Z", "2026-01-31T08:00:00+05:30"] {
      XCTAssertEqual(try ValueText.bind(.string(good), as: .timestamp), good)
    }
    for bad in ["2026-01-31 08:00:00Z", "2026-01-31T25:00:00Z", "2026-01-31T08:00:00", "2026-01-31T08:00:00.Z"] {
      XCTAssertThrowsError(try ValueText.bind(.string(bad), as: .timestamp), bad)
    }
    XCTAssertEqual(try ValueText.bind(.bool(false), as: .boolean), "false")
    XCTAssertThrowsError(try ValueText.bind(.string("yes"), as: .boolean))
    XCTAssertEqual(try ValueText.bind(.array([.object(["b": .number("1"), "a": .string("x")])]), as: .variant),
                   #"[{"a":"x","b":1}]"#)
    XCTAssertThrowsError(try ValueText.bind(.object([:]), as: .text))
  }

  func testAMergeCarriesEveryValueAsABindingAndNoneInItsText() throws {
    let layout = try XCTUnwrap(DefaultLayouts.layout("vendor"))
    let hostile = "'); DROP TABLE VENDORS; --"
    let width = layout.header.boundColumns.count
    let rows: [[String?]] = [Array(repeating: hostile, count: width), Array(repeating: nil, count: width)]
    let statement = StatementBuilder.merge(layout.header, rows: rows)
    XCTAssertFalse(statement.text.contains(hostile))
    XCTAssertFalse(statement.text.contains("'"), "no literal of any kind in the text")
    XCTAssertEqual(statement.bindings.count, 2 * width)
    XCTAssertEqual(statement.text.filter { $0 == "?" }.count, statement.bindings.count)
    XCTAssertTrue(statement.text.hasPrefix("MERGE INTO VENDORS t USING (SELECT COLUMN1 AS SOURCE_KEY, "), statement.text)
    XCTAssertTrue(statement.text.contains(" ON t.SOURCE_KEY = s.SOURCE_KEY WHEN MATCHED THEN UPDATE SET CODE = s.CODE, "))
    XCTAssertTrue(statement.text.contains("_MLC_LOADED_AT = CURRENT_TIMESTAMP() WHEN NOT MATCHED THEN INSERT (SOURCE_KEY, "))
    XCTAssertTrue(statement.text.contains("TO_BOOLEAN(COLUMN"), "values are converted in the SELECT, not spliced")
    XCTAssertTrue(statement.text.contains("PARSE_JSON(COLUMN"))

    let lines = try XCTUnwrap(DefaultLayouts.layout("purchase_order")?.lines)
    let lineMerge = StatementBuilder.merge(lines, rows: [Array(repeating: "1", count: lines.boundColumns.count)])
    XCTAssertTrue(lineMerge.text.contains(" ON t.PURCHASE_ORDER_KEY = s.PURCHASE_ORDER_KEY AND t.LINE = s.LINE "), lineMerge.text)
    XCTAssertTrue(lineMerge.text.contains("TO_NUMBER(COLUMN2, 38, 0) AS LINE"), lineMerge.text)
    XCTAssertFalse(lineMerge.text.contains("SET PURCHASE_ORDER_KEY ="), "keys are not updated")
  }

  func testPollingBacksOffAndGivesUpAfterTheStatementTimeout() {
    var schedule = PollSchedule(timeoutSeconds: 10)
    var delays: [Double] = []
    while let delay = schedule.next() { delays.append(delay) }
    XCTAssertEqual(Array(delays.prefix(7)), [0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 2.0])
    XCTAssertEqual(delays.max(), 2.0)
    XCTAssertGreaterThanOrEqual(schedule.waited, 70)
    XCTAssertLessThan(schedule.waited, 72.1)
    var forever = PollSchedule(timeoutSeconds: 0)
    for _ in 0..<1000 { XCTAssertNotNil(forever.next()) }
  }

  func testConfigErrorsNameTheField() {
    func error(_ json: String) -> String? {
      do {
        _ = try SnowflakeConfig(try ConfigObject(json: json, connector: "snowflake"))
        return nil
      } catch {
        return "\(error)"
      }
    }
    let base = #""warehouse":"W","database":"D","schema":"S""#
    XCTAssertNil(error("{\(base)}"))
    XCTAssertEqual(error(#"{"database":"D","schema":"S"}"#)?.hasPrefix(#"snowflake config: "warehouse" is missing"#), true)
    XCTAssertEqual(error("{\(base),\"create_tables\":\"sometimes\"}"),
                   #"snowflake config: "create_tables" must be "auto", "never" or "dry_run", found "sometimes""#)
    XCTAssertEqual(error("{\(base),\"tables\":{\"vendor\":{\"omit\":[\"SOURCE_KEY\"]}}}")?.contains(#""tables.vendor.omit" cannot omit SOURCE_KEY"#), true)
    XCTAssertEqual(error("{\(base),\"tables\":{\"vendors\":\"X\"}}")?.contains(#""tables.vendors" is not a known field"#), true)
    XCTAssertEqual(error("{\(base),\"tables\":{\"vendor\":{\"columns\":{\"NAME\":\"CODE\"}}}}")?.contains("two columns of vendor the name CODE"), true)
    XCTAssertEqual(error("{\(base),\"tables\":{\"vendor\":\"parts\"}}")?.contains(#"names table PARTS, which "vendor" already uses"#), true)
    XCTAssertEqual(error("{\(base),\"rows_per_statement\":20000}")?.contains("rows_per_statement"), true)
    XCTAssertEqual(error("{\(base),\"warehous\":\"W\"}")?.contains(#""warehous" is not a known field"#), true)
  }

  func testTheDigestFollowsContentAndLayoutButNotMemberOrder() throws {
    let layout = try XCTUnwrap(DefaultLayouts.layout("vendor"))
    func digest(_ json: String, _ layout: EntityLayout) throws -> String {
      var text = json
      return try text.withUTF8 { try PreparedRecord(index: 0, bytes: UnsafeRawBufferPointer($0), layout: layout).digest }
    }
    let record = #"{"entity":"vendor","key":"V/1","updated_at":"2026-01-01T00:00:00Z","data":{"code":"A","name":"Acme"},"refs":{}}"#
    let reordered = #"{"data":{"name":"Acme","code":"A"},"refs":{},"key":"V/1","updated_at":"2026-01-01T00:00:00Z","entity":"vendor"}"#
    let changed = record.replacingOccurrences(of: "Acme", with: "Acme Ltd")
    XCTAssertEqual(try digest(record, layout), try digest(reordered, layout))
    XCTAssertNotEqual(try digest(record, layout), try digest(changed, layout))
    var renamed = layout
    renamed.header.columns[2].name = SnowflakeIdentifier(resolved: "VENDOR_NAME")
    XCTAssertNotEqual(try digest(record, layout), try digest(record, renamed), "a new layout rewrites every row")
  }

  func testFailuresAreClassifiedByWhatFixesThem() {
    func failure(_ code: String, _ state: String, _ message: String) -> StatementFailure {
      let body = #"{"code":"\#(code)","sqlState":"\#(state)","message":"\#(message)","statementHandle":"h"}"#
      return StatementFailure(status: 422, body: Array(body.utf8), statement: "MERGE into VENDORS (2 rows)")
    }
    XCTAssertTrue(failure("100074", "22001", "String 'x' is too long and would be truncated").isDataError)
    XCTAssertTrue(failure("100038", "22018", "Numeric value 'x' is not recognized").isDataError)
    XCTAssertFalse(failure("002023", "22000", "SQL compilation error:\\nExpression type does not match").isDataError)
    XCTAssertTrue(failure("002023", "22000", "SQL compilation error:\\nExpression type does not match").isCompilationError)
    XCTAssertTrue(failure("002003", "42S02", "SQL compilation error:\\nObject 'X' does not exist or not authorized.").isMissingObject)
    XCTAssertFalse(failure("002003", "42S02", "SQL compilation error:\\nObject 'X' does not exist").isCompilationError)
    XCTAssertTrue(failure("000606", "57P03", "No active warehouse selected in the current session.").isWarehouseUnavailable)
    XCTAssertTrue(failure("000904", "42000", "invalid identifier 'X'").isCompilationError)
    let odd = StatementFailure(status: 500, body: Array("<html>oops</html>".utf8), statement: "SELECT")
    XCTAssertEqual(odd.message, "<html>oops</html>")
    XCTAssertFalse(odd.isDataError)
  }
}
