import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MLCSandboxKit
import ServiceNowSandbox
import TestKit
import XCTest

/// A ServiceNow sandbox on 127.0.0.1 and a throwaway deployment of the real `mlc` with
/// `libmlc-servicenow.so`, the generator and the C JSON Lines connector, wired together.
///
/// The `snow` connection authenticates the way the issue asks: OAuth2 client credentials at
/// `oauth_token.do`, falling back to Basic where the grant is not enabled (the sandbox's
/// default, as on a real instance). Its HTTP limits are opened up and its retry backoff
/// shortened so injected faults cost milliseconds, not seconds.
final class ServiceNowConnectorFixture {
  let sandbox: ServiceNowSandbox
  let endpoint: SandboxEndpoint
  let deployment: MLCTestDeployment

  /// Starts a sandbox with `requisitions` seeded requisitions, `settings` and `faults`, and
  /// stores the sandbox's credentials in the deployment's vault.
  init(requisitions: Int = 0, settings: [String: String] = [:], faults: String = "", seed: UInt64 = 7) throws {
    sandbox = try ServiceNowSandbox(options: SandboxOptions(records: requisitions, seed: seed,
                                                            faults: try FaultPlan(parsing: faults), settings: settings))
    endpoint = try sandbox.start()
    deployment = try MLCTestDeployment(swiftPlugins: ["generator", "servicenow"])
    try writeConfig([:], flows: [])  // The vault lives in the config's state directory.
    try storeSecrets()
  }

  /// Puts the sandbox's credentials in the vault, as `mlc secret set` would.
  func storeSecrets() throws {
    try deployment.setSecret("sn_client_id", endpoint.credentials["client_id"] ?? "")
    try deployment.setSecret("sn_client_secret", endpoint.credentials["client_secret"] ?? "")
    try deployment.setSecret("sn_user", endpoint.credentials["username"] ?? "")
    try deployment.setSecret("sn_password", endpoint.credentials["password"] ?? "")
  }

  /// Deletes the host's state (cursors, audit, id map, vault) and stores the secrets again:
  /// a deployment that lost its state directory and re-sends everything.
  func wipeHostState() throws {
    try FileManager.default.removeItem(atPath: deployment.directory.file("state"))
    try storeSecrets()
  }

  deinit { sandbox.stop() }

  /// Client credentials with a Basic fallback.
  static var fallbackAuth: [String: Any] {
    [
      "profile": "oauth2_client_credentials", "token_url": "oauth_token.do",
      "client_id_secret": "sn_client_id", "client_secret_secret": "sn_client_secret",
      "fallback": ["profile": "basic", "username_secret": "sn_user", "password_secret": "sn_password"],
    ]
  }

  /// The `snow` connection with plugin `config` and `auth`.
  func snow(_ config: [String: Any], auth: [String: Any] = fallbackAuth) -> [String: Any] {
    ["plugin": "servicenow", "base_url": endpoint.baseURL, "config": config, "auth": auth,
     "http": ["max_concurrent": 4, "requests_per_second": 5000, "burst": 500, "max_attempts": 10,
              "retry_base_seconds": 0.005, "retry_cap_seconds": 0.02]]
  }

  /// Writes `mlc.json` with these connections and flows.
  func writeConfig(_ connections: [String: Any], flows: [[String: Any]]) throws {
    try deployment.writeConfig([
      "plugin_dir": "plugins", "state_dir": "state", "enabled": ["generator", "jsonl", "servicenow"],
      "connections": connections, "flows": flows,
    ])
  }

  /// Runs `mlc sync FLOW --json` and fails the test unless the run went to the end
  /// ("succeeded", or "incomplete" when records were held or dead-lettered).
  func sync(_ flow: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
    let summary = try deployment.sync(flow)
    XCTAssertTrue(["succeeded", "incomplete"].contains(summary["status"] as? String ?? ""), "\(summary)", file: file, line: line)
    return summary
  }

  /// One count of a sync summary per entity (`read`, `written`, `updated`, ...).
  static func counts(_ summary: [String: Any], _ field: String) -> [String: Int] {
    MLCTestDeployment.counts(summary, field)
  }

  /// Rows of `table` whose `field` starts with `prefix` (the generator's keys start `GEN/`).
  func rows(_ table: String, _ field: String, prefix: String) -> [[String: String]] {
    sandbox.rows(table).filter { ($0[field] ?? "").hasPrefix(prefix) }
  }

  /// Sends one Table API request to the sandbox with Basic auth, as an admin would change a
  /// record by hand; returns the status.
  @discardableResult
  func tableRequest(_ method: String, _ path: String, body: [String: String]) throws -> Int {
    var request = URLRequest(url: URL(string: endpoint.baseURL + path)!)
    request.httpMethod = method
    request.httpBody = try JSONSerialization.data(withJSONObject: body)
    request.setValue("application/json", forHTTPHeaderField: "Accept")
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    let pair = "\(endpoint.credentials["username"] ?? ""):\(endpoint.credentials["password"] ?? "")"
    request.setValue("Basic " + Data(pair.utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
    let done = DispatchSemaphore(value: 0)
    let status = StatusBox()
    URLSession.shared.dataTask(with: request) { _, response, _ in
      status.value = (response as? HTTPURLResponse)?.statusCode ?? 0
      done.signal()
    }.resume()
    done.wait()
    return status.value
  }

  /// The status a URLSession callback hands back to the waiting test thread.
  private final class StatusBox: @unchecked Sendable {
    var value = 0
  }
}
