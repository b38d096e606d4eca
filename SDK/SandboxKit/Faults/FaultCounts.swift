/// How many faults an injector has injected, by kind, since it was created or reset.
public struct FaultCounts: Sendable, Equatable {
  /// Requests the injector decided on (those its filter let through).
  public var requests = 0
  /// Requests passed to the real handler.
  public var passed = 0
  /// Injected error answers, by status.
  public var errors: [Int: Int] = [:]
  /// Connections dropped without an answer.
  public var drops = 0
  /// Requests that were delayed by a non-zero latency.
  public var delayed = 0
  /// The sum of all injected delays.
  public var totalLatency: Duration = .zero

  /// Creates zero counts.
  public init() {}

  /// Injected errors and drops together.
  public var injected: Int { errors.values.reduce(drops, +) }

  /// Injected error answers with `status`.
  public func errors(_ status: Int) -> Int { errors[status, default: 0] }

  /// Adds one decision.
  mutating func record(_ decision: FaultDecision) {
    requests += 1
    switch decision.outcome {
    case .pass: passed += 1
    case .error(let status): errors[status, default: 0] += 1
    case .drop: drops += 1
    }
    if decision.latency > .zero {
      delayed += 1
      totalLatency += decision.latency
    }
  }
}
