import Foundation

/// Wraps a sandbox's handler and, per request, injects the faults of a `FaultPlan`: a delay,
/// then an error answer (429 with `Retry-After`, 5xx), a dropped connection, or the real answer.
///
/// Decisions come from a seeded `SplitMix64`, two draws per request, so the same seed and plan
/// give the same sequence of decisions on every run; with concurrent requests, which request
/// gets which decision depends on arrival order, but the sequence does not. Error bodies come
/// from the `errorResponse` closure so each sandbox answers in its vendor's error shape.
///
/// ```swift
/// let faults = FaultInjector(plan: try FaultPlan(parsing: "429:0.05,retry-after:1"), seed: 7) { status, _ in
///   .json(status, #"{"error":{"message":"Rate limit exceeded","detail":null}}"#)
/// }
/// let server = HTTPServer(handler: faults.wrap(router.handler))
/// ```
public final class FaultInjector: @unchecked Sendable {
  /// Builds the answer for an injected error status; the injector then forces the status and
  /// adds `Retry-After` (for 429 and 503) unless the closure set one.
  public typealias ErrorResponder = @Sendable (_ status: Int, _ request: HTTPRequest) -> HTTPResponse

  private let lock = NSLock()
  private var currentPlan: FaultPlan
  private var generator: SplitMix64
  private var currentCounts = FaultCounts()
  private let errorResponse: ErrorResponder
  private let applies: @Sendable (HTTPRequest) -> Bool
  private let sleep: @Sendable (Duration) -> Void

  /// Creates an injector.
  ///
  /// - Parameters:
  ///   - plan: the faults to inject.
  ///   - seed: the generator seed; defaults to the plan's `seed`, else 0.
  ///   - applies: which requests may get faults; others always pass, uncounted (a sandbox may
  ///     keep its token endpoint reliable, say).
  ///   - sleep: waits out injected latency; tests pass a recorder instead of sleeping.
  ///   - errorResponse: the vendor-shaped answer for an injected error status.
  public init(
    plan: FaultPlan,
    seed: UInt64? = nil,
    applies: @escaping @Sendable (HTTPRequest) -> Bool = { _ in true },
    sleep: @escaping @Sendable (Duration) -> Void = FaultInjector.threadSleep,
    errorResponse: @escaping ErrorResponder
  ) {
    self.currentPlan = plan
    self.generator = SplitMix64(seed: seed ?? plan.seed ?? 0)
    self.applies = applies
    self.sleep = sleep
    self.errorResponse = errorResponse
  }

  /// Creates an injector whose error answers are `defaultErrorResponse`'s generic JSON.
  public convenience init(
    plan: FaultPlan,
    seed: UInt64? = nil,
    applies: @escaping @Sendable (HTTPRequest) -> Bool = { _ in true },
    sleep: @escaping @Sendable (Duration) -> Void = FaultInjector.threadSleep
  ) {
    self.init(plan: plan, seed: seed, applies: applies, sleep: sleep, errorResponse: FaultInjector.defaultErrorResponse)
  }

  /// The plan in force.
  public var plan: FaultPlan {
    lock.lock()
    defer { lock.unlock() }
    return currentPlan
  }

  /// The counts so far.
  public var counts: FaultCounts {
    lock.lock()
    defer { lock.unlock() }
    return currentCounts
  }

  /// Replaces the plan (a sandbox's admin endpoint does this mid-run) and reseeds the
  /// generator with `seed`, the new plan's seed, or 0; counts are kept.
  public func update(plan: FaultPlan, seed: UInt64? = nil) {
    lock.lock()
    defer { lock.unlock() }
    currentPlan = plan
    generator = SplitMix64(seed: seed ?? plan.seed ?? 0)
  }

  /// Sets every count back to zero.
  public func resetCounts() {
    lock.lock()
    defer { lock.unlock() }
    currentCounts = FaultCounts()
  }

  /// Draws the next decision and counts it.
  public func decide() -> FaultDecision {
    lock.lock()
    defer { lock.unlock() }
    // Always two draws, so the outcome sequence doesn't shift when latency is added to a plan.
    let outcomeDraw = generator.nextUnit()
    let latencyDraw = generator.nextUnit()
    var decision = FaultDecision(outcome: .pass)
    var threshold = 0.0
    for rate in currentPlan.errors {
      threshold += rate.probability
      if outcomeDraw < threshold {
        decision.outcome = .error(rate.status)
        break
      }
    }
    if decision.outcome == .pass && outcomeDraw < threshold + currentPlan.dropProbability {
      decision.outcome = .drop
    }
    if let range = currentPlan.latency {
      decision.latency = range.lowerBound + (range.upperBound - range.lowerBound) * latencyDraw
    }
    currentCounts.record(decision)
    return decision
  }

  /// Answers `request`: with injected faults, or by calling `next`.
  public func handle(_ request: HTTPRequest, next: HTTPHandler) -> HTTPResponse {
    guard applies(request) else { return next(request) }
    let decision = decide()
    if decision.latency > .zero { sleep(decision.latency) }
    switch decision.outcome {
    case .pass:
      return next(request)
    case .drop:
      return .dropped
    case .error(let status):
      var response = errorResponse(status, request)
      response.status = status
      response.dropConnection = false
      if status == 429 || status == 503, let seconds = plan.retryAfterSeconds, response.headers["Retry-After"] == nil {
        response.headers["Retry-After"] = String(seconds)
      }
      return response
    }
  }

  /// `handler` with this injector in front of it.
  public func wrap(_ handler: @escaping HTTPHandler) -> HTTPHandler {
    { [self] request in handle(request, next: handler) }
  }

  /// Blocks the calling thread (a server connection thread) for `duration`.
  public static let threadSleep: @Sendable (Duration) -> Void = { duration in
    let (seconds, attoseconds) = duration.components
    Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) * 1e-18)
  }

  /// A generic JSON error body: `{"error":{"status":503,"message":"Service Unavailable (injected fault)"}}`.
  public static let defaultErrorResponse: ErrorResponder = { status, _ in
    .json(status, #"{"error":{"status":\#(status),"message":"\#(HTTPStatus.reasonPhrase(status)) (injected fault)"}}"#)
  }
}
