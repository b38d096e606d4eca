import Foundation

/// A sandbox setting or option that can't be used, with what to change.
public struct EpicorSandboxError: Error, CustomStringConvertible, Sendable {
  public let description: String

  init(_ description: String) {
    self.description = "Epicor sandbox: " + description
  }
}
