import Foundation

/// What an auth profile needs from its connection: secrets, the wire, the allow-list, the
/// clock and the hooks, plus helpers that turn their failures into `AuthFailure`s.
///
/// Token and login requests go straight to the transport, outside the retry loop and the
/// limiter: a failed token request is reported, not retried within the same request, and
/// waiting for a limiter place here could deadlock a connection whose places are all
/// held by requests waiting for this very token.
final class AuthContext: Sendable {
  let connection: String
  let secrets: any SecretProvider
  let transport: any HTTPTransport
  let egress: EgressPolicy
  let clock: any HTTPClock
  let hooks: HTTPServiceHooks
  let metrics: HTTPMetrics
  /// Timeouts for token and login requests, in seconds.
  let timeout: TimeInterval
  let connectTimeout: TimeInterval

  init(connection: String, secrets: any SecretProvider, transport: any HTTPTransport,
       egress: EgressPolicy, clock: any HTTPClock, hooks: HTTPServiceHooks,
       metrics: HTTPMetrics, timeout: TimeInterval = 30, connectTimeout: TimeInterval = 10) {
    self.connection = connection
    self.secrets = secrets
    self.transport = transport
    self.egress = egress
    self.clock = clock
    self.hooks = hooks
    self.metrics = metrics
    self.timeout = timeout
    self.connectTimeout = connectTimeout
  }

  /// Reads a secret as text and registers it for redaction. A missing secret becomes an
  /// `AuthFailure` naming the config field that points at it.
  func secret(_ name: String, field: String, profile: String) throws -> String {
    do {
      let value = try secrets.string(named: name)
      hooks.register(value)
      return value
    } catch let error as SecretError {
      throw AuthFailure(connection: connection, profile: profile, endpoint: field, status: nil,
                        detail: error.description, remedy: "the connection cannot sign in without it",
                        transient: false)
    } catch {
      throw AuthFailure(connection: connection, profile: profile, endpoint: field, status: nil,
                        detail: "cannot read secret \"\(name)\": \(error)",
                        remedy: "check the vault and its master key", transient: false)
    }
  }

  /// Resolves a token or login endpoint (relative to the base URL, or absolute on an
  /// allowed origin).
  func resolve(_ endpoint: String, profile: String) throws -> URL {
    do {
      return try egress.resolve(target: endpoint)
    } catch let refusal as EgressRefusal {
      throw AuthFailure(connection: connection, profile: profile, endpoint: refusal.url, status: nil,
                        detail: refusal.reason, remedy: "fix the endpoint in the auth profile",
                        transient: false)
    }
  }

  /// Sends a token or login request and returns whatever status came back. A transport
  /// failure becomes a transient `AuthFailure`.
  func send(_ method: String, _ url: URL, headers: HeaderList, body: [UInt8],
            profile: String) throws -> TransportResponse {
    var request = TransportRequest(method: method, url: url, headers: headers, body: body,
                                   timeout: timeout, connectTimeout: connectTimeout)
    if !request.headers.contains("User-Agent") { request.headers.set("User-Agent", HTTPService.userAgent) }
    let started = DispatchTime.now()
    do {
      let response = try transport.send(request)
      let latency = HTTPMetrics.elapsed(since: started)
      metrics.recordTokenRequest(status: response.status, failure: nil, latency: latency)
      hooks.debug("\(connection): \(profile) \(method) \(url.absoluteString) -> \(response.status) in \(Int(latency * 1000)) ms")
      return response
    } catch let failure as TransportFailure {
      metrics.recordTokenRequest(status: nil, failure: failure.kind.rawValue, latency: HTTPMetrics.elapsed(since: started))
      hooks.debug("\(connection): \(profile) \(method) \(url.absoluteString) -> \(failure)")
      throw AuthFailure(connection: connection, profile: profile, endpoint: url.absoluteString,
                        status: nil, detail: failure.description,
                        remedy: "check that the endpoint is reachable; the run may retry later",
                        transient: true)
    }
  }

  /// An `AuthFailure` for an endpoint that answered with an error status. 429 and 5xx are
  /// transient; anything else needs the operator.
  func refusal(_ response: TransportResponse, url: URL, profile: String, remedy: String,
               grantNotEnabled: Bool = false) -> AuthFailure {
    let transient = response.status == 429 || response.status >= 500
    var failure = AuthFailure(
      connection: connection, profile: profile, endpoint: url.absoluteString, status: response.status,
      detail: AuthFailure.excerpt(response.body),
      remedy: transient ? "the server is busy or down; the run may retry later" : remedy,
      transient: transient)
    failure.grantNotEnabled = grantNotEnabled
    return failure
  }
}
