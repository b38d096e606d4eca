import Foundation

/// Builds C connector libraries the way a third party would: `cc -shared -fPIC -I SDK/include`.
public enum CPlugin {
  public struct BuildFailure: Error, CustomStringConvertible {
    public let description: String
  }

  /// Compiles C source files into a shared library at `output`.
  public static func build(sources: [String], output: String) throws {
    let result = try ProcessRunner.run("/usr/bin/env", ["cc", "-std=c11", "-O1", "-Wall", "-shared", "-fPIC",
                                                         "-I", BuildProducts.sdkInclude, "-o", output] + sources)
    guard result.status == 0 else { throw BuildFailure(description: "cc failed for \(output):\n\(result.stderr)") }
  }

  /// Compiles one C source given as text.
  public static func build(code: String, output: String) throws {
    let source = output + ".c"
    try Data(code.utf8).write(to: URL(fileURLWithPath: source))
    try build(sources: [source], output: output)
  }

  /// The JSON Lines example connector from `SDK/Examples/jsonl`, built into `output`.
  public static func buildJSONLExample(output: String) throws {
    let directory = URL(fileURLWithPath: BuildProducts.packageRoot).appendingPathComponent("SDK/Examples/jsonl")
    let sources = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix(".c") }.sorted().map { directory.appendingPathComponent($0).path }
    try build(sources: sources, output: output)
  }
}

extension CPlugin {
  /// The scriptable host-test connector (`Tests/Fixtures/fixture_plugin.c`), with
  /// preprocessor `defines` that break it on purpose (e.g. `FIXTURE_MAJOR=2`).
  public static func buildFixture(output: String, defines: [String] = []) throws {
    let source = URL(fileURLWithPath: BuildProducts.packageRoot).appendingPathComponent("Tests/Fixtures/fixture_plugin.c").path
    try build(sources: defines.map { "-D\($0)" } + [source], output: output)
  }
}
