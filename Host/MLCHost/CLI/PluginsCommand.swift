import Foundation

/// `mlc plugins`: what the plugin directory holds, what loaded, and why the rest did not.
enum PluginsCommand: Command {
  static let name = "plugins"
  static let summary = "List connector plugins: loaded, disabled, and refused with the reason."
  static let help = """
    USAGE: mlc plugins [--plugins-dir DIR] [--config FILE] [--json]

    Scans the plugin directory for *.so files and checks each: loadable, exports
    mlc_plugin_entry, speaks ABI \(ABI.major).\(ABI.minor), has a valid manifest, unique name.
    Plugins the deployment does not enable are listed as disabled.

    OPTIONS:
      --plugins-dir DIR  Scan DIR instead of the config's plugin_dir. Without a config
                         file, every valid plugin counts as enabled.
      --config FILE      The deployment config (default: $MLC_CONFIG, else ./mlc.json).
      --json             One JSON document: {"plugins":[...],"refused":[...],"disabled":[...]}.
    """

  static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
    let parsed = try ParsedArguments(arguments, options: ["--plugins-dir", "--config"], flags: ["--json"])
    guard parsed.positionals.isEmpty else { throw UsageError("unexpected argument \(parsed.positionals[0])") }
    let configPath = DeploymentConfig.resolvePath(explicit: parsed.value("--config"), environment: environment.variables)
    let absolute = environment.absolutePath(configPath)
    var config: DeploymentConfig?
    if parsed.value("--config") != nil || FileManager.default.fileExists(atPath: absolute) {
      config = try DeploymentConfig.load(path: absolute)
    }
    let directory: String
    if let explicit = parsed.value("--plugins-dir") {
      directory = environment.absolutePath(explicit)
    } else if let config {
      directory = config.pluginDirectory
    } else {
      throw UsageError("no config at \(absolute) and no --plugins-dir; say which directory to scan")
    }
    let scan = PluginLoader.scan(directory: directory, enabled: config.map { Set($0.enabled) })

    if parsed.has("--json") {
      environment.output.json([
        "plugins": scan.plugins.map(describe),
        "refused": scan.refused.map { refused -> [String: Any] in
          var object: [String: Any] = ["path": refused.path, "reason": refused.reason]
          if let name = refused.name { object["name"] = name }
          return object
        },
        "disabled": scan.disabled.map(describe),
      ])
      return 0
    }
    let output = environment.output
    output.print("Plugins in \(directory):")
    if scan.plugins.isEmpty && scan.disabled.isEmpty && scan.refused.isEmpty { output.print("  (no *.so files)") }
    for plugin in scan.plugins {
      output.print("  \(plugin.name) \(plugin.manifest.version)  ABI \(plugin.abi)  reads: \(list(plugin.manifest.reads))  writes: \(list(plugin.manifest.writes))")
    }
    for plugin in scan.disabled {
      output.print("  \(plugin.name) \(plugin.manifest.version)  disabled (not in \"enabled\")")
    }
    for refused in scan.refused {
      output.print("  refused \(refused.path): \(refused.reason)")
    }
    return 0
  }

  private static func describe(_ plugin: LoadedPlugin) -> [String: Any] {
    var object: [String: Any] = [
      "name": plugin.name, "version": plugin.manifest.version, "path": plugin.path, "abi": plugin.abi,
      "entities": ["read": plugin.manifest.reads, "write": plugin.manifest.writes],
      "config_schema": (try? JSONSerialization.jsonObject(with: Data(plugin.manifest.configSchema.utf8))) ?? [:],
      "auth": plugin.manifest.auth, "concurrent": plugin.manifest.concurrent,
    ]
    if plugin.index > 0 { object["index"] = plugin.index }
    if !plugin.manifest.webhooks.isEmpty { object["webhooks"] = plugin.manifest.webhooks.map(\.route) }
    return object
  }

  private static func list(_ entities: [String]) -> String { entities.isEmpty ? "-" : entities.joined(separator: ",") }
}
