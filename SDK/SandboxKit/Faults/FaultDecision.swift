/// What the injector decided for one request.
public struct FaultDecision: Sendable, Equatable {
  /// What happens to the request after the delay.
  public enum Outcome: Sendable, Equatable {
    /// The real handler answers.
    case pass
    /// The injector answers with this status instead.
    case error(Int)
    /// The connection is closed without an answer.
    case drop
  }

  /// The outcome.
  public var outcome: Outcome
  /// How long to wait before the outcome; zero when the plan has no latency.
  public var latency: Duration

  /// Creates a decision.
  public init(outcome: Outcome, latency: Duration = .zero) {
    self.outcome = outcome
    self.latency = latency
  }
}
