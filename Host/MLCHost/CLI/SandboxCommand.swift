import Foundation
import Glibc

/// `mlc sandbox`: starts vendor simulators (the separate `mlc-sandbox` executable, so the
/// host binary carries no simulator code), prints where they listen, optionally writes a
/// ready deployment config whose credentials are in the vault, and serves until stopped.
enum SandboxCommand: Command {
  static let name = "sandbox"
  static let summary = "Start local simulators of the vendors' APIs and optionally write an mlc.json for them."
  static let help = """
    USAGE: mlc sandbox [--systems epicor,servicenow,snowflake] [--records N] [--seed S]
                       [--faults SPEC] [--set SYSTEM.KEY=VALUE ...] [--write-config FILE]
                       [--plugins-dir DIR] [--json]

    Starts the chosen sandboxes on loopback ports with deterministic seed data and prints
    one line per system (with --json: {"system","base_url","credentials","settings"}).
    Serves until SIGTERM or SIGINT.

    OPTIONS:
      --systems LIST      Comma-separated (default: every system mlc-sandbox knows).
      --records N         Seed data size (Epicor: purchase orders). Default 1000.
      --seed S            Seed for the deterministic data. Default 1.
      --faults SPEC       e.g. "429:0.05,500:0.02,latency:20ms,drop:0.01,retry-after:1".
      --set K=V           A system setting, e.g. epicor.token_lifetime=60 (repeatable).
      --write-config FILE Write a deployment config for the started systems: connections
                          pointing at them, their credentials stored in the vault of that
                          config's state dir, and the flows between them.
      --plugins-dir DIR   The plugin_dir to write (default: ./plugins).
      --json              JSON lines on stdout.
    """

  static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
    // --set repeats, so collect it by hand before the parser (which keeps one value per option).
    var passed: [String] = []
    var rest: [String] = []
    var index = 0
    while index < arguments.count {
      if arguments[index] == "--set" {
        guard index + 1 < arguments.count else { throw UsageError("--set needs SYSTEM.KEY=VALUE") }
        passed += ["--set", arguments[index + 1]]
        index += 2
      } else {
        rest.append(arguments[index])
        index += 1
      }
    }
    let parsed = try ParsedArguments(rest, options: ["--systems", "--records", "--seed", "--faults", "--write-config", "--plugins-dir", "--config"],
                                     flags: ["--json"])
    guard parsed.positionals.isEmpty else { throw UsageError("unexpected argument \(parsed.positionals[0])") }
    for option in ["--systems", "--records", "--seed", "--faults"] {
      if let value = parsed.value(option) { passed += [option, value] }
    }
    let runner = try locateRunner()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: runner)
    process.arguments = passed
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    ChildForwarding.install(pid: process.processIdentifier)

    var endpoints: [[String: Any]] = []
    for line in LineReader(pipe.fileHandleForReading) {
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
      if object["ready"] as? Bool == true { break }
      endpoints.append(object)
    }
    guard process.isRunning else {
      process.waitUntilExit()
      environment.output.error("error: mlc-sandbox exited with status \(process.terminationStatus) before it was ready")
      return process.terminationStatus == 64 ? 64 : 1
    }

    if let file = parsed.value("--write-config") {
      let path = environment.absolutePath(file)
      let pluginDirectory = parsed.value("--plugins-dir") ?? "plugins"
      let absolutePlugins = environment.absolutePath(pluginDirectory)
      try writeConfig(path: path, endpoints: endpoints, pluginDirectory: absolutePlugins, environment: environment)
      environment.output.error("wrote \(path); credentials are in its vault")
    }
    for endpoint in endpoints {
      if parsed.has("--json") {
        environment.output.json(endpoint)
      } else {
        environment.output.print("\(endpoint["system"] as? String ?? "?"): \(endpoint["base_url"] as? String ?? "?")")
      }
    }
    process.waitUntilExit()
    return 0
  }

  /// `mlc-sandbox` is built beside `mlc`.
  private static func locateRunner() throws -> String {
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    let candidate = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("mlc-sandbox").path
    guard FileManager.default.isExecutableFile(atPath: candidate) else {
      throw StateError("mlc-sandbox is not beside mlc (looked for \(candidate)); build it with `make build` or `swift build`")
    }
    return candidate
  }

  /// Writes the config, then stores each sandbox's credentials in that deployment's vault.
  private static func writeConfig(path: String, endpoints: [[String: Any]], pluginDirectory: String,
                                  environment: CommandEnvironment) throws {
    var connections: [String: Any] = [:]
    var secrets: [(String, String)] = []
    var enabled = ["jsonl"]
    for endpoint in endpoints {
      guard let system = endpoint["system"] as? String, let baseURL = endpoint["base_url"] as? String,
            let connection = SandboxConnections.connection(system: system, baseURL: baseURL,
                                                           settings: endpoint["settings"] as? [String: String] ?? [:])
      else { continue }
      connections[system] = connection
      enabled.append(system)
      for (role, value) in endpoint["credentials"] as? [String: String] ?? [:] {
        secrets.append((SandboxConnections.secretName(system: system, role: role), value))
      }
    }
    let config: [String: Any] = [
      "plugin_dir": pluginDirectory, "state_dir": "state", "enabled": enabled.sorted(),
      "connections": connections, "flows": SandboxConnections.flows(systems: Set(connections.keys)),
    ]
    let data = try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                            withIntermediateDirectories: true)
    try data.write(to: URL(fileURLWithPath: path))
    let deployment = try Deployment(configOption: path, environment: environment, verbose: false)
    let vault = try deployment.vault()
    for (name, value) in secrets { try vault.set(name: name, value: Array(value.utf8)) }
  }
}

/// Reads a file handle line by line as lines arrive (a child's stdout).
struct LineReader: Sequence, IteratorProtocol {
  private let handle: FileHandle
  private var buffer: [UInt8] = []

  init(_ handle: FileHandle) { self.handle = handle }

  mutating func next() -> String? {
    while true {
      if let newline = buffer.firstIndex(of: 0x0A) {
        let line = String(decoding: buffer[..<newline], as: UTF8.self)
        buffer.removeFirst(newline + 1)
        return line
      }
      let chunk = handle.availableData
      if chunk.isEmpty { return buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self) }
      buffer.append(contentsOf: chunk)
    }
  }
}

/// Passes SIGTERM and SIGINT on to the sandbox child, so stopping `mlc sandbox` stops it.
enum ChildForwarding {
  nonisolated(unsafe) private static var child: pid_t = 0

  static func install(pid: pid_t) {
    child = pid
    signal(SIGTERM) { signal in kill(ChildForwarding.child, signal) }
    signal(SIGINT) { signal in kill(ChildForwarding.child, signal) }
  }
}
