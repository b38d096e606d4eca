import EpicorSandbox
import Foundation
import MLCSandboxKit
import TestKit
import XCTest

/// The real `mlc` binary with `libmlc-epicor.so` against an Epicor sandbox in this process,
/// and the JSON Lines connector on the other side: `epicor-to-files` reads every entity into
/// `out/`, `inbox-to-epicor` writes what a test puts in `in/` to Epicor.
final class EpicorConnectorDeployment {
  /// How the connection authenticates.
  enum Auth {
    case basic
    case tokenExchange
  }

  static let readEntities = ["gl_account", "cost_center", "vendor", "part", "purchase_order", "ap_invoice", "ap_payment"]
  /// The sandbox table behind each canonical entity.
  static let tables = ["gl_account": "GLAccount", "cost_center": "COASegValues", "vendor": "Vendor", "part": "Part",
                       "purchase_order": "POHeader", "ap_invoice": "APInvHed", "ap_payment": "CheckHed"]
  /// The request-count path of each entity's read (`Svc/EntitySet`, as the sandbox counts).
  static let readPaths = ["gl_account": "GLAccountSvc/GLAccounts", "cost_center": "COASegValuesSvc/COASegValues",
                          "vendor": "VendorSvc/Vendors", "part": "PartSvc/Parts", "purchase_order": "POSvc/POes",
                          "ap_invoice": "APInvoiceSvc/APInvoices", "ap_payment": "PaymentEntrySvc/PaymentEntries"]

  let sandbox: EpicorSandbox
  let endpoint: SandboxEndpoint
  let mlc: MLCTestDeployment

  init(records: Int = 300, seed: UInt64 = 7, settings: [String: String] = [:]) throws {
    sandbox = try EpicorSandbox(options: SandboxOptions(records: records, seed: seed, settings: settings))
    endpoint = try sandbox.start()
    mlc = try MLCTestDeployment(swiftPlugins: ["epicor"])
  }

  deinit {
    sandbox.stop()
  }

  var company: String { endpoint.settings["company"] ?? "EPIC06" }

  /// Writes `mlc.json` and stores the secrets. `config` entries override the connection's
  /// defaults; `apiKey: false` leaves the API key out of the auth profile; `baseURL`
  /// replaces the sandbox's.
  func configure(auth: Auth = .basic, config: [String: Any] = [:], pageSize: Int = 100, apiKey: Bool = true,
                 password: String? = nil, baseURL: String? = nil, http: [String: Any] = [:]) throws {
    var connection: [String: Any] = ["company": company, "cost_center_segment": 2]
    for (name, value) in config { connection[name] = value }
    var profile: [String: Any] = ["username_secret": "epicor-user", "password_secret": "epicor-password"]
    switch auth {
    case .basic: profile["profile"] = "basic"
    case .tokenExchange:
      profile["profile"] = "token_exchange"
      profile["refresh_skew_seconds"] = 0
    }
    if apiKey { profile["api_key"] = ["header": "x-api-key", "secret": "epicor-api-key"] }
    // Fast retries, and no request-rate cap (the Epicor default of 10/s would dominate).
    var limits: [String: Any] = ["retry_base_seconds": 0.01, "retry_cap_seconds": 0.05, "requests_per_second": 10_000,
                                 "burst": 1000, "max_attempts": 8]
    for (name, value) in http { limits[name] = value }
    try mlc.writeConfig([
      "plugin_dir": "plugins", "state_dir": "state", "enabled": ["epicor", "jsonl"],
      "connections": [
        "epicor": ["plugin": "epicor", "base_url": (baseURL ?? endpoint.baseURL) + "/", "config": connection,
                   "auth": profile, "http": limits],
        "files": ["plugin": "jsonl", "config": ["dir": "out", "mode": "upsert"]],
        "inbox": ["plugin": "jsonl", "config": ["dir": "in", "mode": "upsert"]],
      ],
      "flows": [
        ["name": "epicor-to-files", "source": "epicor", "sink": "files", "entities": Self.readEntities, "page_size": pageSize],
        ["name": "inbox-to-epicor", "source": "inbox", "sink": "epicor", "entities": ["vendor", "ap_invoice", "ap_payment"],
         "page_size": 50],
      ],
    ])
    try mlc.setSecret("epicor-user", endpoint.credentials["username"]!)
    try mlc.setSecret("epicor-password", password ?? endpoint.credentials["password"]!)
    try mlc.setSecret("epicor-api-key", endpoint.credentials["api_key"]!)
  }

  /// Runs `mlc sync FLOW --json` and returns the summary; fails the test unless the run went
  /// to the end ("succeeded", or "incomplete" when records were held or dead-lettered).
  @discardableResult
  func sync(_ flow: String = "epicor-to-files", full: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
    let summary = try mlc.sync(flow, full: full)
    XCTAssertTrue(["succeeded", "incomplete"].contains(summary["status"] as? String ?? ""), "\(summary["error"] ?? summary)",
                  file: file, line: line)
    return summary
  }

  /// Puts canonical records in `in/<entity>.jsonl` for `inbox-to-epicor`.
  func inbox(_ entity: String, _ records: [[String: Any]]) throws {
    try FileManager.default.createDirectory(atPath: mlc.directory.file("in"), withIntermediateDirectories: true)
    let lines = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
    try (lines.joined(separator: "\n") + "\n").write(toFile: mlc.directory.file("in/\(entity).jsonl"), atomically: true, encoding: .utf8)
  }

  /// The records `epicor-to-files` wrote for `entity`, by key.
  func output(_ entity: String) throws -> [String: [String: Any]] {
    var byKey: [String: [String: Any]] = [:]
    for record in try mlc.jsonlRecords(entity) { byKey[record["key"] as? String ?? "?"] = record }
    return byKey
  }

  /// The sandbox's request counts for the read paths only (method calls and look-ups excluded).
  var readCounts: [String: Int] {
    sandbox.requestCounts.filter { Self.readPaths.values.contains($0.key) }
  }
}
