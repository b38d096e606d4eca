import EpicorSandbox
import Foundation
import MLCSandboxKit
import TestKit
import XCTest

/// Read throughput: 10,000 purchase orders (with their lines) from the sandbox through the real
/// `mlc` into JSON Lines. Runs only with `MLC_EPICOR_BENCH=1`, since it measures rather than
/// checks and takes a few seconds.
final class EpicorConnectorBenchmarkTests: XCTestCase {
  func testReadingTenThousandPurchaseOrders() throws {
    try XCTSkipUnless(ProcessInfo.processInfo.environment["MLC_EPICOR_BENCH"] == "1", "set MLC_EPICOR_BENCH=1 to measure")
    for top in [100, 500] {
      let epicor = try EpicorConnectorDeployment(records: 10_000)
      try epicor.configure(config: ["page_size": top], pageSize: top)
      try epicor.mlc.writeConfig(try benchmarkConfig(epicor, top: top))
      let started = Date()
      let run = try epicor.mlc.mlc(["sync", "epicor-to-files", "--json", "--verbose"])
      let summary = try MLCTestDeployment.json(run.stdout)
      if ProcessInfo.processInfo.environment["MLC_EPICOR_BENCH_DETAIL"] == "1" {
        let latencies = run.stderr.split(separator: "\n").filter { $0.contains("POes") && $0.contains(" ms (attempt") }
          .compactMap { line -> Int? in
            guard let range = line.range(of: "-> 200 in ") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
          }
        print("epicor read: $top=\(top): HTTP time \(latencies.reduce(0, +)) ms over \(latencies.count) requests; wall \(Date().timeIntervalSince(started)) s")
      }
      let orders = try XCTUnwrap((summary["entities"] as? [[String: Any]])?.first { $0["entity"] as? String == "purchase_order" })
      let read = try XCTUnwrap(orders["read"] as? Int)
      let seconds = try XCTUnwrap(orders["seconds"] as? Double)
      XCTAssertEqual(read, 10_000)
      print("epicor read: $top=\(top): \(read) purchase orders in \(seconds) s = \(Int(Double(read) / seconds)) records/s, \(orders["api_calls"] ?? "?") API calls")
    }
  }

  /// The read flow with purchase orders only.
  private func benchmarkConfig(_ epicor: EpicorConnectorDeployment, top: Int) throws -> [String: Any] {
    let text = try String(contentsOfFile: epicor.mlc.configPath, encoding: .utf8)
    var config = try MLCTestDeployment.json(text)
    config["flows"] = [["name": "epicor-to-files", "source": "epicor", "sink": "files", "entities": ["purchase_order"], "page_size": top]]
    return config
  }
}
