import Foundation
import TestKit
import XCTest

/// `mlc sandbox`: starts simulators, prints where they listen, writes a ready config whose
/// credentials are in the vault, and stops on SIGTERM.
final class SandboxCommandEndToEndTests: XCTestCase {
  func testWritesAWorkingConfigAndStopsOnSigterm() throws {
    let deployment = try MLCTestDeployment(swiftPlugins: ["epicor"], jsonl: false)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: BuildProducts.mlc)
    process.arguments = ["sandbox", "--systems", "epicor", "--records", "20", "--write-config", "dep/mlc.json",
                         "--plugins-dir", "plugins", "--json"]
    var environment = deployment.environment
    environment.removeValue(forKey: "MLC_CONFIG")
    process.environment = environment
    process.currentDirectoryURL = URL(fileURLWithPath: deployment.directory.path)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer { if process.isRunning { process.terminate() } }

    var line = Data()
    let deadline = Date().addingTimeInterval(60)
    while !line.contains(0x0A) && Date() < deadline {
      line.append(output.fileHandleForReading.availableData)
    }
    let endpoint = try MLCTestDeployment.json(String(decoding: line.prefix { $0 != 0x0A }, as: UTF8.self))
    XCTAssertEqual(endpoint["system"] as? String, "epicor")
    XCTAssertTrue((endpoint["base_url"] as? String)?.hasPrefix("http://127.0.0.1:") ?? false)
    XCTAssertNotNil((endpoint["credentials"] as? [String: String])?["api_key"])

    let configPath = deployment.directory.file("dep/mlc.json")
    let configText = try String(contentsOfFile: configPath, encoding: .utf8)
    XCTAssertFalse(configText.contains((endpoint["credentials"] as? [String: String])?["password"] ?? "?"),
                   "the config names secrets, it does not hold them")
    environment["MLC_CONFIG"] = configPath
    let check = try ProcessRunner.run(BuildProducts.mlc, ["check", "epicor"], environment: environment,
                                      directory: deployment.directory.path)
    XCTAssertEqual(check.status, 0, check.stderr)
    XCTAssertTrue(check.stdout.contains("epicor: ok"), check.stdout)

    kill(process.processIdentifier, SIGTERM)
    let stop = Date().addingTimeInterval(10)
    while process.isRunning && Date() < stop { usleep(20_000) }
    XCTAssertFalse(process.isRunning, "mlc sandbox ignored SIGTERM")
  }
}
