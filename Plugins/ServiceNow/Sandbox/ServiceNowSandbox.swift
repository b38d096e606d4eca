// ServiceNow sandbox: a local simulator of one ServiceNow instance with Source-to-Pay
// Operations, built from the vendor's documented behaviour.
//
// Sources (GitHub ServiceNow/ServiceNowDocs, markdown/, australia/zurich; see SYSTEMS.md §1):
// - OAuth: api-reference/rest-api-explorer/r_RESTOAuthExample.md; client credentials
//   platform-security/authentication/client-credentials-grant-workflow.md
// - Headers, errors: api-reference/rest-api-explorer/c_RESTAPI.md, c_CustomWebServices.md
// - Table API: api-reference/rest-apis/c_TableAPI.md
// - Import Set API: api-reference/rest-apis/c_ImportSetAPI.md; coalesce and row states:
//   integrate-applications/system-import-sets/c_ImportSetCoalesce.md, r_ImportSetMode.md
// - Rate limiting: api-reference/rest-api-explorer/inbound-REST-API-rate-limiting.md
// - Source-to-Pay staging tables and transform maps:
//   source-to-pay-operations/source-to-pay-integration-framework/*.md
// Behaviour seen only in public client code is marked [C] where it is implemented, and
// guesses the docs leave open are marked [U].

import Foundation
import MLCSandboxKit

/// A ServiceNow instance on 127.0.0.1: OAuth and Basic auth, the Table API, the Import Set
/// API with Source-to-Pay transform maps, rate-limit rules and injected faults.
///
/// `init(options:)` builds and seeds the instance (`options.records` purchase requisitions,
/// or the `requisitions` setting); `start()` listens and returns the base URL and
/// credentials. See `ServiceNowSettings` for every `--set` key and
/// `ServiceNowSandbox+Inspection.swift` for what tests can read and control.
///
/// ```swift
/// let sandbox = try ServiceNowSandbox(options: SandboxOptions(records: 50, seed: 7))
/// let endpoint = try sandbox.start()
/// defer { sandbox.stop() }
/// // POST \(endpoint.baseURL)/api/now/import/sn_fcms_intg_imp_supplier ...
/// ```
public final class ServiceNowSandbox: Sandbox, @unchecked Sendable {
  public static let system = "servicenow"

  let state: ServiceNowState
  let faults: FaultInjector
  private let options: SandboxOptions
  private let worker: ImportWorker
  private let lock = NSLock()
  private var server: HTTPServer?

  /// Builds the instance and its seed data; throws `ServiceNowSandboxError` for a bad setting.
  public init(options: SandboxOptions) throws {
    let stagingTables = Set(SourceToPayMaps.all.map(\.staging.name))
    let settings = try ServiceNowSettings(settings: options.settings, records: options.records, stagingTables: stagingTables)
    self.options = options
    state = ServiceNowState(settings: settings, seed: options.seed)
    worker = ImportWorker(state: state)
    let retryAfter = options.faults.retryAfterSeconds ?? 1
    faults = FaultInjector(plan: options.faults, seed: options.seed, applies: { $0.path.hasPrefix("/api/") }) { status, _ in
      var response = ServiceNowErrors.injected(status)
      if status == 429 { response.headers["Retry-After"] = String(retryAfter) }
      return response
    }
    state.withLock {
      SeedData.seed(state.store, requisitions: settings.requisitionCount, seed: options.seed, adminUser: settings.username)
    }
  }

  /// Starts serving on 127.0.0.1 (the options' port, 0 = any free port).
  public func start() throws -> SandboxEndpoint {
    try startServing()
    // `endpoint` reads the port under the same lock, so it is built after the lock is released.
    return endpoint
  }

  /// Starts the HTTP server and the import worker once; later calls do nothing.
  private func startServing() throws {
    lock.lock()
    defer { lock.unlock() }
    guard server == nil else { return }
    let handler = state.recorder.wrap(faults.wrap(ServiceNowRoutes.handler(state: state)))
    let server = HTTPServer(configuration: .init(port: options.port), handler: handler)
    try server.start()
    self.server = server
    if !state.settings.manualImportProcessing { worker.start() }
  }

  /// Stops serving and the import worker; idempotent. Queued imports stay queued.
  public func stop() {
    lock.lock()
    let running = server
    server = nil
    lock.unlock()
    guard let running else { return }
    running.stop()
    if !state.settings.manualImportProcessing { worker.stop() }
  }

  /// Where the sandbox listens and what a connection needs; valid after `start()`.
  public var endpoint: SandboxEndpoint {
    let settings = state.settings
    return SandboxEndpoint(
      system: Self.system, baseURL: "http://127.0.0.1:\(port)",
      credentials: ["username": settings.username, "password": settings.password,
                    "client_id": settings.clientID, "client_secret": settings.clientSecret],
      settings: ["instance": settings.instance, "token_url": "http://127.0.0.1:\(port)/oauth_token.do",
                 "client_credentials": settings.clientCredentialsEnabled ? "true" : "false"])
  }

  /// The bound port; 0 before `start()`.
  public var port: UInt16 {
    lock.lock()
    defer { lock.unlock() }
    return server?.port ?? 0
  }

  /// Blocks until `stop()` has been called (for a sandbox executable's main thread).
  public func waitUntilStopped() {
    lock.lock()
    let running = server
    lock.unlock()
    running?.waitUntilStopped()
  }
}
