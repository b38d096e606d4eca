import Foundation
import TestKit
import XCTest

/// The real `mlc` binary, the real generator `.so` and the C example built with `cc`.
final class SyncEndToEndTests: XCTestCase {
  func testGeneratorToJSONLFlowMovesEverythingOnceThenOnlyWhatChanged() throws {
    let deployment = try MLCTestDeployment.generatorToFiles()
    try deployment.writeConfig(count: 300)

    let first = try MLCTestDeployment.json(try deployment.mlc("sync", "gen-to-files", "--json").stdout)
    XCTAssertEqual(first["status"] as? String, "succeeded")
    let read = MLCTestDeployment.counts(first, "read")
    XCTAssertEqual((first["entities"] as? [[String: Any]])?.compactMap { $0["entity"] as? String },
                   ["gl_account", "cost_center", "vendor", "part", "purchase_order", "ap_invoice", "ap_payment", "procurement_request"])
    XCTAssertEqual(read["purchase_order"], 300)
    XCTAssertEqual(MLCTestDeployment.counts(first, "written"), read, "a first run inserts every record")
    for (entity, count) in read {
      let keys = try deployment.jsonlKeys(entity)
      XCTAssertEqual(keys.count, count, entity)
      XCTAssertEqual(Set(keys).count, count, "\(entity) has duplicate keys")
    }
    let filesBefore = try FileManager.default.contentsOfDirectory(atPath: deployment.outputDirectory).sorted().map {
      try Data(contentsOf: URL(fileURLWithPath: deployment.outputDirectory).appendingPathComponent($0))
    }

    let second = try MLCTestDeployment.json(try deployment.mlc("sync", "gen-to-files", "--json").stdout)
    XCTAssertEqual(Set(MLCTestDeployment.counts(second, "read").values), [0], "a rerun with no change reads nothing new")
    XCTAssertEqual(Set(MLCTestDeployment.counts(second, "written").values), [0])
    let filesAfter = try FileManager.default.contentsOfDirectory(atPath: deployment.outputDirectory).sorted().map {
      try Data(contentsOf: URL(fileURLWithPath: deployment.outputDirectory).appendingPathComponent($0))
    }
    XCTAssertEqual(filesBefore, filesAfter, "a rerun with no change writes nothing")

    try deployment.writeConfig(count: 300, epoch: 1, changeRate: 0.05)
    let third = try MLCTestDeployment.json(try deployment.mlc("sync", "gen-to-files", "--json").stdout)
    let updated = MLCTestDeployment.counts(third, "updated")
    XCTAssertGreaterThan(updated["purchase_order"] ?? 0, 0)
    XCTAssertLessThan(updated["purchase_order"] ?? 0, 60, "about 5% of 300 change")
    XCTAssertEqual(MLCTestDeployment.counts(third, "read"), updated, "only changed records move, and each updates in place")
    XCTAssertEqual(try deployment.jsonlKeys("purchase_order").count, 300)

    let fourth = try MLCTestDeployment.json(try deployment.mlc("sync", "gen-to-files", "--json").stdout)
    XCTAssertEqual(Set(MLCTestDeployment.counts(fourth, "read").values), [0])
  }

  func testKilledSyncResumesAndDeliversEveryRecordExactlyOnce() throws {
    let deployment = try MLCTestDeployment.generatorToFiles()
    try deployment.writeConfig(count: 20_000, pageSize: 200)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: BuildProducts.mlc)
    process.arguments = ["sync", "gen-to-files"]
    process.environment = deployment.environment
    process.currentDirectoryURL = URL(fileURLWithPath: deployment.directory.path)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Kill as soon as purchase orders started landing: reference data is done, most is not.
    let target = URL(fileURLWithPath: deployment.outputDirectory).appendingPathComponent("purchase_order.jsonl").path
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning && Date() < deadline {
      if let size = try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int, size > 0 { break }
      usleep(2_000)
    }
    XCTAssertTrue(process.isRunning, "the sync finished before it could be killed; the test proves nothing")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationReason, .uncaughtSignal)
    let partial = try deployment.jsonlKeys("purchase_order").count
    XCTAssertLessThan(partial, 20_000)

    let rerun = try MLCTestDeployment.json(try deployment.mlc("sync", "gen-to-files", "--json").stdout)
    XCTAssertEqual(rerun["status"] as? String, "succeeded")
    let check = try MLCTestDeployment.json(try deployment.mlc("sync", "gen-to-files", "--json").stdout)
    XCTAssertEqual(Set(MLCTestDeployment.counts(check, "read").values), [0], "everything was delivered by the rerun")

    let audit = try MLCTestDeployment.json(try deployment.mlc("audit", "--limit", "0", "--json").stdout)
    let rows = try XCTUnwrap(audit["rows"] as? [[String: Any]])
    for entity in ["vendor", "purchase_order", "ap_invoice", "ap_payment"] {
      let keys = try deployment.jsonlKeys(entity)
      XCTAssertEqual(keys.count, Set(keys).count, "\(entity): a key was delivered twice")
      let audited = rows.filter { $0["entity"] as? String == entity }.compactMap { $0["source_key"] as? String }
      XCTAssertEqual(audited.count, Set(audited).count, "\(entity): a record has two audit rows")
      XCTAssertEqual(Set(audited), Set(keys), "\(entity): audit and sink disagree")
      XCTAssertTrue(rows.filter { $0["entity"] as? String == entity }.allSatisfy { ["inserted", "skipped"].contains($0["outcome"] as? String) })
    }
    XCTAssertEqual(try deployment.jsonlKeys("purchase_order").count, 20_000)
  }
}
