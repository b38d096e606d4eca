import Foundation

/// The last resort for explaining a failure: stderr, for the few cases where the host has
/// not yet given the plugin (or has given it a broken) service table to report through.
enum StandardError {
  /// Writes one line prefixed with `mlc plugin: `.
  static func write(_ line: String) {
    FileHandle.standardError.write(Data("mlc plugin: \(line)\n".utf8))
  }
}
