import Foundation
import MLCSandboxKit
import XCTest

/// The SandboxKit data helpers the Epicor sandbox is built on (and other sandboxes can reuse):
/// exact-decimal JSON, money text, wall-clock dates and seeded names. They live here until
/// SandboxKitTests takes them over.
final class EpicorSandboxDataHelpersTests: XCTestCase {
  func testJSONKeepsNumberTextAndRoundTrips() throws {
    let text = #"{"a":1234.50,"b":[true,null,-0.1,"Jürgen \"J\" Ø\n"],"c":{"d":1e3}}"#
    let value = try SandboxJSON.parse(text)
    XCTAssertEqual(value["a"], .number("1234.50"))
    XCTAssertEqual(value["a"]?.decimalValue, Decimal(string: "1234.5"))
    XCTAssertEqual(value["b"]?[3]?.stringValue, "Jürgen \"J\" Ø\n")
    XCTAssertEqual(value["c"]?["d"]?.decimalValue, 1000)
    XCTAssertEqual(try SandboxJSON.parse(value.serialized), value)
    XCTAssertEqual(try SandboxJSON.parse(#""\ud83d\ude00""#).stringValue, "😀")
  }

  func testJSONRejectsMalformedDocuments() {
    for bad in ["", "{", #"{"a":}"#, "[1,]", "01", "1.", #"{"a" 1}"#, "tru", #""\x""#, "[1] 2", #""\ud83d""#] {
      XCTAssertThrowsError(try SandboxJSON.parse(bad), bad)
    }
    let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
    XCTAssertThrowsError(try SandboxJSON.parse(deep))
  }

  func testMoneyIsExact() {
    XCTAssertEqual(Money.string(Money.amount(minorUnits: 123_450)), "1234.50")
    XCTAssertEqual(Money.string(Money.amount(minorUnits: -5)), "-0.05")
    XCTAssertEqual(Money.string(Decimal(string: "2.345")!, scale: 2), "2.35")
    XCTAssertEqual(Money.string(Decimal(string: "-2.345")!, scale: 2), "-2.35")
    XCTAssertEqual(Money.string(Decimal(12), scale: 0), "12")
    XCTAssertEqual(Money.parse("0.1")! * 3, Money.parse("0.3"))
    XCTAssertNil(Money.parse("12abc"))
    XCTAssertNil(Money.parse("1-2"))
    XCTAssertEqual(Money.parse("-1.5e2"), -150)
    var random = SplitMix64(seed: 1)
    for _ in 0..<100 {
      let amount = Money.random(&random, min: 1, max: 2, scale: 2)
      XCTAssertTrue(amount >= 1 && amount <= 2)
      XCTAssertEqual(Money.rounded(amount, scale: 2), amount)
    }
  }

  func testDateTimeParsesTheFormsAPIsSend() throws {
    let base = SandboxDateTime(year: 2024, month: 1, day: 31, hour: 8)
    XCTAssertEqual(SandboxDateTime.parse("2024-01-31T08:00:00"), base)
    XCTAssertEqual(SandboxDateTime.parse("2024-01-31T08:00:00Z"), base)
    XCTAssertEqual(SandboxDateTime.parse("2024-01-31T08:00"), base)
    XCTAssertEqual(SandboxDateTime.parse("2024-01-31 10:00:00+02:00"), base)
    XCTAssertEqual(SandboxDateTime.parse("2024-01-31T08:00:00.5")?.milliseconds, base.milliseconds + 500)
    XCTAssertEqual(SandboxDateTime.parse("2024-01-31")?.iso, "2024-01-31T00:00:00")
    for bad in ["2024-02-30", "2024-13-01", "24-01-01", "2024-01-31T25:00", "2024-01-31T08:00:00Zjunk"] {
      XCTAssertNil(SandboxDateTime.parse(bad), bad)
    }
    XCTAssertEqual(base.iso, "2024-01-31T08:00:00")
    XCTAssertEqual(SandboxDateTime(year: 1969, month: 12, day: 31, hour: 23).civil.year, 1969)
    XCTAssertEqual(base.adding(days: 30).isoDate, "2024-03-01", "2024 is a leap year")
    XCTAssertEqual(SandboxDateTime(Date(timeIntervalSince1970: 0)).iso, "1970-01-01T00:00:00")
  }

  func testSeededNamesAreDeterministicAndVaried() {
    var first = SplitMix64(seed: 42), second = SplitMix64(seed: 42)
    var names: [String] = []
    for _ in 0..<200 {
      let country = SeededNames.country(&first)
      let name = SeededNames.companyName(in: country, &first)
      XCTAssertEqual(name, SeededNames.companyName(in: SeededNames.country(&second), &second))
      names.append(name)
    }
    XCTAssertGreaterThan(Set(names).count, 100)
    XCTAssertTrue(names.contains { $0.unicodeScalars.contains { $0.value > 0x2FFF } }, "some Japanese names")
    XCTAssertEqual(SeededNames.asciiSlug("Müller & Söhne GmbH"), "mueller-soehne-gmbh")
    XCTAssertEqual(SeededNames.asciiSlug("O'Brien Industrial"), "obrien-industrial")
    XCTAssertEqual(SeededNames.asciiSlug("株式会社"), "")
  }
}
