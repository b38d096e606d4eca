import Foundation
import TestKit
import XCTest

/// A throwaway deployment for end-to-end tests: a plugin directory with the real Swift
/// generator `.so` and the C JSON Lines example built with `cc`, a config, and `mlc` runs.
final class TestDeployment {
  let directory: TemporaryDirectory
  var pluginDirectory: String { directory.file("plugins") }
  var outputDirectory: String { directory.file("out") }

  init() throws {
    directory = try TemporaryDirectory(prefix: "mlc-e2e")
    try FileManager.default.createDirectory(atPath: pluginDirectory, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: BuildProducts.library("generator"),
                                     toPath: directory.file("plugins/libmlc-generator.so"))
    try CPlugin.buildJSONLExample(output: directory.file("plugins/libmlc-jsonl.so"))
  }

  /// Writes `mlc.json` for a generator → JSON Lines flow named `gen-to-files`.
  func writeConfig(count: Int, epoch: Int = 0, changeRate: Double = 0.01, pageSize: Int = 500) throws {
    try directory.write("mlc.json", """
      {"plugin_dir": "plugins", "state_dir": "state", "enabled": ["generator", "jsonl"],
       "connections": {
         "erp": {"plugin": "generator", "config": {"count": \(count), "seed": 3, "epoch": \(epoch), "change_rate": \(changeRate)}},
         "files": {"plugin": "jsonl", "config": {"dir": "out", "mode": "upsert"}}},
       "flows": [{"name": "gen-to-files", "source": "erp", "sink": "files", "page_size": \(pageSize)}]}
      """)
  }

  @discardableResult
  func mlc(_ arguments: String..., expect status: Int32? = 0, file: StaticString = #filePath, line: UInt = #line) throws -> ProcessRunner.Result {
    let result = try ProcessRunner.run(BuildProducts.mlc, arguments, environment: environment, directory: directory.path)
    if let status {
      XCTAssertEqual(result.status, status, "mlc \(arguments.joined(separator: " ")) stderr: \(result.stderr)", file: file, line: line)
    }
    return result
  }

  var environment: [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["MLC_CONFIG"] = directory.file("mlc.json")
    environment.removeValue(forKey: "MLC_LOG")
    return environment
  }

  /// The keys in `out/<entity>.jsonl`, in file order.
  func deliveredKeys(_ entity: String) throws -> [String] {
    let path = URL(fileURLWithPath: outputDirectory).appendingPathComponent("\(entity).jsonl").path
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return try text.split(separator: "\n").map { line in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      return object?["key"] as? String ?? "?"
    }
  }

  static func json(_ text: String) throws -> [String: Any] {
    try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
  }

  /// Per-entity counts from a `mlc sync --json` summary.
  static func counts(_ summary: [String: Any], _ field: String) -> [String: Int] {
    var result: [String: Int] = [:]
    for entity in summary["entities"] as? [[String: Any]] ?? [] {
      result[entity["entity"] as? String ?? "?"] = entity[field] as? Int
    }
    return result
  }
}
