import Foundation
import MLCPluginKit
import XCTest

/// `RecordFields.scan`, `JSONValue` parsing and `ConfigObject`: correct on valid input,
/// strict on invalid input.
final class JSONReadingTests: XCTestCase {
  func testScanPicksTheEnvelopeFieldsAndSkipsTheRest() throws {
    let record = #"""
      { "data": {"lines": [{"amount":"1.00","q":-1.5e3}, null, true, false], "name":"Ø\u00e9\ud83d\ude9a"},
        "entity":"vendor", "key":"GEN\/V\/000012", "refs":{}, "updated_at":"2026-01-31T08:00:00Z",
        "cursor":"42" }
      """#
    let fields = try RecordFields.scan(Array(record.utf8))
    XCTAssertEqual(fields, RecordFields(entity: "vendor", key: "GEN/V/000012",
                                        updatedAt: "2026-01-31T08:00:00Z", cursor: "42"))
    XCTAssertEqual(fields.orderingValue, "42")
    XCTAssertEqual(try RecordFields.scan(Array("{}".utf8)), RecordFields())
    XCTAssertEqual(try RecordFields.scan(Array(#"{"key":"a\"b\\c\n"}"#.utf8)).key, "a\"b\\c\n")
  }

  func testScanRejectsWhatIsNotOneValidJSONObject() {
    let invalid: [String] = [
      "", "[]", "{", #"{"key":"a",}"#, #"{"key":"a"} x"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":-}"#,
      #"{"a":1e}"#, #"{"a":tru}"#, #"{"a":"x\q"}"#, #"{"a":"\ud800"}"#, #"{"a":"\udc00"}"#,
      "{\"a\":\"tab\there\"}", #"{"a":[1,]}"#, #"{"a" 1}"#, #"{a:1}"#, #"{"a":'x'}"#,
      #"{"key":7}"#, #"{"key":"a","key":"b"}"#, #"{"a":NaN}"#, #"{"a":"\u12"}"#,
      String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ]
    for text in invalid {
      let bytes = Array(text.utf8)
      XCTAssertThrowsError(try RecordFields.scan(bytes), text) { error in
        XCTAssertTrue(error is JSONSyntaxError, text)
      }
    }
    for bytes: [UInt8] in [[0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x22, 0x7D],
                           [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D],
                           [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D]] {
      XCTAssertThrowsError(try RecordFields.scan(bytes), "invalid UTF-8 \(bytes)")
    }
  }

  func testEverythingScanAcceptsFoundationAcceptsToo() throws {
    // Foundation is lenient (it takes `{"a":1,}`), so it only checks the valid half.
    let documents: [(String, Bool)] = [
      (#"{"a":[1,2,{"b":null}],"c":"\u00fc"}"#, true), (#"{"a":0.5E+2}"#, true), (#"{"a":-0}"#, true),
      (#"{"a":[]}"#, true), (#"  {"a" : "b" }  "#, true), (#"{"a":1,}"#, false), (#"{"a":[1 2]}"#, false),
      (#"{"a":00}"#, false), (#"{"a":"x"}}"#, false),
    ]
    for (text, valid) in documents {
      let data = Data(text.utf8)
      XCTAssertEqual((try? RecordFields.scan(Array(data))) != nil, valid, text)
      if valid { XCTAssertNoThrow(try JSONSerialization.jsonObject(with: data), text) }
    }
  }

  func testJSONValueKeepsNumbersExactAndRefusesDuplicateKeys() throws {
    let value = try JSONValue(parsing: #"{"n":0.1,"i":42,"s":"x","b":false,"z":null,"a":[1]}"#)
    XCTAssertEqual(value["n"], .number("0.1"))
    XCTAssertEqual(value["i"]?.intValue, 42)
    XCTAssertEqual(value["s"]?.stringValue, "x")
    XCTAssertEqual(value["b"]?.boolValue, false)
    XCTAssertEqual(value["z"], .null)
    XCTAssertEqual(value["a"]?.arrayValue, [.number("1")])
    XCTAssertThrowsError(try JSONValue(parsing: #"{"a":1,"a":2}"#)) { error in
      XCTAssertEqual((error as? JSONSyntaxError)?.reason, #"duplicate object key "a""#)
    }
    var writer = JSONWriter()
    value.write(to: &writer)
    XCTAssertEqual(writer.text, #"{"a":[1],"b":false,"i":42,"n":0.1,"s":"x","z":null}"#)
  }

  func testConfigObjectNamesTheFieldInEveryError() throws {
    let config = try ConfigObject(
      json: #"{"count":0,"seed":"7","rate":1.5,"flag":1,"counts":{"vendor":-1},"list":["a",2],"cuont":3}"#,
      connector: "generator")
    func message(_ body: () throws -> Any?) -> String {
      do {
        _ = try body()
        return "no error"
      } catch {
        XCTAssertEqual((error as? PluginError)?.code, .config)
        return (error as? PluginError)?.message ?? "\(error)"
      }
    }
    XCTAssertEqual(message { try config.int("count", default: 1000, in: 1...Int.max) },
                   #"generator config: "count" must be a positive integer"#)
    XCTAssertEqual(message { try config.int("seed", default: 1) }, #"generator config: "seed" must be an integer"#)
    XCTAssertEqual(message { try config.double("rate", default: 0, in: 0...1) },
                   #"generator config: "rate" must be a number from 0 to 1"#)
    XCTAssertEqual(message { try config.bool("flag", default: false) },
                   #"generator config: "flag" must be true or false, found a number"#)
    XCTAssertEqual(message { try config.object("counts")?.int("vendor", default: 5, in: 0...Int.max) },
                   #"generator config: "counts.vendor" must be a non-negative integer"#)
    XCTAssertEqual(message { try config.strings("list") },
                   #"generator config: "list" must be an array of strings, found a number in it"#)
    XCTAssertTrue(message { try config.rejectUnknownMembers(["count", "seed", "rate", "flag", "counts", "list"]) }
      .hasPrefix(#"generator config: "cuont" is not a known field; expected one of "count""#))
    XCTAssertEqual(try config.int("absent", default: 9), 9)
    XCTAssertEqual(try config.string("absent", default: "d"), "d")
    XCTAssertEqual(try ConfigObject(json: #"{"n":null}"#, connector: "x").int("n", default: 3), 3)
  }
}
