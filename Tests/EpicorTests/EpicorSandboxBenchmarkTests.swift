import EpicorSandbox
import Foundation
import MLCSandboxKit
import XCTest

/// Benchmark-size behaviour: seeding 100k POs and paging all of them over HTTP the way a
/// connector's incremental read does. Slow in debug builds, so it runs only when
/// `MLC_EPICOR_BENCH=1` (use `swift test -c release --filter EpicorSandboxBenchmarkTests`);
/// it prints the figures it measured.
final class EpicorSandboxBenchmarkTests: XCTestCase {
  func testSeedAndPageThroughOneHundredThousandPOs() throws {
    try XCTSkipUnless(ProcessInfo.processInfo.environment["MLC_EPICOR_BENCH"] == "1", "set MLC_EPICOR_BENCH=1 to run")
    let records = Int(ProcessInfo.processInfo.environment["MLC_EPICOR_BENCH_RECORDS"] ?? "") ?? 100_000
    let clock = ContinuousClock()
    let seedStart = clock.now
    let (sandbox, client) = try startEpicorSandbox(records: records, seed: 1)
    defer { sandbox.stop() }
    let seeded = clock.now - seedStart

    let readStart = clock.now
    var seen = 0
    var pages = 0
    var skip = 0
    while true {
      let query = "$filter=ChangeDate%20ge%202000-01-01T00:00:00Z&$orderby=ChangeDate,PONum&$top=100&$skip=\(skip)&$expand=PODetails"
      // Count rows without a JSON parse, so the figure is the sandbox's time, not the test's.
      let body = try client.get(client.url("POSvc", "POes", query: query)).body
      let rows = occurrences(of: Array(#""PONum":"#.utf8), in: Array(body))
      seen += rows
      pages += 1
      if rows < 100 { break }
      skip += 100
    }
    let read = clock.now - readStart
    XCTAssertEqual(seen, records)
    print("Epicor sandbox: seeded \(records) POs (\(sandbox.count("PODetail")) lines, \(sandbox.count("APInvHed")) invoices) in \(seeded); read \(pages) pages with lines in \(read)")
  }

  /// How often `needle` occurs in `haystack` (a byte scan; Foundation's string search is slower
  /// than the sandbox and would dominate the figure).
  private func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
    guard haystack.count >= needle.count else { return 0 }
    var count = 0
    var index = 0
    while index <= haystack.count - needle.count {
      if haystack[index] == needle[0] && Array(haystack[index..<(index + needle.count)]) == needle {
        count += 1
        index += needle.count
      } else {
        index += 1
      }
    }
    return count
  }
}
