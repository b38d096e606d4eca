import Foundation

/// One `mlc` subcommand.
protocol Command: Sendable {
  /// The word after `mlc`.
  static var name: String { get }
  /// One line for `mlc --help`.
  static var summary: String { get }
  /// The full `--help` text.
  static var help: String { get }
  /// Runs with the arguments after the command word; returns the exit status.
  static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32
}

/// What commands read from the outside world, injectable for tests.
struct CommandEnvironment {
  var variables: [String: String]
  var output: Output
  var workingDirectory: String

  /// A path the user typed, made absolute against the working directory.
  func absolutePath(_ path: String) -> String {
    path.hasPrefix("/") ? path : URL(fileURLWithPath: workingDirectory).appendingPathComponent(path).standardizedFileURL.path
  }
}
