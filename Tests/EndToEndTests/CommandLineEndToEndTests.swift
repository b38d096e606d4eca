import Foundation
import TestKit
import XCTest

/// What a person or script sees at the command line: help, exit codes, JSON, errors.
final class CommandLineEndToEndTests: XCTestCase {
  func testHelpVersionAndUsageErrors() throws {
    let deployment = try MLCTestDeployment.generatorToFiles()
    XCTAssertTrue(try deployment.mlc("--help").stdout.contains("USAGE: mlc <command>"))
    XCTAssertTrue(try deployment.mlc("--version").stdout.hasPrefix("mlc "))
    for command in ["plugins", "check", "sync", "audit"] {
      XCTAssertTrue(try deployment.mlc(command, "--help").stdout.contains("USAGE: mlc \(command)"), command)
    }
    XCTAssertTrue(try deployment.mlc(expect: 64).stderr.contains("USAGE"))
    XCTAssertTrue(try deployment.mlc("frobnicate", expect: 64).stderr.contains("unknown command \"frobnicate\""))
    XCTAssertTrue(try deployment.mlc("sync", expect: 64).stderr.contains("expected one FLOW name"))
    XCTAssertTrue(try deployment.mlc("audit", "--bogus", expect: 64).stderr.contains("unknown option --bogus"))
    XCTAssertTrue(try deployment.mlc("audit", "--status", "lost", expect: 64).stderr.contains("--status must be one of"))
  }

  func testPluginsJSONListsLoadedDisabledAndRefusedFiles() throws {
    let deployment = try MLCTestDeployment.generatorToFiles()
    try deployment.directory.write("plugins/x.so", "not a library")
    try deployment.directory.write("mlc.json", #"{"plugin_dir":"plugins","enabled":["jsonl"]}"#)
    let result = try deployment.mlc("plugins", "--json")
    let json = try MLCTestDeployment.json(result.stdout)
    let plugins = try XCTUnwrap(json["plugins"] as? [[String: Any]])
    XCTAssertEqual(plugins.map { $0["name"] as? String }, ["jsonl"])
    XCTAssertEqual(plugins.first?["abi"] as? String, "2.0")
    XCTAssertEqual(plugins.first?["path"] as? String, deployment.directory.file("plugins/libmlc-jsonl.so"))
    XCTAssertEqual((plugins.first?["entities"] as? [String: [String]])?["write"]?.count, 8)
    let schema = try XCTUnwrap(plugins.first?["config_schema"] as? [String: Any], "the manifest's config_schema is shown")
    XCTAssertEqual(schema["required"] as? [String], ["dir"])
    XCTAssertEqual((json["disabled"] as? [[String: Any]])?.map { $0["name"] as? String }, ["generator"])
    let refused = try XCTUnwrap(json["refused"] as? [[String: Any]])
    XCTAssertEqual(refused.map { $0["path"] as? String }, [deployment.directory.file("plugins/x.so")])
    XCTAssertTrue((refused.first?["reason"] as? String)?.hasPrefix("not a loadable shared library") ?? false)
  }

  func testInvalidConfigNamesTheJSONPathAndExitsOne() throws {
    let deployment = try MLCTestDeployment.generatorToFiles()
    try deployment.directory.write("mlc.json", """
      {"enabled":["generator","jsonl"],
       "connections":{"erp":{"plugin":"generator"},"files":{"plugin":"jsonl","config":{"dir":"out"}}},
       "flows":[{"name":"a","source":"erp","sink":"files"},{"name":"b","source":"erp","sink":"snow"}]}
      """)
    let result = try deployment.mlc("sync", "a", expect: 1)
    XCTAssertTrue(result.stderr.contains(#"mlc.json: flows[1].sink: no connection named "snow""#), result.stderr)
  }

  func testCheckReportsEachConnection() throws {
    let deployment = try MLCTestDeployment.generatorToFiles()
    try deployment.writeConfig(count: 10)
    let files = try MLCTestDeployment.json(try deployment.mlc("check", "files", "--json").stdout)
    XCTAssertEqual(files["ok"] as? Bool, true)
    XCTAssertTrue(try deployment.mlc("check", "erp").stdout.hasPrefix("erp: ok: "))
    XCTAssertTrue(try deployment.mlc("check", "nowhere", expect: 1).stderr.contains(#"no connection named "nowhere""#))
  }

  /// A script reading `mlc check --json` gets `{"ok":false,"error":…}` whatever went wrong,
  /// a refused plugin included.
  func testCheckJSONSaysNotOKWhenThePluginWasRefused() throws {
    let deployment = try MLCTestDeployment.generatorToFiles()
    try FileManager.default.copyItem(atPath: deployment.directory.file("plugins/libmlc-jsonl.so"),
                                     toPath: deployment.directory.file("plugins/libmlc-twin.so"))
    try deployment.writeConfig(count: 10)
    let result = try deployment.mlc("check", "files", "--json", expect: 1)
    let json = try MLCTestDeployment.json(result.stdout)
    XCTAssertEqual(json["ok"] as? Bool, false)
    XCTAssertEqual(json["connection"] as? String, "files")
    XCTAssertTrue((json["error"] as? String)?.contains(#"a connector named "jsonl" is also declared by"#) ?? false, result.stdout)
  }
}

/// A plugin that refuses its config is reported, not a crash.
final class PluginConfigErrorEndToEndTests: XCTestCase {
  func testBadPluginConfigIsAnErrorNamingTheFieldAndExitsOne() throws {
    let deployment = try MLCTestDeployment.generatorToFiles()
    try deployment.writeConfig([
      "plugin_dir": "plugins", "state_dir": "state", "enabled": ["generator", "jsonl"],
      "connections": [
        "erp": ["plugin": "generator", "config": ["count": -5]],
        "files": ["plugin": "jsonl", "config": ["dir": "out"]],
      ],
      "flows": [["name": "f", "source": "erp", "sink": "files"]],
    ])
    let check = try deployment.mlc("check", "erp", expect: 1)
    XCTAssertTrue(check.stderr.contains("count"), check.stderr)
    let sync = try deployment.mlc("sync", "f", expect: 1)
    XCTAssertTrue(sync.stderr.contains("count"), sync.stderr)
    XCTAssertTrue(sync.stderr.contains(#"connection "erp" (plugin generator): open"#), sync.stderr)
  }
}
