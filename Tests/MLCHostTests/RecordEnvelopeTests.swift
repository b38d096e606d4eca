import XCTest
@testable import MLCHost

final class RecordEnvelopeTests: XCTestCase {
  func testReadsEnvelopeFieldsAndSkipsTheRest() throws {
    let record = #"""
      {"entity":"purchase_order","data":{"lines":[{"amount":"12.50","qty":3e2,"ok":true,"x":null}],"total":"12.50"},
       "key":"EPIC06/4711","updated_at":"2026-01-31T08:00:00Z","refs":{"vendor":"EPIC06/V1","extra":{"n":1}}}
      """#
    let envelope = try RecordEnvelope.scan(Array(record.utf8))
    XCTAssertEqual(envelope.entity, "purchase_order")
    XCTAssertEqual(envelope.key, "EPIC06/4711")
    XCTAssertEqual(envelope.updatedAt, "2026-01-31T08:00:00Z")
    XCTAssertNil(envelope.cursor)
    XCTAssertEqual(envelope.cursorValue, "2026-01-31T08:00:00Z")
    XCTAssertEqual(envelope.refs.map(\.name), ["vendor"])
    XCTAssertEqual(envelope.refs.map(\.key), ["EPIC06/V1"])
  }

  func testCursorWinsOverUpdatedAtAndEscapesAreDecoded() throws {
    let record = #"{"key":"Müller \"A\" \u00e9\ud83d\ude00","cursor":"000042","updated_at":"2026-01-01T00:00:00Z"}"#
    let envelope = try RecordEnvelope.scan(Array(record.utf8))
    XCTAssertEqual(envelope.key, "Müller \"A\" é😀")
    XCTAssertEqual(envelope.cursorValue, "000042")
  }

  func testRefusesWhatIsNotAJSONObject() {
    let bad = [
      "[1,2]", "{\"key\":\"a\"", "{\"key\":\"a\"} x", "{\"key\":01}", "{\"key\":\"a\u{01}\"}", "{\"key\":tru}",
      "{\"key\":\"\\q\"}", "{\"key\" \"a\"}", "{\"a\":[1,]}", "{\"key\":42}", "", "{\"a\":-}",
    ]
    for text in bad {
      XCTAssertThrowsError(try RecordEnvelope.scan(Array(text.utf8)), "accepted \(text)")
    }
  }

  func testRefusesDeepNestingInsteadOfOverflowingTheStack() {
    let deep = "{\"a\":" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
    XCTAssertThrowsError(try RecordEnvelope.scan(Array(deep.utf8))) { error in
      XCTAssertTrue("\(error)".contains("nesting"), "\(error)")
    }
  }

  func testErrorNamesTheByteOffset() {
    XCTAssertThrowsError(try RecordEnvelope.scan(Array(#"{"key":"a",}"#.utf8))) { error in
      XCTAssertTrue("\(error)".contains("at byte 11"), "\(error)")
    }
  }
}

final class CursorOrderTests: XCTestCase {
  func testIntegersCompareNumerically() {
    XCTAssertLessThan(CursorOrder.compare("9", "10"), 0)
    XCTAssertEqual(CursorOrder.compare("007", "7"), 0)
    XCTAssertLessThan(CursorOrder.compare("-5", "3"), 0)
    XCTAssertLessThan(CursorOrder.compare("-10", "-9"), 0)
    XCTAssertGreaterThan(CursorOrder.compare("123456789012345678901234567890", "99"), 0)
    XCTAssertEqual(CursorOrder.compare("-0", "0"), 0)
  }

  func testOtherValuesCompareByteByByte() {
    XCTAssertLessThan(CursorOrder.compare("2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z"), 0)
    XCTAssertLessThan(CursorOrder.compare("2026-01-01", "2026-01-01T00:00:00Z"), 0)
    XCTAssertGreaterThan(CursorOrder.compare("b", "a9"), 0)
    XCTAssertEqual(CursorOrder.compare("Ärger", "Ärger"), 0)
  }
}

final class CursorMarkTests: XCTestCase {
  func testTiesAtTheMarkAreDroppedOnceAndNewKeysAtTheSameValueAreAdmitted() {
    var mark = CursorMark(value: "2026-01-01T00:00:05Z", ties: ["a", "b"])
    XCTAssertFalse(mark.admits(cursor: "2026-01-01T00:00:04Z", key: "z"))
    XCTAssertFalse(mark.admits(cursor: "2026-01-01T00:00:05Z", key: "a"))
    XCTAssertTrue(mark.admits(cursor: "2026-01-01T00:00:05Z", key: "c"))
    XCTAssertFalse(mark.advance(cursor: "2026-01-01T00:00:05Z", key: "c"))
    XCTAssertEqual(mark.ties, ["a", "b", "c"])
    XCTAssertTrue(mark.advance(cursor: "2026-01-01T00:00:06Z", key: "a"))
    XCTAssertEqual(mark.ties, ["a"])
    XCTAssertEqual(mark.value, "2026-01-01T00:00:06Z")
  }
}
