@testable import Epicor
import MLCPluginKit
import XCTest

/// The connector's value handling on its own: Epicor's date-times and the tenant's zone,
/// decimal text, cursors, key-set filters, keys and config errors.
final class EpicorConnectorValueTests: XCTestCase {
  func testEpicorDateTimesParseWithAndWithoutZoneAndKeepMilliseconds() throws {
    let plain = try XCTUnwrap(EpicorTimestamp("2026-01-15T08:30:00"))
    XCTAssertNil(plain.offsetSeconds)
    XCTAssertEqual(CivilTime.timestampText(milliseconds: plain.utcMilliseconds(in: .utc)), "2026-01-15T08:30:00.000Z")
    let fraction = try XCTUnwrap(EpicorTimestamp("2026-01-15T08:30:00.1234567"))
    XCTAssertEqual(CivilTime.timestampText(milliseconds: fraction.utcMilliseconds(in: .utc)), "2026-01-15T08:30:00.123Z")
    let offset = try XCTUnwrap(EpicorTimestamp("2026-01-15T08:30:00-05:00"))
    XCTAssertEqual(CivilTime.timestampText(milliseconds: offset.utcMilliseconds(in: .utc)), "2026-01-15T13:30:00.000Z",
                   "a written offset wins over the configured zone")
    XCTAssertEqual(EpicorTimestamp("2026-02-28T00:00:00")?.dateText, "2026-02-28")
    XCTAssertTrue(EpicorTimestamp("2026-02-28")?.isDateOnly ?? false)
    for bad in ["2026-02-30T00:00:00", "2026-01-15T25:00:00", "yesterday", "2026-01-15T08:30:00+5"] {
      XCTAssertNil(EpicorTimestamp(bad), bad)
    }
  }

  func testTheTenantZoneTurnsWallClockIntoMonotonicUTC() throws {
    let chicago = try XCTUnwrap(TenantTimeZone(parsing: "America/Chicago"))
    func utc(_ text: String) -> String {
      CivilTime.timestampText(milliseconds: chicago.utcMilliseconds(wallClock: EpicorTimestamp(text)!.wallMilliseconds))
    }
    XCTAssertEqual(utc("2026-01-15T08:30:00"), "2026-01-15T14:30:00.000Z", "CST is UTC-6")
    XCTAssertEqual(utc("2026-07-15T08:30:00"), "2026-07-15T13:30:00.000Z", "CDT is UTC-5")
    // 1 November 2026, 01:00–01:59 happens twice: the first (daylight) instant is taken.
    XCTAssertEqual(utc("2026-11-01T01:30:00"), "2026-11-01T06:30:00.000Z")
    XCTAssertEqual(utc("2026-11-01T02:00:00"), "2026-11-01T08:00:00.000Z")
    // 8 March 2026, 02:00–02:59 does not exist: it maps to the transition instant.
    XCTAssertEqual(utc("2026-03-08T02:30:00"), "2026-03-08T08:00:00.000Z")
    XCTAssertEqual(utc("2026-03-08T03:00:00"), "2026-03-08T08:00:00.000Z")
    var previous = Int64.min
    var wall = EpicorTimestamp("2026-10-31T22:00:00")!.wallMilliseconds
    while wall < EpicorTimestamp("2026-11-01T05:00:00")!.wallMilliseconds {
      let instant = chicago.utcMilliseconds(wallClock: wall)
      XCTAssertGreaterThanOrEqual(instant, previous, "wall-clock order survives as UTC order")
      previous = instant
      wall += 60_000
    }
    XCTAssertEqual(TenantTimeZone(parsing: "+02:00")?.utcMilliseconds(wallClock: 7_200_000), 0)
    XCTAssertNil(TenantTimeZone(parsing: "Mars/Olympus"))
  }

  func testDecimalTextKeepsTheDigitsEpicorSent() {
    XCTAssertEqual(DecimalText.canonical("1234.50"), "1234.50")
    XCTAssertEqual(DecimalText.canonical("12.00000"), "12.00000")
    XCTAssertEqual(DecimalText.canonical("-0.05"), "-0.05")
    XCTAssertEqual(DecimalText.canonical("1.5E+3"), "1500")
    XCTAssertEqual(DecimalText.canonical("25e-4"), "0.0025")
    XCTAssertNil(DecimalText.canonical("12abc"))
    XCTAssertNil(DecimalText.canonical("."))
    XCTAssertTrue(DecimalText.equal("168.5", "168.50"))
    XCTAssertFalse(DecimalText.equal("168.5", "168.05"))
  }

