import Foundation
import TestKit
import XCTest

/// `mlc serve`: flows run when their schedule says they are due, and SIGTERM stops cleanly.
final class ServeEndToEndTests: XCTestCase {
  private func deployment(schedule: Int) throws -> MLCTestDeployment {
    let deployment = try MLCTestDeployment.generatorToFiles()
    try deployment.writeConfig([
      "plugin_dir": "plugins", "state_dir": "state", "enabled": ["generator", "jsonl"],
      "connections": [
        "erp": ["plugin": "generator", "config": ["count": 50]],
        "files": ["plugin": "jsonl", "config": ["dir": "out"]],
      ],
      "flows": [["name": "hourly", "source": "erp", "sink": "files", "schedule_seconds": schedule]],
    ])
    return deployment
  }

  func testOnceRunsDueFlowsAndSkipsThoseNotDueYet() throws {
    let deployment = try deployment(schedule: 3600)
    let first = try deployment.mlc("serve", "--once", "--json")
    let summary = try MLCTestDeployment.json(first.stdout)
    XCTAssertEqual(summary["flow"] as? String, "hourly")
    XCTAssertEqual(MLCTestDeployment.counts(summary, "read")["purchase_order"], 50)
    let second = try deployment.mlc("serve", "--once", "--json")
    XCTAssertEqual(second.stdout, "", "ran less than an hour ago: not due")
  }

  func testSigtermStopsServing() throws {
    let deployment = try deployment(schedule: 1)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: BuildProducts.mlc)
    process.arguments = ["serve", "--json"]
    process.environment = deployment.environment
    process.currentDirectoryURL = URL(fileURLWithPath: deployment.directory.path)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(30)
    while !FileManager.default.fileExists(atPath: deployment.directory.file("out/purchase_order.jsonl")) && Date() < deadline {
      usleep(20_000)
    }
    usleep(300_000)
    kill(process.processIdentifier, SIGTERM)
    let stopDeadline = Date().addingTimeInterval(10)
    while process.isRunning && Date() < stopDeadline { usleep(20_000) }
    XCTAssertFalse(process.isRunning, "mlc serve ignored SIGTERM")
    if process.isRunning { process.terminate() }
    XCTAssertEqual(process.terminationStatus, 0)
    let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
    XCTAssertGreaterThanOrEqual(lines.count, 1)
  }
}
