import Foundation
import MLCPluginKit
import XCTest

/// `JSONWriter` and `DecimalDigits`: output any JSON parser reads back to the same values.
final class JSONWriterTests: XCTestCase {
  func testWritesNestedStructureWithCommasWhereTheyBelong() throws {
    var writer = JSONWriter()
    writer.beginObject()
    writer.field("name", "Müller Präzisionsteile GmbH")
    writer.key("lines")
    writer.beginArray()
    for line in 1...2 {
      writer.beginObject()
      writer.field("line", int: line)
      writer.field("amount", decimal: 123450 * line, scale: 2)
      writer.endObject()
    }
    writer.beginArray()
    writer.endArray()
    writer.endArray()
    writer.field("active", bool: true)
    writer.key("missing")
    writer.null()
    writer.field("absent", ifPresent: nil)
    writer.key("raw")
    writer.raw("12.5")
    writer.endObject()
    XCTAssertEqual(writer.text, #"{"name":"Müller Präzisionsteile GmbH","lines":[{"line":1,"amount":"1234.50"},{"line":2,"amount":"2469.00"},[]],"active":true,"missing":null,"raw":12.5}"#)
    XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(writer.bytes)))
  }

  func testEscapesEveryCharacterJSONRequiresAndKeepsTheRest() throws {
    var text = "quote \" backslash \\ slash / tab \t newline \n return \r"
    for scalar in 0..<0x20 { text.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
    text += " 株式会社山田製作所 Østergaard & Søn A/S 🚚 \u{7F}"
    var writer = JSONWriter()
    writer.beginArray()
    writer.string(text)
    writer.endArray()
    let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String])
    XCTAssertEqual(parsed, [text])
    XCTAssertTrue(writer.text.contains(#"\u0001"#))
    XCTAssertTrue(writer.text.contains(#"\t"#))
    XCTAssertFalse(writer.bytes.contains { $0 < 0x20 }, "no raw control byte survives")
    XCTAssertEqual(try JSONValue(parsing: writer.bytes), .array([.string(text)]))
  }

  func testEachSpecialCharacterIsEscapedAtEveryPositionAndLength() throws {
    // The writer checks strings a word at a time with different paths for short and long
    // strings, so put one character that needs escaping at every position of every length.
    let specials: [Character] = ["\"", "\\", "\n", "\u{01}", "\u{1F}"]
    for length in 1...24 {
      for position in 0..<length {
        for special in specials {
          var characters = Array(String(repeating: "aé", count: length).prefix(length))
          characters[position] = special
          let text = String(characters)
          var writer = JSONWriter()
          writer.beginObject()
          writer.key(text)
          writer.string(text)
          writer.key("fragments")
          writer.beginString()
          writer.stringFragment(text)
          writer.stringFragment(digits: length, width: 3)
          writer.endString()
          writer.endObject()
          let expected = JSONValue.object([text: .string(text), "fragments": .string(text + String(format: "%03d", length))])
          XCTAssertEqual(try JSONValue(parsing: writer.bytes), expected, "\(length) \(position) \(special.unicodeScalars.first?.value ?? 0)")
        }
      }
    }
  }

  func testKeysAreEscapedToo() throws {
    var writer = JSONWriter()
    writer.beginObject()
    writer.key("a\"b")
    writer.int(1)
    writer.endObject()
    XCTAssertEqual(writer.text, #"{"a\"b":1}"#)
  }

  func testResetReusesTheBuffer() {
    var writer = JSONWriter()
    writer.beginObject()
    writer.field("a", int: 1)
    writer.endObject()
    writer.reset()
    writer.beginObject()
    writer.endObject()
    XCTAssertEqual(writer.text, "{}")
  }

  func testIntegersAndDecimalsAreExact() {
    let cases: [(Int, Int, String)] = [
      (0, 2, "0.00"), (5, 2, "0.05"), (-5, 2, "-0.05"), (100, 2, "1.00"), (123450, 2, "1234.50"),
      (-123456789, 3, "-123456.789"), (7, 0, "7"), (Int.max, 2, "92233720368547758.07"),
    ]
    for (units, scale, expected) in cases {
      var bytes: [UInt8] = []
      DecimalDigits.appendScaled(units, scale: scale, to: &bytes)
      XCTAssertEqual(String(decoding: bytes, as: UTF8.self), expected, "\(units) scale \(scale)")
    }
    var writer = JSONWriter()
    writer.beginArray()
    for value in [0, 9, 10, -1, Int.max, Int.min] { writer.int(value) }
    writer.endArray()
    XCTAssertEqual(writer.text, "[0,9,10,-1,9223372036854775807,-9223372036854775808]")

    var padded: [UInt8] = []
    DecimalDigits.appendPadded(311, width: 6, to: &padded)
    DecimalDigits.appendPadded(1_234_567, width: 6, to: &padded)
    XCTAssertEqual(String(decoding: padded, as: UTF8.self), "0003111234567")
    XCTAssertEqual(DecimalDigits.count(0), 1)
    XCTAssertEqual(DecimalDigits.count(-1000), 4)
  }
}