  func testCursorsSortLikeTheReadOrderAndResumeAfterTheMark() throws {
    let cursor = ChangeCursor(entity: .purchaseOrder, field: ChangeField(column: "ChangeDate"), zone: .utc, literalForm: .local)
    XCTAssertEqual(cursor.tieColumns, ["SysRevID", "PONum"])
    let early = try cursor.position(EpicorRow(["ChangeDate": .string("2026-01-31T18:00:00"), "SysRevID": .number("987"), "PONum": .number("1")]))
    let late = try cursor.position(EpicorRow(["ChangeDate": .string("2026-01-31T18:00:00"), "SysRevID": .number("1000"), "PONum": .number("2")]))
    XCTAssertEqual(early.cursor, "2026-01-31T18:00:00.000Z#00000000000000000987")
    XCTAssertLessThan(early.cursor, late.cursor, "byte order is (time, revision) order")
    XCTAssertEqual(late.change, "2026-01-31T18:00:00")
    XCTAssertEqual(try cursor.filter(since: late.cursor),
                   "ChangeDate gt 2026-01-31T18:00:00.000 or (ChangeDate eq 2026-01-31T18:00:00.000 and SysRevID gt 1000)")
    XCTAssertEqual(try cursor.filter(since: "2026-01-31T18:00:00.000Z"), "ChangeDate ge 2026-01-31T18:00:00.000")
    XCTAssertThrowsError(try cursor.filter(since: "12345"))
    let never = try cursor.position(EpicorRow(["ChangeDate": .null, "SysRevID": .number("5"), "PONum": .number("3")]))
    XCTAssertLessThan(never.cursor, early.cursor, "rows never changed sort first, as SQL Server orders NULL")

    let vendors = ChangeCursor(entity: .vendor, field: ChangeField(column: "SysRevID"), zone: .utc, literalForm: .local)
    XCTAssertEqual(vendors.tieColumns, ["VendorNum"])
    XCTAssertEqual(try vendors.position(EpicorRow(["SysRevID": .number("00042"), "VendorNum": .number("7")])).cursor, "42")
    XCTAssertEqual(try vendors.filter(since: "42"), "SysRevID gt 42", "revisions are unique: the row at the mark is the one delivered")
    XCTAssertThrowsError(try vendors.position(EpicorRow(["VendorNum": .number("7")])), "a missing change column is a config error")
  }

  func testThePageAfterAnAnchorIsParenthesizedPerColumn() {
    XCTAssertEqual(EpicorReader.after(change: "ChangeDate", "2026-01-31T18:00:00", keys: ["SysRevID"], ["1000"]),
                   "ChangeDate gt 2026-01-31T18:00:00 or (ChangeDate eq 2026-01-31T18:00:00 and (SysRevID gt 1000))")
    XCTAssertEqual(EpicorReader.after(change: "SysRevID", "9", keys: ["VendorNum", "InvoiceNum"], ["2", "'F/1'"]),
                   "SysRevID gt 9 or (SysRevID eq 9 and (VendorNum gt 2 or (VendorNum eq 2 and (InvoiceNum gt 'F/1'))))")
    XCTAssertEqual(EpicorReader.after(change: "ChangedOn", nil, keys: ["SysRevID"], ["4"]),
                   "(ChangedOn eq null and (SysRevID gt 4)) or ChangedOn ne null")
  }

  func testKeysQueriesAndCountryCodes() {
    XCTAssertEqual(CanonicalKey.make("EPIC06", ["2", CanonicalKey.escape("F2026/0281")]), "EPIC06/2/F2026%2F0281")
    XCTAssertEqual(CanonicalKey.parts("EPIC06/2/F2026%2F0281", company: "EPIC06"), ["2", "F2026/0281"])
    XCTAssertNil(CanonicalKey.parts("OTHER/2", company: "EPIC06"))
    XCTAssertEqual(ODataQuery.quoted("O'Brien"), "'O''Brien'")
    var query = ODataQuery()
    query.add("$filter", "Name eq 'Müller & Söhne'")
    XCTAssertEqual(query.encoded, "$filter=Name%20eq%20%27M%C3%BCller%20%26%20S%C3%B6hne%27")
    XCTAssertEqual(CountryCode.iso("USA"), "US")
    XCTAssertEqual(CountryCode.iso("de"), "DE")
    XCTAssertNil(CountryCode.iso("Atlantis"))
    XCTAssertEqual(CountryCode.epicorName("SE"), "Sweden")
  }

  func testConfigErrorsNameTheField() throws {
    func problem(_ json: String) -> String {
      do {
        _ = try EpicorConfig(try ConfigObject(json: json, connector: "epicor"))
        return "accepted"
      } catch {
        return "\(error)"
      }
    }
    XCTAssertTrue(problem("{}").contains("\"company\" is required"))
    XCTAssertTrue(problem(#"{"company":"EPIC06","time_zone":"Mars"}"#).contains("\"time_zone\""))
    XCTAssertTrue(problem(#"{"company":"EPIC06","change_fields":{"parts":"X"}}"#).contains("\"change_fields.parts\""))
    XCTAssertTrue(problem(#"{"company":"EPIC06","page_size":0}"#).contains("\"page_size\""))
    XCTAssertTrue(problem(#"{"company":"EPIC06","compnay":"x"}"#).contains("\"compnay\" is not a known field"))
    let config = try EpicorConfig(try ConfigObject(json: #"{"company":"EPIC06","change_fields":{"vendor":"ChangeDate"}}"#, connector: "epicor"))
    XCTAssertEqual(config.changeField(.vendor).kind, .timestamp)
    XCTAssertEqual(config.changeField(.glAccount).kind, .revision)
  }
}
