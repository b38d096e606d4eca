/// Why the ServiceNow sandbox could not be built or started: which setting, what was wrong
/// with it, and what it accepts.
public struct ServiceNowSandboxError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The setting (`--set key=value`) or option at fault, e.g. `token_lifetime`.
  public let setting: String
  /// What is wrong and what to do instead.
  public let reason: String

  /// Creates an error about `setting`.
  public init(setting: String, reason: String) {
    self.setting = setting
    self.reason = reason
  }

  public var description: String {
    "servicenow sandbox: setting '\(setting)': \(reason)"
  }
}
