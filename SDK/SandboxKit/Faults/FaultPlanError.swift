/// A fault spec that could not be parsed: which item, why, and what a valid spec looks like.
public struct FaultPlanError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The offending item as written, or the whole spec when the problem spans items.
  public let item: String
  /// What is wrong with it.
  public let reason: String

  /// Creates an error.
  public init(item: String, reason: String) {
    self.item = item
    self.reason = reason
  }

  public var description: String {
    "fault spec item '\(item)': \(reason); a valid spec looks like "
      + "'429:0.05,500:0.02,503:0.01,latency:20ms,drop:0.01,retry-after:1'"
  }
}
