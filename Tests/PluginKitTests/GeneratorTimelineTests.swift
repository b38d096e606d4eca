import CMLCPlugin
import Foundation
import MLCPluginKit
import XCTest

/// The generator over time: determinism, cursor order, `since`, and epochs of changes.
final class GeneratorTimelineTests: XCTestCase {
  private func fields(_ record: [UInt8]) -> RecordFields {
    (try? RecordFields.scan(record)) ?? RecordFields()
  }

  /// Records by key, for comparing two reads.
  private func byKey(_ records: [[UInt8]]) -> [String: [UInt8]] {
    Dictionary(records.map { (fields($0).key ?? "", $0) }, uniquingKeysWith: { first, _ in first })
  }

  func testTheSameConfigGivesTheSameBytesEveryRun() throws {
    let config = #"{"count":150,"seed":9,"epoch":2,"change_rate":0.2}"#
    let first = try GeneratorHarness.readAll(config)
    let second = try GeneratorHarness.readAll(config)
    XCTAssertEqual(first, second)
    // Page size changes only how records are grouped, not the records.
    let driver = try GeneratorHarness.open(config)
    XCTAssertEqual(GeneratorHarness.read(driver, "ap_invoice", pageSize: 7), first["ap_invoice"])
    let otherSeed = try GeneratorHarness.readAll(#"{"count":150,"seed":10,"epoch":2,"change_rate":0.2}"#)
    XCTAssertNotEqual(first["purchase_order"], otherSeed["purchase_order"])
  }

  func testReadsAreInNonDecreasingUpdatedAtWithTiesOfTheConfiguredSize() throws {
    let driver = try GeneratorHarness.open(#"{"count":300,"epoch":3,"change_rate":0.25,"ties":10}"#)
    for entity in GeneratorHarness.entities {
      let records = GeneratorHarness.read(driver, entity).map(fields)
      for (earlier, later) in zip(records, records.dropFirst()) {
        let ordered = (earlier.updatedAt ?? "", earlier.key ?? "") < (later.updatedAt ?? "", later.key ?? "")
        XCTAssertTrue(ordered, "\(entity): \(earlier.key ?? "") then \(later.key ?? "")")
      }
    }
    let initial = GeneratorHarness.read(try GeneratorHarness.open(#"{"count":300,"ties":10}"#), "purchase_order")
      .map { fields($0).updatedAt ?? "" }
    XCTAssertEqual(Set(initial.prefix(10)), ["2026-01-01T00:00:00Z"])
    XCTAssertEqual(initial[10], "2026-01-01T00:00:01Z")
    XCTAssertEqual(initial.last, "2026-01-01T00:00:29Z")
  }

  func testSinceReturnsExactlyTheRecordsAtOrAfterIt() throws {
    let driver = try GeneratorHarness.open(#"{"count":300,"epoch":2,"change_rate":0.3,"ties":7}"#)
    for entity in ["purchase_order", "vendor", "ap_payment"] {
      let all = GeneratorHarness.read(driver, entity)
      let stamps = all.map { fields($0).updatedAt ?? "" }
      var sinces = Set(stamps.enumerated().filter { $0.offset % 37 == 0 }.map(\.element))
      sinces.formUnion(["2025-12-31T23:59:59Z", stamps.last ?? "", "2030-01-01T00:00:00Z", "2026-01-02T00:00:00Z"])
      for since in sinces {
        let expected = all.filter { fields($0).updatedAt ?? "" >= since }
        XCTAssertEqual(GeneratorHarness.read(driver, entity, since: since, pageSize: 50), expected, "\(entity) since \(since)")
      }
    }
  }

  func testSincePastTheEndOfMillionsOfRecordsSkipsThemWithoutBuildingThem() throws {
    // Building 5 million records in a debug build takes minutes; skipping them is
    // arithmetic (epoch 0) or hashing (later epochs), so the read ends at once, empty.
    let driver = try GeneratorHarness.open(#"{"count":5000000,"epoch":2,"change_rate":0.01}"#)
    let start = ContinuousClock.now
    XCTAssertEqual(GeneratorHarness.read(driver, "purchase_order", since: "2026-03-01T00:00:00Z"), [])
    // 5 million orders at 10 a second fill 5.8 days, so epochs are 6 days apart and
    // epoch 2's window opens on 13 January.
    let late = GeneratorHarness.read(driver, "vendor", since: "2026-01-13T00:00:00Z", pageSize: 10_000)
    XCTAssertLessThan(ContinuousClock.now - start, .seconds(10))
    // Epoch 2 changed about 1 % of the 250,000 vendors, all stamped on its first day.
    XCTAssertEqual(Double(late.count), 2_500, accuracy: 250)
    XCTAssertTrue(late.allSatisfy { fields($0).updatedAt?.hasPrefix("2026-01-13") ?? false })
  }

  func testSinceWithAFractionOrOffsetMeansTheSameInstant() throws {
    let driver = try GeneratorHarness.open(#"{"count":100,"ties":10}"#)
    let all = GeneratorHarness.read(driver, "purchase_order")
    let fromSix = all.filter { fields($0).updatedAt ?? "" >= "2026-01-01T00:00:06Z" }
    XCTAssertEqual(GeneratorHarness.read(driver, "purchase_order", since: "2026-01-01T00:00:05.5Z"), fromSix)
    XCTAssertEqual(GeneratorHarness.read(driver, "purchase_order", since: "2026-01-01T01:00:06+01:00"), fromSix)
    // A full re-read ignores the cursor.
    let full = driver.read("purchase_order", since: "2026-01-01T00:00:06Z", flags: UInt32(MLC_READ_FULL))
    XCTAssertEqual(full.records, all)
  }

  func testAnUnreadableSinceIsAFatalErrorThatSaysWhatToDo() throws {
    let driver = try GeneratorHarness.open("{}")
    let result = driver.read("vendor", since: "42")
    XCTAssertEqual(result.status, mlc_status(MLC_FATAL))
    let message = driver.host.errors.last?.message ?? ""
    XCTAssertTrue(message.contains(#"cannot read the since cursor "42" of vendor"#), message)
    XCTAssertTrue(message.contains("run a full sync"), message)
  }

  func testEpochOneChangesAboutTheRateAndOnlyChangedRecordsMoveForward() throws {
    let config = #""count":1000,"seed":3,"change_rate":0.1"#
    let before = try GeneratorHarness.readAll("{\(config),\"epoch\":0}")
    let after = try GeneratorHarness.readAll("{\(config),\"epoch\":1}")
    // 1000 records at 10 per second fill 100 s of day one; epoch 1's window is day two.
    let windowStart = "2026-01-02T00:00:00Z"
    for entity in GeneratorHarness.entities {
      let old = byKey(before[entity] ?? [])
      let new = byKey(after[entity] ?? [])
      XCTAssertEqual(Set(old.keys), Set(new.keys), entity)
      var changed = 0
      for (key, record) in new {
        let stamp = fields(record).updatedAt ?? ""
        if record == old[key] {
          XCTAssertLessThan(stamp, windowStart, "\(entity) \(key) is unchanged but moved")
        } else {
          changed += 1
          XCTAssertGreaterThanOrEqual(stamp, windowStart, "\(entity) \(key) changed but kept its time")
          let oldData = GeneratorHarness.parse(old[key] ?? [])["data"] as? NSDictionary
          let newData = GeneratorHarness.parse(record)["data"] as? NSDictionary
          XCTAssertNotEqual(oldData, newData, "\(entity) \(key): only updated_at changed")
        }
      }
      if new.count >= 500 {
        // Binomial(n, 0.1): a 3.5-sigma band.
        let expected = Double(new.count) / 10
        let band = 3.5 * (Double(new.count) * 0.09).squareRoot()
        XCTAssertEqual(Double(changed), expected, accuracy: band, "\(entity): \(changed) of \(new.count) changed")
      }
    }
  }

  func testLaterEpochsShowEachRecordOnceAtItsLatestChange() throws {
    let driver = try GeneratorHarness.open(#"{"count":400,"change_rate":0.3,"epoch":3}"#)
    let records = GeneratorHarness.read(driver, "purchase_order").map(fields)
    XCTAssertEqual(records.count, 400)
    XCTAssertEqual(Set(records.compactMap(\.key)).count, 400)
    let days = Dictionary(grouping: records) { String(($0.updatedAt ?? "").prefix(10)) }.mapValues(\.count)
    XCTAssertEqual(Set(days.keys), ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"])
    // About 0.3 of the records end in epoch 3, 0.7 × 0.3 in epoch 2, and so on.
    XCTAssertEqual(Double(days["2026-01-04"] ?? 0), 120, accuracy: 35)
    XCTAssertEqual(Double(days["2026-01-01"] ?? 0), 400 * 0.343, accuracy: 40)
  }

  func testChangeRateZeroKeepsTheInitialDataAndOneChangesEverything() throws {
    let initial = try GeneratorHarness.readAll(#"{"count":60}"#)
    XCTAssertEqual(try GeneratorHarness.readAll(#"{"count":60,"epoch":4,"change_rate":0}"#), initial)
    let everything = try GeneratorHarness.readAll(#"{"count":60,"epoch":1,"change_rate":1}"#)
    for (entity, records) in everything {
      XCTAssertEqual(records.count, initial[entity]?.count, entity)
      for record in records {
        XCTAssertGreaterThanOrEqual(fields(record).updatedAt ?? "", "2026-01-02T00:00:00Z", entity)
      }
    }
  }

  func testBaseTimeMovesEveryTimestamp() throws {
    let driver = try GeneratorHarness.open(#"{"count":20,"base_time":"2027-06-30T12:00:00Z"}"#)
    let first = GeneratorHarness.read(driver, "vendor").first.map(fields)
    XCTAssertEqual(first?.updatedAt, "2027-06-30T12:00:00Z")
  }
}
