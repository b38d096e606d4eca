import Foundation

/// Sends a connector's HTTP requests on its connection: resolves them against the base
/// URL and the egress allow-list, attaches credentials, limits concurrency and rate, and
/// retries what `RetryRules` allows. One instance per connection; blocking; thread-safe.
///
/// A 401 drops the credential it was signed with and resends once with a fresh one; a
/// second 401 is returned. Each retry takes one from the run's `RetryBudget`; running out
/// of attempts or budget is a `retriesExhausted` error, which the caller turns into a dead
/// letter. Every attempt is counted in `metrics` and logged at debug level, redacted.
final class HTTPService: @unchecked Sendable {
  /// Sent when the plugin sets no `User-Agent` (Snowflake requires one).
  static let userAgent = "mlc/0.1"

  let connection: String
  let settings: ConnectionHTTPSettings
  let egress: EgressPolicy
  let authenticator: any Authenticator
  let metrics: HTTPMetrics
  let runBudget: RetryBudget
  private let transport: any HTTPTransport
  private let limiter: ConnectionLimiter
  private let clock: any HTTPClock
  private let jitter: JitterSource
  private let hooks: HTTPServiceHooks

  init(connection: String, egress: EgressPolicy, settings: ConnectionHTTPSettings,
       authenticator: any Authenticator, transport: any HTTPTransport, runBudget: RetryBudget,
       clock: any HTTPClock = SystemHTTPClock(), jitter: JitterSource = .system,
       hooks: HTTPServiceHooks = HTTPServiceHooks(), metrics: HTTPMetrics = HTTPMetrics()) {
    self.connection = connection
    self.egress = egress
    self.settings = settings
    self.authenticator = authenticator
    self.transport = transport
    self.runBudget = runBudget
    self.clock = clock
    self.jitter = jitter
    self.hooks = hooks
    self.metrics = metrics
    limiter = ConnectionLimiter(maxConcurrent: settings.maxConcurrent,
                                requestsPerSecond: settings.requestsPerSecond,
                                burst: settings.burst, clock: clock)
  }

  /// The auth profile signing requests now ("basic" after a ServiceNow fallback).
  var activeAuthProfile: String { authenticator.activeProfile }

  /// Sends `request` and returns its final response, whatever its status (a 404 is a
  /// response, not an error); throws when no final response could be had. Blocks the
  /// calling thread, which must not be one of Swift's cooperative pool.
  func send(_ request: OutboundRequest) throws(HTTPServiceError) -> OutboundResponse {
    metrics.recordCall()
    do {
      return try perform(request)
    } catch let error as HTTPServiceError {
      metrics.recordFailedCall()
      throw error
    } catch {
      metrics.recordFailedCall()
      throw self.error(.requestFailed, .fatal, url: request.target,
                       "connection \"\(connection)\": \(request.method) \(request.target) failed: \(error)")
    }
  }

  /// Signs out (session profiles) and releases the connection's sockets.
  func close() {
    authenticator.close()
    transport.shutdown()
  }

  private func perform(_ request: OutboundRequest) throws -> OutboundResponse {
    guard !request.method.isEmpty, request.method.allSatisfy({ ("A"..."Z").contains($0) }) else {
      throw error(.requestFailed, .fatal, url: request.target,
                  "connection \"\(connection)\": \"\(request.method)\" is not an HTTP method; use GET, POST, PATCH, PUT or DELETE")
    }
    let url = try resolve(request)
    var attempt = 0
    var retries = 0
    var renewedCredentials = false
    while true {
      attempt += 1
      var wire = TransportRequest(method: request.method, url: url, headers: try headers(for: request, url: url),
                                  body: request.body, timeout: request.timeout ?? settings.totalTimeout,
                                  connectTimeout: settings.connectTimeout)
      let stamp = try authorize(&wire, request, url: url, attempt: attempt)
      let (outcome, latency) = exchange(wire)
      // The URL as sent (an API key in the query included; the redactor hides it).
      let prefix = "\(connection): \(request.method) \(wire.url.absoluteString)"

      switch outcome {
      case .success(let response):
        metrics.recordAttempt(status: response.status, failure: nil, latency: latency, isRetry: attempt > 1)
        if stamp != nil { authenticator.observe(response) }
        let limits = RateLimitHeaders(headers: response.headers, now: clock.now)
        if limits.isExhausted, let reset = limits.reset { limiter.pause(until: reset) }
        let summary = "\(prefix) -> \(response.status) in \(Int(latency * 1000)) ms (attempt \(attempt))"

        if response.status == 401, let stamp, !renewedCredentials {
          renewedCredentials = true
          if authenticator.credentialsRejected(stamp) {
            hooks.debug("\(summary); renewing credentials and resending once")
            continue
          }
        }
        guard RetryRules.isRetryable(status: response.status, request) else {
          hooks.debug(summary)
          return OutboundResponse(status: response.status, headers: response.headers.lowercasedNames,
                                  body: response.body, attempts: attempt)
        }
        try waitBeforeRetry(attempt: attempt, retries: &retries,
                            serverDelay: RetryRules.serverDelay(response, limits: limits, now: clock.now),
                            last: "HTTP \(response.status)", lastStatus: response.status, summary: summary, url: url)

      case .failure(let failure):
        metrics.recordAttempt(status: nil, failure: failure.kind.rawValue, latency: latency, isRetry: attempt > 1)
        let summary = "\(prefix) -> \(failure) after \(Int(latency * 1000)) ms (attempt \(attempt))"
        guard RetryRules.isRetryable(failure, request) else {
          hooks.debug(summary)
          if failure.kind == .other {
            throw error(.requestFailed, .fatal, url: url.absoluteString, "\(prefix) failed: \(failure)",
                        attempts: attempt)
          }
          throw error(.outcomeUnknown, .fatal, url: url.absoluteString,
                      "\(prefix) failed (\(failure)); the server may have acted on it, so it was not "
                      + "resent: check the target system before replaying, or make the request idempotent",
                      attempts: attempt)
        }
        try waitBeforeRetry(attempt: attempt, retries: &retries, serverDelay: nil,
                            last: failure.description, lastStatus: nil, summary: summary, url: url)
      }
    }
  }

