/// A local simulator of one vendor's API, started by `mlc sandbox` and used by tests, the
/// demo and benchmarks. Each system's sandbox lives beside its connector
/// (`Plugins/<System>/Sandbox`) and conforms to this protocol so one runner can start any mix.
public protocol Sandbox: AnyObject, Sendable {
  /// The system's name as `mlc sandbox --systems` spells it: "epicor", "servicenow", ...
  static var system: String { get }
  /// Builds the sandbox with its deterministic seed data; does not listen yet.
  init(options: SandboxOptions) throws
  /// Starts serving on 127.0.0.1 (port from the options, 0 = any) and says how to reach it.
  func start() throws -> SandboxEndpoint
  /// Stops serving; idempotent.
  func stop()
}

/// How a sandbox should behave: how much data, which seed, which faults.
public struct SandboxOptions: Sendable {
  /// Size of the seed data; each sandbox says what it counts (Epicor: purchase orders).
  public var records: Int
  public var seed: UInt64
  /// A fault spec as `FaultPlan(parsing:)` reads it ("429:0.05,500:0.02,latency:20ms").
  public var faults: FaultPlan
  public var port: UInt16
  /// System-specific settings ("token_lifetime": "3600", ...), from `--set key=value`.
  public var settings: [String: String]

  public init(records: Int = 1000, seed: UInt64 = 1, faults: FaultPlan = FaultPlan(), port: UInt16 = 0,
              settings: [String: String] = [:]) {
    self.records = records
    self.seed = seed
    self.faults = faults
    self.port = port
    self.settings = settings
  }
}

/// Where a started sandbox listens and the credentials a connection needs to use it. The
/// runner prints it as one JSON line: {"system","base_url","credentials":{...},"settings":{...}}.
public struct SandboxEndpoint: Sendable, Equatable {
  public var system: String
  public var baseURL: String
  /// Secret values by role ("username", "password", "api_key", "client_id", ...). `mlc
  /// sandbox --write-config` stores them in the vault; nothing else should print them.
  public var credentials: [String: String]
  /// Non-secret connection settings ("company": "EPIC06", "account": "SANDBOX-ACCT", ...).
  public var settings: [String: String]

  public init(system: String, baseURL: String, credentials: [String: String], settings: [String: String] = [:]) {
    self.system = system
    self.baseURL = baseURL
    self.credentials = credentials
    self.settings = settings
  }
}
