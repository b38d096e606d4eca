import Foundation
import TestKit
import XCTest

/// Secrets through the real binary: stored encrypted, attached by the host, and never
/// visible in output, errors, logs, the audit or the state files, even when a server echoes
/// the credentials back in an error body.
final class SecretsEndToEndTests: XCTestCase {
  private let password = "s3cr3t-Pa55word!"
  private var server: ScriptedServer!
  private var deployment: MLCTestDeployment!
  private var port: UInt16 = 0

  override func setUpWithError() throws {
    server = ScriptedServer()
    // A careless server that quotes the request's credentials in its error body.
    server.route("GET", "/api/probe") { [password] request in
      let authorization = request.header("authorization") ?? "none"
      return .json(403, #"{"error":"denied for \#(authorization) (password \#(password))"}"#)
    }
    port = try server.start()
    deployment = try MLCTestDeployment(swiftPlugins: [], jsonl: true)
    try CPlugin.buildFixture(output: deployment.directory.file("plugins/libmlc-fixture.so"))
    try deployment.directory.write("input.jsonl", #"{"entity":"vendor","key":"V1","updated_at":"2026-01-01T00:00:00Z","data":{"force":"probe"}}"# + "\n")
    try deployment.writeConfig([
      "plugin_dir": "plugins", "state_dir": "state", "enabled": ["fixture", "jsonl"],
      "connections": [
        "api": ["plugin": "fixture", "base_url": "http://127.0.0.1:\(port)/api/",
                "config": ["probe": "probe", "output": deployment.directory.file("sink.jsonl")],
                "auth": ["profile": "basic", "username_secret": "api-user", "password_secret": "api-pass"]],
        "files": ["plugin": "jsonl", "config": ["dir": "in"]],
      ],
      "flows": [["name": "to-api", "source": "files", "sink": "api"]],
    ])
    try FileManager.default.createDirectory(atPath: deployment.directory.file("in"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: deployment.directory.file("input.jsonl"), toPath: deployment.directory.file("in/vendor.jsonl"))
  }

  override func tearDown() {
    server.stop()
  }

  private var basicHeaderValue: String { Data("alice:\(password)".utf8).base64EncodedString() }

  private func assertNoSecret(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertFalse(text.contains(password), "\(what) shows the password: \(text)", file: file, line: line)
    XCTAssertFalse(text.contains(basicHeaderValue), "\(what) shows the Basic credentials: \(text)", file: file, line: line)
  }

  func testSecretsAreAttachedByTheHostAndNeverShownAnywhere() throws {
    try deployment.setSecret("api-user", "alice")
    try deployment.mlc(["secret", "set", "api-pass"], stdin: password + "\n")

    let list = try MLCTestDeployment.json(try deployment.mlc("secret", "list", "--json").stdout)
    XCTAssertEqual((list["secrets"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["api-pass", "api-user"])

    let check = try deployment.mlc("check", "api", "--verbose", expect: 1)
    XCTAssertEqual(server.requests(to: "/api/probe").first?.header("authorization"), "Basic \(basicHeaderValue)",
                   "the host attached the stored credentials, newline stripped")
    XCTAssertTrue(check.stderr.contains("probe answered 403"), check.stderr)
    XCTAssertTrue(check.stderr.contains("[redacted"), check.stderr)
    assertNoSecret(check.stdout + check.stderr, "mlc check")

    let sync = try deployment.mlc("sync", "to-api", "--json", "--verbose")
    assertNoSecret(sync.stdout + sync.stderr, "mlc sync")
    let audit = try deployment.mlc("audit", "--json", "--limit", "0")
    XCTAssertTrue(audit.stdout.contains("probe answered 403"), audit.stdout)
    assertNoSecret(audit.stdout, "the audit")
    assertNoSecret(try deployment.mlc("dead-letters", "--json").stdout, "the dead letters")

    let stateFiles = try FileManager.default.contentsOfDirectory(atPath: deployment.directory.file("state")).filter { $0.hasPrefix("state.db") }
    XCTAssertTrue(stateFiles.contains("state.db"))
    for name in stateFiles {
      let bytes = try Data(contentsOf: URL(fileURLWithPath: deployment.directory.file("state/\(name)")))
      XCTAssertNil(bytes.range(of: Data(password.utf8)), "state/\(name) holds the password in plaintext")
      XCTAssertNil(bytes.range(of: Data(basicHeaderValue.utf8)), "state/\(name) holds the Basic credentials")
    }
  }

  func testWrongMasterKeyIsAClearErrorAndOverwritesNothing() throws {
    try deployment.setSecret("api-pass", password)
    var environment = deployment.environment
    environment["MLC_MASTER_KEY"] = Data(repeating: 7, count: 32).base64EncodedString()
    let wrong = try ProcessRunner.run(BuildProducts.mlc, ["secret", "set", "api-pass"], environment: environment,
                                      directory: deployment.directory.path, stdin: "overwritten")
    XCTAssertEqual(wrong.status, 1)
    XCTAssertTrue(wrong.stderr.contains("master key"), wrong.stderr)
    let read = try ProcessRunner.run(BuildProducts.mlc, ["check", "api"], environment: environment, directory: deployment.directory.path)
    XCTAssertEqual(read.status, 1)
    XCTAssertTrue(read.stderr.contains("master key"), read.stderr)

    try deployment.setSecret("api-user", "alice")
    _ = try deployment.mlc("check", "api", expect: 1)
    XCTAssertEqual(server.requests(to: "/api/probe").last?.header("authorization"), "Basic \(basicHeaderValue)",
                   "the stored password survived the attempt with the wrong key")
  }
}
