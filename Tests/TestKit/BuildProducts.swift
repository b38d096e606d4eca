import Foundation

/// Where the package's built products and sources are, for tests that run the real `mlc`
/// binary and load real `.so` files.
public enum BuildProducts {
  /// The package root (three levels above this file).
  public static let packageRoot: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  /// The directory holding `mlc` and `libmlc-*.so`: `MLC_BIN_DIR`, else the directory of the
  /// running test bundle (SwiftPM puts tests and products side by side).
  public static var binDirectory: String {
    if let explicit = ProcessInfo.processInfo.environment["MLC_BIN_DIR"], !explicit.isEmpty { return explicit }
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("mlc").path) { return url.path }
    }
    return URL(fileURLWithPath: packageRoot).appendingPathComponent(".build/debug").path
  }

  public static var mlc: String { URL(fileURLWithPath: binDirectory).appendingPathComponent("mlc").path }

  /// A Swift connector library built by SwiftPM, e.g. `library("generator")`.
  public static func library(_ system: String) -> String {
    URL(fileURLWithPath: binDirectory).appendingPathComponent("libmlc-\(system).so").path
  }

  public static var sdkInclude: String { URL(fileURLWithPath: packageRoot).appendingPathComponent("SDK/include").path }
}
