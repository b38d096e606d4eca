import Foundation

/// The `mlc` command line: dispatches to a subcommand and maps errors to exit statuses
/// (0 success, 1 runtime failure, 64 usage error), diagnostics on stderr.
public enum CLI {
  public static let version = "0.1.0"

  static let commands: [any Command.Type] = [
    PluginsCommand.self, CheckCommand.self, SyncCommand.self, AuditCommand.self, ReplayCommand.self,
    HeldCommand.self, DeadLettersCommand.self, MapCommand.self, SecretCommand.self, ServeCommand.self, SandboxCommand.self,
  ]

  static var help: String {
    let width = commands.map { $0.name.count }.max() ?? 0
    let list = commands.map { "  \($0.name.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.summary)" }
    return """
      mlc \(version): keeps ERP and operations systems in sync through connector plugins.

      USAGE: mlc <command> [options]

      COMMANDS:
      \(list.joined(separator: "\n"))

      OPTIONS:
        --version   Print the version.
        -h, --help  Show help; `mlc <command> --help` shows a command's help.

      The deployment config is read from --config FILE, else $MLC_CONFIG, else ./mlc.json.
      """
  }

  /// Entry point for `main.swift`.
  public static func main(_ arguments: [String]) -> Int32 {
    run(Array(arguments.dropFirst()), CommandEnvironment(
      variables: ProcessInfo.processInfo.environment, output: Output(),
      workingDirectory: FileManager.default.currentDirectoryPath))
  }

  static func run(_ arguments: [String], _ environment: CommandEnvironment) -> Int32 {
    let output = environment.output
    guard let first = arguments.first else {
      output.error(help)
      return 64
    }
    if first == "--help" || first == "-h" || first == "help" {
      output.print(help)
      return 0
    }
    if first == "--version" {
      output.print("mlc \(version)")
      return 0
    }
    guard let command = commands.first(where: { $0.name == first }) else {
      output.error("error: unknown command \"\(first)\"\n\(help)")
      return 64
    }
    let rest = Array(arguments.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
      output.print(command.help)
      return 0
    }
    do {
      return try command.run(rest, environment)
    } catch let error as UsageError {
      output.error("error: \(error)\nSee `mlc \(command.name) --help`.")
      return 64
    } catch {
      output.error("error: \(error)")
      return 1
    }
  }
}
