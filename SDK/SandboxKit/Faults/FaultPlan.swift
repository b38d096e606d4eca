/// Which faults a sandbox injects and how often, parsed from a spec such as
/// `429:0.05,500:0.02,503:0.01,latency:20ms,drop:0.01,retry-after:1`.
///
/// Items, separated by commas, in any order, each at most once:
/// - `<status>:<p>`: answer with that status (400…599) with probability `p` (`0.05` or `5%`);
/// - `drop:<p>`: close the connection without answering with probability `p`;
/// - `latency:<d>` or `latency:<min>-<max>`: delay every response by `d`, or by a uniformly
///   drawn time in the range (`20ms`, `1.5s`, `250us`);
/// - `retry-after:<seconds>`: send `Retry-After` with injected 429 and 503 answers;
/// - `seed:<n>`: the seed for the injector's generator, so a command line can replay a run.
///
/// The probabilities of all errors and drops together must not exceed 1, because each request
/// gets at most one of them. An empty spec or `none` injects nothing.
public struct FaultPlan: Sendable, Equatable, CustomStringConvertible {
  /// Answer with `status` for a fraction `probability` of requests.
  public struct ErrorRate: Sendable, Equatable {
    public var status: Int
    public var probability: Double

    public init(status: Int, probability: Double) {
      self.status = status
      self.probability = probability
    }
  }

  /// Injected error statuses, in spec order (which fixes which draw maps to which status).
  public var errors: [ErrorRate] = []
  /// The fraction of requests whose connection is dropped without an answer.
  public var dropProbability: Double = 0
  /// Added to every response: a fixed delay (`lowerBound == upperBound`) or a uniform range.
  public var latency: ClosedRange<Duration>?
  /// `Retry-After` seconds for injected 429 and 503 answers; `nil` sends none.
  public var retryAfterSeconds: Int?
  /// The generator seed the spec asked for, if any.
  public var seed: UInt64?

  /// A plan that injects nothing.
  public static let none = FaultPlan()

  /// Creates a plan from its parts.
  public init(errors: [ErrorRate] = [], dropProbability: Double = 0, latency: ClosedRange<Duration>? = nil,
              retryAfterSeconds: Int? = nil, seed: UInt64? = nil) {
    self.errors = errors
    self.dropProbability = dropProbability
    self.latency = latency
    self.retryAfterSeconds = retryAfterSeconds
    self.seed = seed
  }

  /// Parses a spec; throws `FaultPlanError` naming the first bad item.
  public init(parsing spec: String) throws {
    let trimmed = spec.trimmingASCIIWhitespace()
    if trimmed.isEmpty || trimmed.lowercased() == "none" { return }
    var seen = Set<String>()
    for rawItem in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
      let item = rawItem.trimmingASCIIWhitespace()
      let parts = item.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      guard parts.count == 2, !parts[0].isEmpty else {
        throw FaultPlanError(item: item, reason: "expected 'name:value'")
      }
      let key = parts[0].trimmingASCIIWhitespace().lowercased()
      let value = parts[1].trimmingASCIIWhitespace()
      guard seen.insert(key).inserted else {
        throw FaultPlanError(item: item, reason: "'\(key)' is given more than once")
      }
      switch key {
      case "drop":
        dropProbability = try Self.probability(value, item: item)
      case "latency":
        latency = try Self.latencyRange(value, item: item)
      case "retry-after":
        guard let seconds = Int(value), seconds >= 0 else {
          throw FaultPlanError(item: item, reason: "retry-after must be a whole number of seconds, 0 or more")
        }
        retryAfterSeconds = seconds
      case "seed":
        guard let number = UInt64(value) else {
          throw FaultPlanError(item: item, reason: "seed must be a non-negative integer")
        }
        seed = number
      default:
        guard let status = Int(key), (400...599).contains(status) else {
          throw FaultPlanError(item: item, reason: "unknown fault '\(key)'; use a status 400-599, drop, latency, retry-after or seed")
        }
        errors.append(ErrorRate(status: status, probability: try Self.probability(value, item: item)))
      }
    }
    let total = errors.reduce(dropProbability) { $0 + $1.probability }
    guard total <= 1 + 1e-9 else {
      throw FaultPlanError(item: spec, reason: "error and drop probabilities add up to \(total); they must not exceed 1")
    }
  }

  /// Whether the plan injects nothing at all.
  public var isEmpty: Bool {
    errors.allSatisfy { $0.probability == 0 } && dropProbability == 0 && latency == nil
  }

  /// The plan as a spec string that parses back to an equal plan.
  public var description: String {
    var items = errors.map { "\($0.status):\($0.probability)" }
    if dropProbability > 0 { items.append("drop:\(dropProbability)") }
    if let latency {
      let low = Self.format(latency.lowerBound)
      items.append(latency.lowerBound == latency.upperBound ? "latency:\(low)" : "latency:\(low)-\(Self.format(latency.upperBound))")
    }
    if let retryAfterSeconds { items.append("retry-after:\(retryAfterSeconds)") }
    if let seed { items.append("seed:\(seed)") }
    return items.isEmpty ? "none" : items.joined(separator: ",")
  }

  /// Parses `0.05` or `5%` as a probability in 0…1.
  private static func probability(_ text: String, item: String) throws -> Double {
    let isPercent = text.hasSuffix("%")
    guard let number = Double(isPercent ? String(text.dropLast()) : text), number.isFinite else {
      throw FaultPlanError(item: item, reason: "'\(text)' is not a probability; write 0.05 or 5%")
    }
    let probability = isPercent ? number / 100 : number
    guard (0...1).contains(probability) else {
      throw FaultPlanError(item: item, reason: "probability \(text) is outside 0...1")
    }
    return probability
  }

  /// Parses `20ms` or `20ms-200ms`.
  private static func latencyRange(_ text: String, item: String) throws -> ClosedRange<Duration> {
    let bounds = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map { String($0).trimmingASCIIWhitespace() }
    guard let low = duration(bounds[0]), let high = bounds.count == 2 ? duration(bounds[1]) : low else {
      throw FaultPlanError(item: item, reason: "latency must look like 20ms, 1.5s, 250us or a range 20ms-200ms")
    }
    guard low <= high else {
      throw FaultPlanError(item: item, reason: "latency range starts after it ends")
    }
    return low...high
  }

  /// Parses a non-negative duration with a `us`, `ms` or `s` unit.
  private static func duration(_ text: String) -> Duration? {
    let units: [(suffix: String, seconds: Double)] = [("us", 1e-6), ("ms", 1e-3), ("s", 1)]
    for unit in units where text.hasSuffix(unit.suffix) {
      guard let number = Double(text.dropLast(unit.suffix.count)), number.isFinite, number >= 0,
            number * unit.seconds <= 3600 else { return nil }
      return .microseconds(Int64((number * unit.seconds * 1e6).rounded()))
    }
    return nil
  }

  /// Formats a duration in the largest unit that keeps it whole.
  private static func format(_ duration: Duration) -> String {
    let micros = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
    if micros % 1_000_000 == 0 { return "\(micros / 1_000_000)s" }
    if micros % 1000 == 0 { return "\(micros / 1000)ms" }
    return "\(micros)us"
  }
}