  /// The request's URL, checked against the allow-list.
  private func resolve(_ request: OutboundRequest) throws -> URL {
    do {
      return try egress.resolve(target: request.target, query: request.query)
    } catch let refusal as EgressRefusal {
      throw error(.egressRefused, .fatal, url: refusal.url, "connection \"\(connection)\": \(refusal.description)")
    }
  }

  /// Adds credentials unless the request opted out; returns the stamp to hand back on a 401.
  private func authorize(_ wire: inout TransportRequest, _ request: OutboundRequest, url: URL,
                         attempt: Int) throws -> AuthStamp? {
    guard !request.withoutAuth else { return nil }
    do {
      return try authenticator.authorize(&wire)
    } catch let failure as AuthFailure {
      throw error(.authFailed, failure.transient ? .retry : .configError, url: url.absoluteString,
                  failure.description, attempts: attempt - 1)
    } catch {
      throw self.error(.authFailed, .configError, url: url.absoluteString,
                       "connection \"\(connection)\": \(activeAuthProfile) authentication failed: \(error)",
                       attempts: attempt - 1)
    }
  }

  /// One exchange on the wire inside a limiter place, with its latency.
  private func exchange(_ wire: TransportRequest) -> (Result<TransportResponse, TransportFailure>, TimeInterval) {
    limiter.acquire()
    defer { limiter.release() }
    let started = DispatchTime.now()
    let outcome: Result<TransportResponse, TransportFailure>
    do {
      outcome = .success(try transport.send(wire))
    } catch let failure as TransportFailure {
      outcome = .failure(failure)
    } catch {
      outcome = .failure(TransportFailure(kind: .other, message: "\(error)"))
    }
    return (outcome, HTTPMetrics.elapsed(since: started))
  }

  /// Waits out the delay before the next attempt, or throws `retriesExhausted` when the
  /// attempts, the server's requested wait or the run's budget do not allow one.
  private func waitBeforeRetry(attempt: Int, retries: inout Int, serverDelay: TimeInterval?,
                               last: String, lastStatus: Int?, summary: String, url: URL) throws {
    let policy = settings.retry
    let prefix = "connection \"\(connection)\": \(url.absoluteString)"
    func exhausted(_ message: String, _ note: String) -> HTTPServiceError {
      hooks.debug("\(summary); \(note)")
      return error(.retriesExhausted, .retry, url: url.absoluteString, message, attempts: attempt,
                   lastStatus: lastStatus, retryAfter: serverDelay)
    }
    if attempt >= policy.maxAttempts {
      throw exhausted("\(prefix) still failing after \(attempt) attempts (last: \(last))", "giving up")
    }
    if let serverDelay, serverDelay > policy.maxServerDelay {
      throw exhausted("\(prefix) answered \(last) and asks to wait \(Int(serverDelay.rounded(.up))) s, longer "
        + "than the \(Int(policy.maxServerDelay)) s one request may wait; retry after that",
        "the server asks to wait \(Int(serverDelay)) s, giving up")
    }
    guard runBudget.consume() else {
      throw exhausted("\(prefix) answered \(last) and the run's retry budget of \(runBudget.limit) retries is "
        + "spent; the target is failing widely, so remaining requests fail fast", "the run's retry budget is spent")
    }
    let delay = serverDelay ?? policy.backoff(retry: retries, unit: jitter.next())
    retries += 1
    let reason = serverDelay == nil ? "backoff" : "as the server asked"
    hooks.debug("\(summary); retrying in \(String(format: "%.3f", delay)) s (\(reason))")
    clock.sleep(until: clock.now.addingTimeInterval(delay))
  }

  /// The plugin's headers plus defaults it did not set. A line break in a name or value
  /// would let a plugin smuggle extra headers (or requests) onto the wire.
  private func headers(for request: OutboundRequest, url: URL) throws -> HeaderList {
    // Bytes, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
    for field in request.headers where (field.name + field.value).utf8.contains(where: { $0 == 13 || $0 == 10 }) {
      throw error(.requestFailed, .fatal, url: url.absoluteString,
                  "connection \"\(connection)\": header \"\(field.name)\" of \(request.method) \(url.absoluteString) "
                  + "contains a line break; remove it")
    }
    var headers = request.headers
    if !headers.contains("User-Agent") { headers.set("User-Agent", Self.userAgent) }
    if !headers.contains("Accept") { headers.set("Accept", "application/json") }
    if !request.body.isEmpty, !headers.contains("Content-Type") {
      headers.set("Content-Type", "application/json")
    }
    return headers
  }

  private func error(_ code: HTTPServiceError.Code, _ disposition: HTTPServiceError.Disposition,
                     url: String, _ message: String, attempts: Int = 0, lastStatus: Int? = nil,
                     retryAfter: TimeInterval? = nil) -> HTTPServiceError {
    HTTPServiceError(code: code, disposition: disposition, connection: connection,
                     url: hooks.redact(url), message: hooks.redact(message), attempts: attempts,
                     lastStatus: lastStatus, retryAfter: retryAfter)
  }
}
