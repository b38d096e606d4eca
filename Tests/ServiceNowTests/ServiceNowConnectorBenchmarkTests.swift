import Foundation
import ServiceNowSandbox
import TestKit
import XCTest

/// insertMultiple batches against single-row Import Set posts, measured against the sandbox:
/// requests and wall time for 1000 records. Gated by `MLC_SN_BENCH=1` because it takes
/// about a minute on the shared VM; the report quotes its output.
///
/// `MLC_SN_BENCH=1 swift test --skip-build --filter ServiceNowConnectorBenchmarkTests`
final class ServiceNowConnectorBenchmarkTests: XCTestCase {
  private struct Measurement {
    var label: String
    var seconds: Double
    var requests: Int
    var writes: Int
    var reads: Int
  }

  private func measure(_ label: String, entity: String, counts: [String: Int], mode: String, concurrency: Int,
                       settings: [String: String] = [:], faults: String = "") throws -> Measurement {
    let fixture = try ServiceNowConnectorFixture(settings: settings, faults: faults)
    try fixture.writeConfig([
      "erp": ["plugin": "generator", "config": ["count": max(counts["purchase_order"] ?? 1, 1), "counts": counts, "seed": 3]],
      "snow": fixture.snow(["erp_source": "GEN", "write_mode": mode, "concurrency": concurrency, "batch_size": 200]),
    ], flows: [
      ["name": "refs", "source": "erp", "sink": "snow", "entities": ["vendor"], "page_size": 1000],
      ["name": "bench", "source": "erp", "sink": "snow", "entities": [entity], "page_size": 500],
    ])
    if entity != "vendor" { _ = try fixture.sync("refs") }
    fixture.sandbox.resetRequestLog()
    let started = Date()
    let summary = try fixture.sync("bench")
    let seconds = Date().timeIntervalSince(started)
    XCTAssertEqual(ServiceNowConnectorFixture.counts(summary, "written")[entity], counts[entity], "\(summary)")
    let requests = fixture.sandbox.requests
    return Measurement(label: label, seconds: seconds, requests: requests.count,
                       writes: requests.filter(\.isWrite).count, reads: requests.filter { $0.method == "GET" }.count)
  }

  func testBatchAgainstSingleRowFor1000Records() throws {
    guard ProcessInfo.processInfo.environment["MLC_SN_BENCH"] == "1" else {
      throw XCTSkip("set MLC_SN_BENCH=1 to measure insertMultiple against single-row posts")
    }
    let vendors = ["vendor": 1000]
    let orders = ["purchase_order": 1000, "vendor": 50]
    var results: [Measurement] = []
    for (entity, counts) in [("vendor", vendors), ("purchase_order", orders)] {
      results.append(try measure("\(entity) batch async, 4 sets at once", entity: entity, counts: counts, mode: "batch", concurrency: 4))
      results.append(try measure("\(entity) batch async, 1 set at a time", entity: entity, counts: counts, mode: "batch", concurrency: 1))
      results.append(try measure("\(entity) batch synchronous entry", entity: entity, counts: counts, mode: "batch", concurrency: 4,
                                 settings: ["sync_insert_multiple": "true"]))
      results.append(try measure("\(entity) single, 4 in flight", entity: entity, counts: counts, mode: "single", concurrency: 4))
      results.append(try measure("\(entity) single, 1 in flight", entity: entity, counts: counts, mode: "single", concurrency: 1))
    }
    // A remote instance answers in tens of milliseconds, not microseconds.
    results.append(try measure("vendor batch async, 4 sets at once, 50 ms per answer", entity: "vendor", counts: vendors,
                               mode: "batch", concurrency: 4, faults: "latency:50ms"))
    results.append(try measure("vendor single, 4 in flight, 50 ms per answer", entity: "vendor", counts: vendors,
                               mode: "single", concurrency: 4, faults: "latency:50ms"))
    var table = "| run | wall s | requests | writes | reads |\n|---|---|---|---|---|\n"
    for result in results {
      table += "| \(result.label) | \(String(format: "%.2f", result.seconds)) | \(result.requests) | \(result.writes) | \(result.reads) |\n"
    }
    print(table)
  }
}
