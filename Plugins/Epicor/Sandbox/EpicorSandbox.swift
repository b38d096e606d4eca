import Foundation
import MLCSandboxKit

/// A local simulator of Epicor Kinetic's REST API v2, built from the documented and observed
/// behaviour collected in shared/SYSTEMS.md §1 (sources are cited where each behaviour is
/// implemented).
///
/// Base URL `http://127.0.0.1:{port}/{instance}`; the services live under
/// `{base}/api/v2/odata/{company}/Erp.BO.{Svc}/...` and tokens come from
/// `{base}/TokenResource.svc/`. Seed data is `options.records` purchase orders with their
/// suppliers, parts, chart of accounts, invoices and payments, the same for the same
/// `options.seed`.
///
/// Settings (`options.settings`, all optional): `instance` (default `EpicorSandbox`),
/// `company` (`EPIC06`), `username` (`manager`), `password`, `api_key`, `token_lifetime`
/// seconds (3600), `page_cap` rows per page without `$top` (100; 0 for none),
/// `faults_on_token` (`true` to let faults hit `TokenResource.svc` too).
///
/// ```swift
/// let sandbox = try EpicorSandbox(options: SandboxOptions(records: 500, seed: 7))
/// let endpoint = try sandbox.start()     // endpoint.baseURL, endpoint.credentials["api_key"], ...
/// defer { sandbox.stop() }
/// ```
public final class EpicorSandbox: Sandbox, @unchecked Sendable {
  public static let system = "epicor"

  /// The options the sandbox was built with.
  public let options: SandboxOptions
  /// The instance segment of the base URL.
  public let instance: String
  /// The one company the sandbox serves.
  public let company: String

  let store: EpicorStore
  let storeLock = NSLock()
  let auth: EpicorAuth
  let clock = EpicorClock()
  let faults: FaultInjector
  let defaultTop: Int?
  private let faultsOnToken: Bool
  private let stateLock = NSLock()
  private var server: HTTPServer?
  private var startedEndpoint: SandboxEndpoint?
  var counts: [String: Int] = [:]

  /// Builds the sandbox and its seed data; throws `EpicorSandboxError` for a bad setting.
  public init(options: SandboxOptions) throws {
    self.options = options
    let settings = options.settings
    instance = settings["instance"] ?? "EpicorSandbox"
    company = settings["company"] ?? "EPIC06"
    let lifetime = try Self.integer(settings, "token_lifetime", default: 3600, minimum: 1)
    let cap = try Self.integer(settings, "page_cap", default: 100, minimum: 0)
    defaultTop = cap == 0 ? nil : cap
    faultsOnToken = settings["faults_on_token"] == "true"
    guard options.records >= 0 else {
      throw EpicorSandboxError("records must be 0 or more (got \(options.records)); it counts seeded purchase orders")
    }
    auth = EpicorAuth(username: settings["username"] ?? "manager", password: settings["password"] ?? "Kinetic-Sandbox-1",
                      apiKey: settings["api_key"] ?? Self.defaultAPIKey(seed: options.seed), tokenLifetime: lifetime)
    store = EpicorStore(company: company)
    EpicorSeeder(records: options.records, seed: options.seed).seed(store)
    let onToken = faultsOnToken
    let instanceName = instance
    faults = FaultInjector(
      plan: options.faults, seed: options.faults.seed ?? options.seed,
      applies: { request in onToken || !Self.isTokenPath(request.rawPath, instance: instanceName) },
      errorResponse: { status, request in Self.injectedError(status).response(for: request, correlationId: Self.correlationID()) })
  }

  /// Starts serving on 127.0.0.1 at `options.port` (0 picks a free port).
  public func start() throws -> SandboxEndpoint {
    stateLock.lock()
    defer { stateLock.unlock() }
    if let startedEndpoint { return startedEndpoint }
    let server = HTTPServer(configuration: .init(port: options.port), handler: faults.wrap { [unowned self] in handle($0) })
    let port = try server.start()
    self.server = server
    let endpoint = SandboxEndpoint(
      system: Self.system, baseURL: "http://127.0.0.1:\(port)/\(instance)",
      credentials: ["username": auth.username, "password": auth.password, "api_key": auth.apiKey],
      settings: ["company": company, "instance": instance, "api_version": "v2", "token_lifetime": String(auth.tokenLifetime)])
    startedEndpoint = endpoint
    return endpoint
  }

  /// Stops serving; idempotent.
  public func stop() {
    stateLock.lock()
    let server = self.server
    self.server = nil
    startedEndpoint = nil
    stateLock.unlock()
    server?.stop()
  }

  /// Where the sandbox listens, once started.
  public var endpoint: SandboxEndpoint? {
    stateLock.lock()
    defer { stateLock.unlock() }
    return startedEndpoint
  }

  /// Blocks until `stop()` (for a sandbox executable's main thread).
  public func waitUntilStopped() {
    stateLock.lock()
    let server = self.server
    stateLock.unlock()
    server?.waitUntilStopped()
  }

  static func isTokenPath(_ rawPath: String, instance: String) -> Bool {
    let segments = rawPath.split(separator: "/")
    return segments.count == 2 && segments[1].lowercased() == "tokenresource.svc"
  }

  /// The Epicor-shaped body of an injected fault.
  static func injectedError(_ status: Int) -> EpicorError {
    let message: String
    switch status {
    case 429: message = "Too many requests; retry later. (injected fault)"
    case 503: message = "The service is temporarily unavailable. (injected fault)"
    default: message = "An internal server error occurred. (injected fault, HTTP \(status))"
    }
    var error = EpicorError(status: status, message: message, type: "Epicor.RESTApi.ErrorHandling.ApiException")
    error.reasonPhrase = status == 429 ? "Too Many Requests" : "REST API Exception"
    return error
  }

  static func correlationID() -> String {
    UUID().uuidString.lowercased()
  }

  private static func integer(_ settings: [String: String], _ name: String, default value: Int, minimum: Int) throws -> Int {
    guard let text = settings[name] else { return value }
    guard let number = Int(text), number >= minimum else {
      throw EpicorSandboxError("setting \(name)=\(text) is not a whole number of at least \(minimum); fix it in --set \(name)=...")
    }
    return number
  }

  private static func defaultAPIKey(seed: UInt64) -> String {
    var random = SplitMix64(seed: seed ^ 0xA91_C0DE)
    return "sbx-" + String(random.next(), radix: 36) + String(random.next(), radix: 36)
  }
}
