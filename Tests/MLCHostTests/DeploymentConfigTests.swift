import TestKit
import XCTest
@testable import MLCHost

final class DeploymentConfigTests: XCTestCase {
  private func load(_ text: String) throws -> DeploymentConfig {
    let directory = try TemporaryDirectory()
    return try withExtendedLifetime(directory) { try DeploymentConfig.load(path: try directory.write("mlc.json", text)) }
  }

  private func assertError(_ text: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try load(text), file: file, line: line) { error in
      XCTAssertTrue("\(error)".hasSuffix(expected), "got: \(error)", file: file, line: line)
    }
  }

  private let valid = """
    {"plugin_dir":"p","state_dir":"s","enabled":["generator","jsonl"],
     "connections":{"gen":{"plugin":"generator","config":{"count":5}},"out":{"plugin":"jsonl","config":{"dir":"out"}}},
     "flows":[{"name":"demo","source":"gen","sink":"out","entities":["purchase_order","vendor"],"page_size":100}]}
    """

  func testValidConfigResolvesPathsAndOrdersEntities() throws {
    let config = try load(valid)
    XCTAssertTrue(config.pluginDirectory.hasSuffix("/p"))
    XCTAssertTrue(config.stateDirectory.hasSuffix("/s"))
    XCTAssertEqual(config.flows[0].entities, ["vendor", "purchase_order"])
    XCTAssertEqual(config.flows[0].pageSize, 100)
    XCTAssertEqual(String(decoding: config.connections["gen"]!.pluginConfig, as: UTF8.self), #"{"count":5}"#)
  }

  func testErrorsNameTheJSONPathOfTheBadValue() {
    assertError(valid.replacingOccurrences(of: #"[{"name":"demo""#, with: #"[{"name":"a","source":"gen","sink":"out"},{"name":"demo""#)
      .replacingOccurrences(of: #""sink":"out","entities""#, with: #""sink":"snow","entities""#),
                #"flows[1].sink: no connection named "snow""#)
    assertError(valid.replacingOccurrences(of: "\"vendor\"]", with: "\"vendors\"]"), #"flows[0].entities[1]: unknown entity "vendors"; expected one of gl_account, cost_center, vendor, part, purchase_order, ap_invoice, ap_payment, procurement_request"#)
    assertError(valid.replacingOccurrences(of: #"["generator","jsonl"]"#, with: #"["jsonl"]"#),
                #"connections.gen.plugin: plugin "generator" is not enabled; add it to "enabled""#)
    assertError(valid.replacingOccurrences(of: #""page_size":100"#, with: #""page_size":"big""#), "flows[0].page_size: must be an integer, got a string")
    assertError(valid.replacingOccurrences(of: #""page_size":100"#, with: #""pagesize":100"#), "flows[0].pagesize: unknown setting; expected one of comment, entities, mapping_seeds, name, page_size, schedule_seconds, sink, source")
    assertError(valid.replacingOccurrences(of: #""config":{"count":5}"#, with: #""base_url":"ftp://x""#), #"connections.gen.base_url: must be an http(s) URL with a host, got "ftp://x""#)
    assertError(#"{"flows":[{"name":"x"}]}"#, "flows[0].source: is required")
    assertError("{\n \"flows\": [],\n x}", "not valid JSON: invalid value at line 3, column 2")
  }

  func testMissingFileSaysHowToPointAtOne() {
    XCTAssertThrowsError(try DeploymentConfig.load(path: "/nonexistent/mlc.json")) { error in
      XCTAssertTrue("\(error)".contains("pass --config FILE or set MLC_CONFIG"), "\(error)")
    }
  }

  func testConfigPathPrecedence() {
    XCTAssertEqual(DeploymentConfig.resolvePath(explicit: "a.json", environment: ["MLC_CONFIG": "b.json"]), "a.json")
    XCTAssertEqual(DeploymentConfig.resolvePath(explicit: nil, environment: ["MLC_CONFIG": "b.json"]), "b.json")
    XCTAssertEqual(DeploymentConfig.resolvePath(explicit: nil, environment: [:]), "mlc.json")
  }
}
