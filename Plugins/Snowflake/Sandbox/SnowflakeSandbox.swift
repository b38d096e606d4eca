import Foundation
import MLCSandboxKit

/// A local Snowflake SQL API v2 (`/api/v2/statements`) backed by an in-memory SQLite store.
///
/// Behaviour follows shared/SYSTEMS.md §3 (Snowflake's SQL API reference, handling-responses
/// and authenticating pages, and the `sqlapi.yaml` spec): key-pair JWT and programmatic access
/// token auth, statements with bindings, 200/202/422/429 bodies, result partitions with `Link`,
/// idempotent `requestId` + `retry=true`, a warehouse with AUTO_RESUME, and Snowflake's
/// identifier and MERGE rules. Settings are listed on `SnowflakeSandboxSettings`.
///
/// For tests: `query(_:)` runs SQL on the store directly, `counters` counts statements,
/// `keyPair` signs JWTs, `clock` can be manual, and the warehouse can be suspended.
///
/// ```swift
/// let clock = SnowflakeSandboxClock.manual()
/// let sandbox = try SnowflakeSandbox(options: SandboxOptions(settings: ["rows_per_partition": "100"]), clock: clock)
/// let endpoint = try sandbox.start()          // base_url, credentials["private_key_pem"], settings["account"]
/// defer { sandbox.stop() }
/// // ... run the connector against endpoint.baseURL, signing JWTs with the private key ...
/// XCTAssertEqual(try sandbox.query("SELECT COUNT(*) FROM ERP.RAW.VENDORS").rows, [["42"]])
/// XCTAssertEqual(sandbox.counters.deduplicated, 0)
/// ```
public final class SnowflakeSandbox: Sandbox, @unchecked Sendable {
  public static let system = "snowflake"

  /// The clock every time check reads; pass a manual one to `init(options:clock:)` in tests.
  public let clock: SnowflakeSandboxClock
  /// The primary user's registered key; holds the private half unless only a public key
  /// was configured.
  public let keyPair: SnowflakeKeyPair
  /// The primary user's programmatic access token.
  public let programmaticAccessToken: String
  let settings: SnowflakeSandboxSettings
  let service: StatementService
  private let options: SandboxOptions
  let faultInjector: FaultInjector
  private let lock = NSLock()
  private var server: HTTPServer?
  private var extraKeys: [String: [SnowflakeKeyPair]] = [:]
  private var authFailureReason: String?
  private var inFlight = 0

  /// Builds the sandbox on the system clock.
  public convenience init(options: SandboxOptions) throws {
    try self.init(options: options, clock: .system())
  }

  /// Builds the sandbox: reads the settings, loads or generates the user's key, creates the
  /// empty `DATABASE.SCHEMA` (ERP.RAW). Tables are the connector's to create, so
  /// `options.records` seeds nothing.
  public init(options: SandboxOptions, clock: SnowflakeSandboxClock) throws {
    self.options = options
    self.clock = clock
    settings = try SnowflakeSandboxSettings(options.settings)
    if let pem = settings.privateKeyPEM {
      keyPair = try SnowflakeKeyPair(privateKeyPEM: pem)
    } else if let pem = settings.publicKeyPEM {
      keyPair = try SnowflakeKeyPair(publicKeyPEM: pem)
    } else {
      keyPair = try SnowflakeKeyPair.generate()
    }
    var generator = SplitMix64(seed: options.seed ^ 0x5F0F_1A4E)
    programmaticAccessToken = settings.programmaticAccessToken
      ?? "pat-" + (0..<4).map { _ in String(generator.next(), radix: 16) }.joined()
    service = try StatementService(settings: settings, clock: clock, seed: options.seed)
    // Snowflake's documented 429 body; other injected statuses get an internal-error body
    // (500) or none (gateway statuses), as no SQL API body is documented for them.
    faultInjector = FaultInjector(plan: options.faults, seed: options.seed) { status, _ in
      switch status {
      case 429: return .json(429, ResponseBodies.error("390505", "Too many requests.").text)
      case 500: return .json(500, ResponseBodies.error("000603", "SQL execution internal error: Processing aborted due to error 300002:2523554315; incident 1874365.").text)
      default: return HTTPResponse(status: status)
      }
    }
  }

  deinit {
    stop()
  }

  /// Starts serving on 127.0.0.1 and returns the base URL, the private key PEM and PAT as
  /// credentials, and the account context as settings.
  public func start() throws -> SandboxEndpoint {
    lock.lock()
    defer { lock.unlock() }
    if server == nil {
      let server = HTTPServer(configuration: .init(port: options.port), handler: handler)
      try server.start()
      self.server = server
    }
    var credentials = ["programmatic_access_token": programmaticAccessToken]
    credentials["private_key_pem"] = keyPair.privateKeyPEM
    return SandboxEndpoint(
      system: Self.system, baseURL: "http://127.0.0.1:\(server!.port)", credentials: credentials,
      settings: ["account": settings.account, "user": settings.user, "role": settings.role, "warehouse": settings.warehouse,
                 "database": settings.database, "schema": settings.schema, "public_key_fp": keyPair.fingerprint])
  }

  /// Stops serving; idempotent.
  public func stop() {
    lock.lock()
    let running = server
    server = nil
    lock.unlock()
    running?.stop()
  }

  /// The port served on, or 0 before `start()`.
  public var port: UInt16 {
    lock.lock()
    defer { lock.unlock() }
    return server?.port ?? 0
  }

  /// The whole HTTP behaviour, usable without a socket: fault injection, the concurrency
  /// limit (429 when `max_concurrent` requests are already in flight), then the API.
  public var handler: HTTPHandler {
    let api = StatementsAPI(service: service, authenticator: { [unowned self] in authenticator() },
                            lastAuthFailure: { [unowned self] reason in setAuthFailure(reason) }).router.handler
    let limited: HTTPHandler = { [unowned self] request in
      guard enter() else { return .json(429, ResponseBodies.error("390505", "Too many requests.").text) }
      defer { leave() }
      return api(request)
    }
    return faultInjector.wrap(limited)
  }

  private func enter() -> Bool {
    lock.lock()
    defer { lock.unlock() }
    guard settings.maxConcurrent == 0 || inFlight < settings.maxConcurrent else { return false }
    inFlight += 1
    return true
  }

  private func leave() {
    lock.lock()
    inFlight -= 1
    lock.unlock()
  }

  private func authenticator() -> Authenticator {
    lock.lock()
    defer { lock.unlock() }
    var keys = extraKeys
    keys[settings.user, default: []].insert(keyPair, at: 0)
    return Authenticator(account: settings.account, keys: keys,
                         programmaticTokens: [programmaticAccessToken: settings.user],
                         oauthTokens: settings.oauthToken.map { [$0: settings.user] } ?? [:])
  }

  var authFailureText: String? {
    lock.lock()
    defer { lock.unlock() }
    return authFailureReason
  }

  func addKey(_ key: SnowflakeKeyPair, for user: String) {
    lock.lock()
    extraKeys[user, default: []].append(key)
    lock.unlock()
  }

  private func setAuthFailure(_ reason: String) {
    lock.lock()
    authFailureReason = reason
    lock.unlock()
  }
}
