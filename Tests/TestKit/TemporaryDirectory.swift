import Foundation

/// A fresh directory under the system temp dir, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
  public let path: String

  public init(prefix: String = "mlc-test") throws {
    let base = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("\(prefix)-XXXXXX").path
    var template = Array(base.utf8CString)
    guard let created = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
    path = String(cString: created)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// The absolute path of `name` inside the directory.
  public func file(_ name: String) -> String { URL(fileURLWithPath: path).appendingPathComponent(name).path }

  /// Writes text to `name` (creating parent folders) and returns its path.
  @discardableResult
  public func write(_ name: String, _ text: String) throws -> String {
    let target = file(name)
    try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: target).deletingLastPathComponent().path,
                                            withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: target))
    return target
  }
}
