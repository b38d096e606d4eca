import Foundation
import TestKit
import XCTest

/// Held records and dead letters through the command line: listed with their reason,
/// released by a mapping or replayed on demand, every outcome audited.
final class ReplayEndToEndTests: XCTestCase {
  private var deployment: MLCTestDeployment!

  override func setUpWithError() throws {
    deployment = try MLCTestDeployment(swiftPlugins: [], jsonl: true)
    try CPlugin.buildFixture(output: deployment.directory.file("plugins/libmlc-fixture.so"))
    let records = [
      #"{"entity":"vendor","key":"V1","updated_at":"2026-01-01T00:00:01Z","data":{"name":"ok"}}"#,
      #"{"entity":"vendor","key":"V7","updated_at":"2026-01-01T00:00:02Z","data":{"force":"map"}}"#,
      #"{"entity":"vendor","key":"V9","updated_at":"2026-01-01T00:00:03Z","data":{"force":"retry-once"}}"#,
    ]
    try deployment.directory.write("in/vendor.jsonl", records.joined(separator: "\n") + "\n")
    try deployment.writeConfig([
      "plugin_dir": "plugins", "state_dir": "state", "enabled": ["fixture", "jsonl"],
      "connections": [
        "target": ["plugin": "fixture", "config": ["output": deployment.directory.file("target.jsonl")]],
        "files": ["plugin": "jsonl", "config": ["dir": "in"]],
      ],
      "flows": [["name": "files-to-target", "source": "files", "sink": "target", "page_size": 10]],
    ])
  }

  func testHeldRecordIsListedThenReleasedByMapSetAndReplay() throws {
    let first = try deployment.sync("files-to-target")
    XCTAssertEqual(MLCTestDeployment.counts(first, "held")["vendor"], 1)
    XCTAssertEqual(MLCTestDeployment.counts(first, "written")["vendor"], 2)

    let held = try MLCTestDeployment.json(try deployment.mlc("held", "--json").stdout)
    let rows = try XCTUnwrap(held["records"] as? [[String: Any]])
    XCTAssertEqual(rows.map { $0["source_key"] as? String }, ["V7"])
    XCTAssertEqual(rows.first?["reason"] as? String, "mapping table fixture_map has no row for V7")
    XCTAssertTrue(try deployment.mlc("held").stdout.contains("mlc map set"))

    XCTAssertTrue(try deployment.mlc("map", "set", "fixture_map", "V7", "SUP-0042").stdout.contains("1 held records mention V7"))
    let mappings = try MLCTestDeployment.json(try deployment.mlc("map", "list", "--json").stdout)
    XCTAssertEqual((mappings["mappings"] as? [[String: Any]])?.first?["target"] as? String, "SUP-0042")

    let replay = try MLCTestDeployment.json(try deployment.mlc("replay", "--held", "--json").stdout)
    XCTAssertEqual(replay["replayed"] as? Int, 1)
    XCTAssertEqual(try MLCTestDeployment.json(try deployment.mlc("held", "--json").stdout)["count"] as? Int, 0)
    let audit = try MLCTestDeployment.json(try deployment.mlc("audit", "--key", "V7", "--json").stdout)
    let outcomes = (audit["rows"] as? [[String: Any]])?.map { "\($0["outcome"] ?? "")→\($0["target_key"] ?? "-")" }
    XCTAssertEqual(outcomes, ["inserted→SUP-0042", "held→-"])
    XCTAssertEqual(try MLCTestDeployment.json(try deployment.mlc("replay", "--held", "--json").stdout)["replayed"] as? Int, 0)
  }

  /// `mlc dead-letters --json` carries each record's payload as the source emitted it, with
  /// the field names the README lists.
  func testDeadLettersJSONCarriesThePayload() throws {
    let rejected = #"{"entity":"vendor","key":"V4","updated_at":"2026-01-01T00:00:04Z","data":{"force":"failed","name":"Müller"}}"#
    try deployment.directory.write("in/vendor.jsonl", rejected + "\n")
    _ = try deployment.sync("files-to-target")
    let listing = try MLCTestDeployment.json(try deployment.mlc("dead-letters", "--json").stdout)
    let row = try XCTUnwrap((listing["records"] as? [[String: Any]])?.first)
    XCTAssertEqual(Set(row.keys), ["id", "flow", "entity", "source_key", "kind", "reason", "attempts", "updated_at", "payload"])
    XCTAssertEqual(row["kind"] as? String, "dead_letter")
    XCTAssertEqual(row["reason"] as? String, "forced failure")
    let payload = try XCTUnwrap(row["payload"] as? [String: Any])
    XCTAssertEqual(payload["key"] as? String, "V4")
    XCTAssertEqual((payload["data"] as? [String: Any])?["name"] as? String, "Müller")
  }

  func testReplayNeedsExactlyOneSelectorAndNamesUnknownIDs() throws {
    XCTAssertTrue(try deployment.mlc("replay", expect: 64).stderr.contains("exactly one of --id N, --dead-letters, --held"))
    XCTAssertTrue(try deployment.mlc("replay", "--held", "--all-failed", expect: 64).stderr.contains("exactly one"))
    _ = try deployment.sync("files-to-target")
    XCTAssertTrue(try deployment.mlc("replay", "--id", "999", expect: 1).stderr.contains("no parked record #999"))
    XCTAssertTrue(try deployment.mlc("map", "rm", "fixture_map", "nope", expect: 1).stderr.contains("has no mapping"))
  }
}
