import Foundation

/// A throwaway deployment for tests that run the real `mlc` binary: a plugin directory with
/// chosen connector libraries (Swift ones from the build, the C JSON Lines example built with
/// `cc`), a config, secrets set through `mlc secret set`, and helpers to read what landed.
public final class MLCTestDeployment: @unchecked Sendable {
  public let directory: TemporaryDirectory
  public var pluginDirectory: String { directory.file("plugins") }
  public var configPath: String { directory.file("mlc.json") }

  /// A run of `mlc` that ended with an unexpected status.
  public struct UnexpectedStatus: Error, CustomStringConvertible {
    public let description: String
  }

  /// `swiftPlugins`: connector names built by SwiftPM ("generator", "epicor", ...).
  public init(swiftPlugins: [String], jsonl: Bool = true) throws {
    directory = try TemporaryDirectory(prefix: "mlc-e2e")
    try FileManager.default.createDirectory(atPath: pluginDirectory, withIntermediateDirectories: true)
    for name in swiftPlugins {
      try FileManager.default.copyItem(atPath: BuildProducts.library(name), toPath: directory.file("plugins/libmlc-\(name).so"))
    }
    if jsonl { try CPlugin.buildJSONLExample(output: directory.file("plugins/libmlc-jsonl.so")) }
  }

  /// Writes `mlc.json` from a JSON object.
  public func writeConfig(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    try data.write(to: URL(fileURLWithPath: configPath))
  }

  /// The environment `mlc` runs with: this deployment's config and a fixed test master key.
  public var environment: [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["MLC_CONFIG"] = configPath
    environment["MLC_MASTER_KEY"] = "bWxjLXRlc3QtbWFzdGVyLWtleS0zMi1ieXRlcy0hISE="
    environment.removeValue(forKey: "MLC_LOG")
    return environment
  }

  /// Runs `mlc` in the deployment directory; throws when `expect` is set and not met.
  @discardableResult
  public func mlc(_ arguments: [String], stdin: String? = nil, expect: Int32? = 0) throws -> ProcessRunner.Result {
    let result = try ProcessRunner.run(BuildProducts.mlc, arguments, environment: environment, directory: directory.path, stdin: stdin)
    if let expect, result.status != expect {
      throw UnexpectedStatus(description: "mlc \(arguments.joined(separator: " ")) exited \(result.status), expected \(expect)\nstdout: \(result.stdout)\nstderr: \(result.stderr)")
    }
    return result
  }

  @discardableResult
  public func mlc(_ arguments: String..., stdin: String? = nil, expect: Int32? = 0) throws -> ProcessRunner.Result {
    try mlc(arguments, stdin: stdin, expect: expect)
  }

  /// Stores a secret the way a person would: the value on stdin.
  public func setSecret(_ name: String, _ value: String) throws {
    try mlc(["secret", "set", name], stdin: value)
  }

  /// Runs `mlc sync FLOW --json` and returns the parsed summary.
  public func sync(_ flow: String, full: Bool = false, expect: Int32 = 0) throws -> [String: Any] {
    try Self.json(try mlc(["sync", flow, "--json"] + (full ? ["--full"] : []), expect: expect).stdout)
  }

  /// The records in `<dir>/<entity>.jsonl` (a JSON Lines sink's output), in file order.
  public func jsonlRecords(_ entity: String, directory name: String = "out") throws -> [[String: Any]] {
    let path = directory.file("\(name)/\(entity).jsonl")
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return try text.split(separator: "\n").map { try Self.json(String($0)) }
  }

  public func jsonlKeys(_ entity: String, directory name: String = "out") throws -> [String] {
    try jsonlRecords(entity, directory: name).map { $0["key"] as? String ?? "?" }
  }

  public static func json(_ text: String) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
      throw UnexpectedStatus(description: "not a JSON object: \(text)")
    }
    return object
  }

  /// Per-entity counts from a `mlc sync --json` summary (`read`, `written`, `updated`, ...).
  public static func counts(_ summary: [String: Any], _ field: String) -> [String: Int] {
    var result: [String: Int] = [:]
    for entity in summary["entities"] as? [[String: Any]] ?? [] {
      result[entity["entity"] as? String ?? "?"] = entity[field] as? Int
    }
    return result
  }
}
