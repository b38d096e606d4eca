import Foundation

/// Builds a connection's `HTTPService` from its deployment config.
///
/// The C bridge calls `make` once per connection (per plugin instance) with the
/// connection's `base_url`, `auth` and optional `http` objects as `JSONSerialization`
/// parsed them; every config error names its JSON path under `path`
/// (e.g. `connections.epicor`).
enum HTTPServiceFactory {
  /// Parses the config, builds the allow-list (base URL plus absolute token endpoints),
  /// the auth profile and the transport, and returns the ready service.
  ///
  /// - Parameters:
  ///   - connection: The connection's name, used in messages.
  ///   - plugin: The plugin name, which picks the default limits and token lifetimes.
  ///   - baseURL: The connection's `base_url`.
  ///   - auth: The `auth` object; nil means the `none` profile.
  ///   - http: The optional `http` object overriding limits and timeouts.
  ///   - path: The connection's JSON path, e.g. `connections.epicor`.
  ///   - secrets: Where secret names resolve.
  ///   - signer: The JWT signer (needed by `snowflake_keypair_jwt`).
  ///   - runBudget: The current run's retry budget, shared by its connections.
  ///   - transport: The wire; nil for a `SchemeTransport` (sockets for `http`, a
  ///     `URLSessionTransport` of the connection's size for `https`). Either way it is
  ///     wrapped in a `MeteredTransport` counting bytes into the connection's metrics.
  static func make(connection: String, plugin: String, baseURL: String, auth: Any?, http: Any?,
                   path: String, secrets: any SecretProvider, signer: (any JWTSigning)?,
                   runBudget: RetryBudget, hooks: HTTPServiceHooks = HTTPServiceHooks(),
                   transport: (any HTTPTransport)? = nil, clock: any HTTPClock = SystemHTTPClock(),
                   jitter: JitterSource = .system) throws -> HTTPService {
    let settings = try ConnectionHTTPSettings.parse(http, plugin: plugin, path: "\(path).http")
    let profile = try auth.map { try AuthProfile.parse($0, plugin: plugin, path: "\(path).auth") }
    var egress = try EgressPolicy(baseURL: baseURL, field: "\(path).base_url")
    for endpoint in profile?.absoluteEndpoints ?? [] { egress.allow(endpoint) }
    let metrics = HTTPMetrics()
    let routing = try SchemeTransport.routing()
    let maxConnections = settings.maxConcurrent
    let wire = MeteredTransport(transport ?? SchemeTransport(
      routing: routing, plain: SocketTransport(maxIdlePerEndpoint: max(16, maxConnections)),
      makeSecure: { URLSessionTransport(maxConnections: maxConnections) }), metrics: metrics)
    let context = AuthContext(connection: connection, secrets: secrets, transport: wire, egress: egress,
                              clock: clock, hooks: hooks, metrics: metrics,
                              timeout: min(settings.totalTimeout, 60), connectTimeout: settings.connectTimeout)
    let authenticator = try profile?.makeAuthenticator(context: context, signer: signer) ?? NoAuthenticator()
    return HTTPService(connection: connection, egress: egress, settings: settings,
                       authenticator: authenticator, transport: wire, runBudget: runBudget,
                       clock: clock, jitter: jitter, hooks: hooks, metrics: metrics)
  }
}
