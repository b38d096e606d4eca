import Foundation

/// Sends a connector's HTTP requests on its connection: resolves them against the base
/// URL and the egress allow-list, attaches credentials, limits concurrency and rate, and
/// retries what is safe to retry. One instance per connection; blocking; thread-safe.
///
/// Retry rules (shared/DESIGN.md, "Retries belong to the host"):
/// - 408, 429 and 503 are always retried: the server did not process the request.
/// - Other 5xx (but 501), timeouts and lost connections are retried only when resending
///   is safe: GET/HEAD/OPTIONS/PUT/DELETE, or a request the plugin flagged idempotent.
///   A connection that could not even be opened is retried for any method.
/// - 409 is retried only for a flagged request; other 4xx are returned as they are.
/// - 401 drops the credential and resends once with a fresh one; a second 401 is returned.
/// The wait is `Retry-After` (seconds or HTTP-date) when given, else the rate-limit
/// window reset for a 429/503, else full-jitter backoff. Each retry takes one from the
/// run's `RetryBudget`; running out of attempts or budget is a `retriesExhausted` error
/// the caller turns into a dead letter.
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

  /// Sends `request` and returns its final response, whatever its status; throws
  /// `HTTPServiceError` when no final response could be had. Blocks the calling thread.
  func send(_ request: OutboundRequest) throws -> OutboundResponse {
    metrics.recordCall()
    do {
      return try perform(request)
    } catch {
      metrics.recordFailedCall()
      throw error
    }
  }

  /// Signs out (session profiles) and releases the connection's sockets.
  func close() {
    authenticator.close()
    transport.shutdown()
  }

  private func perform(_ request: OutboundRequest) throws -> OutboundResponse {
    let url: URL
    do {
      url = try egress.resolve(target: request.target, query: request.query)
    } catch let refusal as EgressRefusal {
      throw error(.egressRefused, .fatal, url: refusal.url, "connection \"\(connection)\": \(refusal.description)")
    }
    var attempt = 0
    var retries = 0
    var refreshedCredentials = false
    while true {
      attempt += 1
      var wire = TransportRequest(method: request.method, url: url, headers: headers(for: request),
                                  body: request.body, timeout: request.timeout ?? settings.totalTimeout,
                                  connectTimeout: settings.connectTimeout)
      var stamp: AuthStamp?
      if !request.withoutAuth {
        do {
          stamp = try authenticator.authorize(&wire)
        } catch let failure as AuthFailure {
          throw error(.authFailed, failure.transient ? .retry : .configError, url: url.absoluteString,
                      failure.description, attempts: attempt - 1)
        }
      }

      limiter.acquire()
      let started = DispatchTime.now()
      let outcome: Result<TransportResponse, TransportFailure>
      do {
        outcome = .success(try transport.send(wire))
      } catch let failure as TransportFailure {
        outcome = .failure(failure)
      } catch {
        outcome = .failure(TransportFailure(kind: .other, message: "\(error)"))
      }
      limiter.release()
      let latency = AuthContext.seconds(since: started)
      // The URL as sent (an API key in the query included; the redactor hides it).
      let prefix = "\(connection): \(request.method) \(wire.url.absoluteString)"

      switch outcome {
      case .success(let response):
        metrics.recordAttempt(status: response.status, failure: nil, latency: latency, isRetry: attempt > 1)
        if !request.withoutAuth { authenticator.observe(response) }
        let limits = RateLimitHeaders(headers: response.headers, now: clock.now)
        if limits.isExhausted, let reset = limits.reset { limiter.pause(until: reset) }
        let summary = "\(prefix) -> \(response.status) in \(Int(latency * 1000)) ms (attempt \(attempt))"

        if response.status == 401, let stamp, !refreshedCredentials {
          refreshedCredentials = true
          if authenticator.credentialsRejected(stamp) {
            hooks.debug("\(summary); renewing credentials and resending once")
            continue
          }
        }
        guard Self.isRetryable(status: response.status, request) else {
          hooks.debug(summary)
          return OutboundResponse(status: response.status, headers: response.headers.lowercasedNames,
                                  body: response.body, attempts: attempt)
        }
        let serverDelay = RetryAfter.delay(response.headers["Retry-After"], now: clock.now)
          ?? ((response.status == 429 || response.status == 503) ? limits.delayUntilReset(now: clock.now) : nil)
        try waitBeforeRetry(attempt: attempt, retries: &retries, serverDelay: serverDelay,
                            last: "HTTP \(response.status)", lastStatus: response.status,
                            summary: summary, url: url)

      case .failure(let failure):
        metrics.recordAttempt(status: nil, failure: failure.kind.rawValue, latency: latency, isRetry: attempt > 1)
        let summary = "\(prefix) -> \(failure) after \(Int(latency * 1000)) ms (attempt \(attempt))"
        let resendable = failure.requestWasNotSent
          || (request.isSafeToResend && (failure.kind == .timedOut || failure.kind == .connectionLost))
        guard resendable else {
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

  /// Waits out the delay before the next attempt, or throws `retriesExhausted` when the
  /// attempts, the server's requested wait or the run's budget do not allow one.
  private func waitBeforeRetry(attempt: Int, retries: inout Int, serverDelay: TimeInterval?,
                               last: String, lastStatus: Int?, summary: String, url: URL) throws {
    let policy = settings.retry
    let prefix = "connection \"\(connection)\": \(url.absoluteString)"
    if attempt >= policy.maxAttempts {
      hooks.debug("\(summary); giving up")
      throw error(.retriesExhausted, .retry, url: url.absoluteString,
                  "\(prefix) still failing after \(attempt) attempts (last: \(last))",
                  attempts: attempt, lastStatus: lastStatus, retryAfter: serverDelay)
    }
    if let serverDelay, serverDelay > policy.maxServerDelay {
      hooks.debug("\(summary); the server asks to wait \(Int(serverDelay)) s, giving up")
      throw error(.retriesExhausted, .retry, url: url.absoluteString,
                  "\(prefix) answered \(last) and asks to wait \(Int(serverDelay.rounded(.up))) s, longer "
                  + "than the \(Int(policy.maxServerDelay)) s one request may wait; retry after that",
                  attempts: attempt, lastStatus: lastStatus, retryAfter: serverDelay)
    }
    guard runBudget.consume() else {
      hooks.debug("\(summary); the run's retry budget is spent")
      throw error(.retriesExhausted, .retry, url: url.absoluteString,
                  "\(prefix) answered \(last) and the run's retry budget of \(runBudget.limit) retries is "
                  + "spent; the target is failing widely, so remaining requests fail fast",
                  attempts: attempt, lastStatus: lastStatus, retryAfter: serverDelay)
    }
    let delay = serverDelay ?? policy.backoff(retry: retries, unit: jitter.next())
    retries += 1
    let reason = serverDelay == nil ? "backoff" : "as the server asked"
    hooks.debug("\(summary); retrying in \(String(format: "%.3f", delay)) s (\(reason))")
    clock.sleep(until: clock.now.addingTimeInterval(delay))
  }

  /// Whether a response with `status` may be resent (see the type's rules).
  static func isRetryable(status: Int, _ request: OutboundRequest) -> Bool {
    switch status {
    case 408, 429, 503: return true
    case 409: return request.idempotent
    case 501: return false
    case 500...599: return request.isSafeToResend
    default: return false
    }
  }

  /// The plugin's headers plus defaults it did not set.
  private func headers(for request: OutboundRequest) -> HeaderList {
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
