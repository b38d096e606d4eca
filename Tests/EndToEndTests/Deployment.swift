import Foundation
import TestKit

/// The generator → JSON Lines deployment most end-to-end tests use.
extension MLCTestDeployment {
  static func generatorToFiles() throws -> MLCTestDeployment {
    try MLCTestDeployment(swiftPlugins: ["generator"])
  }

  var outputDirectory: String { directory.file("out") }

  /// Writes `mlc.json` for a generator → JSON Lines flow named `gen-to-files`.
  func writeConfig(count: Int, epoch: Int = 0, changeRate: Double = 0.01, pageSize: Int = 500) throws {
    try writeConfig([
      "plugin_dir": "plugins", "state_dir": "state", "enabled": ["generator", "jsonl"],
      "connections": [
        "erp": ["plugin": "generator", "config": ["count": count, "seed": 3, "epoch": epoch, "change_rate": changeRate]],
        "files": ["plugin": "jsonl", "config": ["dir": "out", "mode": "upsert"]],
      ],
      "flows": [["name": "gen-to-files", "source": "erp", "sink": "files", "page_size": pageSize]],
    ])
  }
}
