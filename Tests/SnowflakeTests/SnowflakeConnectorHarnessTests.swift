import Foundation
import MLCSandboxKit
import SnowflakeSandbox
import TestKit
import XCTest

/// The Snowflake sandbox on 127.0.0.1 (system clock, since the real `mlc` signs JWTs with
/// the real time) and a deployment of the real `mlc` with `libmlc-snowflake.so`, the
/// generator and the C jsonl connector, for the connector's end-to-end tests.
///
/// The sandbox hands out the user's private key PEM and a programmatic access token; both go
/// into the vault with `mlc secret set`, as a person would store them.
final class SnowflakeSinkHarness {
  /// One RSA key per test process: generating 2048-bit keys is the slow part.
  static let key: SnowflakeKeyPair = try! SnowflakeKeyPair.generate()
  static let entities = ["gl_account", "cost_center", "vendor", "part", "purchase_order", "ap_invoice", "ap_payment"]

  enum Auth { case keyPair, accessToken }

  let sandbox: SnowflakeSandbox
  let endpoint: SandboxEndpoint
  let deployment: MLCTestDeployment
  /// `mlc secret set` needs a config, so the secrets go in with the first one.
  private var secretsStored = false

  init(settings: [String: String] = [:]) throws {
    var all = settings
    all["private_key_pem"] = Self.key.privateKeyPEM
    sandbox = try SnowflakeSandbox(options: SandboxOptions(seed: 7, settings: all))
    endpoint = try sandbox.start()
    deployment = try MLCTestDeployment(swiftPlugins: ["generator", "snowflake"])
  }

  deinit { sandbox.stop() }

  /// Writes `mlc.json`: flow `load` (generator → snowflake) and `export` (the same generator
  /// → jsonl files in `out/`, to compare against), plus `import` (jsonl files in `in/` →
  /// snowflake).
  func configure(count: Int = 12, epoch: Int = 0, changeRate: Double = 0.2, auth: Auth = .keyPair,
                 sink extra: [String: Any] = [:], http extraHTTP: [String: Any] = [:], pageSize: Int = 500,
                 entities: [String] = SnowflakeSinkHarness.entities, imports: [String] = ["vendor"]) throws {
    // The shape `mlc sandbox --write-config` writes, with the database spelt in lower case
    // as a user might: unquoted, it means the same.
    var sinkConfig: [String: Any] = ["account": sandbox.account, "user": sandbox.user, "warehouse": sandbox.warehouseName,
                                     "database": sandbox.database.lowercased(), "schema": sandbox.schema, "role": sandbox.role]
    sinkConfig.merge(extra) { $1 }
    let authProfile: [String: Any]
    switch auth {
    case .keyPair:
      authProfile = ["profile": "snowflake_keypair_jwt", "account": sandbox.account.lowercased(), "user": sandbox.user,
                     "private_key_secret": "sf_private_key"]
    case .accessToken:
      authProfile = ["profile": "bearer_token", "token_secret": "sf_pat",
                     "token_type_header": ["name": "X-Snowflake-Authorization-Token-Type", "value": "PROGRAMMATIC_ACCESS_TOKEN"]]
    }
    var http: [String: Any] = ["requests_per_second": 10_000, "burst": 1000, "retry_base_seconds": 0.01, "retry_cap_seconds": 0.05]
    http.merge(extraHTTP) { $1 }
    let generator: [String: Any] = ["count": count, "seed": 7, "epoch": epoch, "change_rate": changeRate]
    try deployment.writeConfig([
      "plugin_dir": "plugins", "state_dir": "state", "enabled": ["generator", "snowflake", "jsonl"],
      "connections": [
        "gen": ["plugin": "generator", "config": generator],
        "files": ["plugin": "jsonl", "config": ["dir": "out"]],
        "inbox": ["plugin": "jsonl", "config": ["dir": "in"]],
        "sf": ["plugin": "snowflake", "base_url": endpoint.baseURL, "config": sinkConfig, "auth": authProfile, "http": http],
      ],
      "flows": [
        ["name": "load", "source": "gen", "sink": "sf", "entities": entities, "page_size": pageSize],
        ["name": "export", "source": "gen", "sink": "files", "entities": entities, "page_size": pageSize],
        ["name": "import", "source": "inbox", "sink": "sf", "entities": imports, "page_size": pageSize],
      ],
    ])
    if !secretsStored {
      try deployment.setSecret("sf_private_key", try XCTUnwrap(endpoint.credentials["private_key_pem"]))
      try deployment.setSecret("sf_pat", try XCTUnwrap(endpoint.credentials["programmatic_access_token"]))
      secretsStored = true
    }
  }

  /// Writes `in/<entity>.jsonl`, the `import` flow's source, one record per line.
  func writeInbox(_ entity: String, _ records: [[String: Any]]) throws {
    let lines = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
    try FileManager.default.createDirectory(atPath: deployment.directory.file("in"), withIntermediateDirectories: true)
    _ = try deployment.directory.write("in/\(entity).jsonl", lines.joined(separator: "\n") + "\n")
  }

  /// Runs SQL on the sandbox's store directly; values as the SQL API encodes them.
  func query(_ sql: String) throws -> [[String?]] {
    try sandbox.query(sql).rows
  }

  /// `SELECT COUNT(*)` of a table.
  func count(_ table: String) throws -> Int {
    Int(try query("SELECT COUNT(*) FROM \(table)").first?.first.flatMap { $0 } ?? "") ?? -1
  }

  /// Keys that occur more than once in `columns` of `table` (nothing, when MERGE held).
  func duplicates(_ table: String, _ columns: String) throws -> [[String?]] {
    try query("SELECT \(columns), COUNT(*) FROM \(table) GROUP BY \(columns) HAVING COUNT(*) > 1")
  }

  /// One row of `table` by `SOURCE_KEY`, as column name → value.
  func row(_ table: String, key: String, keyColumn: String = "SOURCE_KEY") throws -> [String: String?] {
    let result = try sandbox.query("SELECT * FROM \(table) WHERE \(keyColumn) = ?", bindings: [("TEXT", key)])
    guard let first = result.rows.first else { return [:] }
    return Dictionary(uniqueKeysWithValues: zip(result.columns, first))
  }

  /// Per-entity counts of a `mlc sync --json` summary field.
  static func counts(_ summary: [String: Any], _ field: String) -> [String: Int] {
    MLCTestDeployment.counts(summary, field)
  }
}

/// Decoding the SQL API's `jsonv2` values the way a user reading the tables would compare them.
enum SnowflakeValue {
  /// A DATE ("days since the epoch") as `YYYY-MM-DD`.
  static func date(_ text: String?) -> String? {
    guard let text, let days = Int(text) else { return nil }
    let formatter = DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(days) * 86_400))
  }

  /// A TIMESTAMP_TZ ("seconds.fraction offset") as Unix seconds.
  static func seconds(_ text: String?) -> Double? {
    guard let text, let first = text.split(separator: " ").first else { return nil }
    return Double(first)
  }

  /// A NUMBER as a Decimal, so "1122.6100" equals the canonical "1122.61".
  static func decimal(_ text: String?) -> Decimal? {
    text.flatMap { Decimal(string: $0) }
  }

  /// A VARIANT's JSON text parsed.
  static func json(_ text: String?) -> NSObject? {
    guard let text else { return nil }
    return try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? NSObject
  }
}
