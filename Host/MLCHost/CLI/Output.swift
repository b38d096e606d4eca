import Foundation

/// Where commands write: results to stdout, diagnostics to stderr. `--json` output is one
/// JSON document with sorted keys, so scripts and diffs see stable text.
final class Output: @unchecked Sendable {
  private let writeOut: (String) -> Void
  private let writeErr: (String) -> Void

  init(out: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) },
       err: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
    writeOut = out
    writeErr = err
  }

  func print(_ text: String) { writeOut(text.hasSuffix("\n") ? text : text + "\n") }
  func error(_ text: String) { writeErr(text.hasSuffix("\n") ? text : text + "\n") }

  func json(_ value: Any) {
    let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    print(String(decoding: data, as: UTF8.self))
  }
}
