import CMLCPlugin
import XCTest
@testable import MLCHost
import TestKit

/// The service around the retry loop: the egress allow-list, concurrency and rate limits,
/// metrics, debug logging with redaction, and what the wire sees.
final class HTTPServiceTests: XCTestCase {
  // MARK: Egress

  func testRequestsOffTheConnectionsOriginAreRefusedNamingTheURL() throws {
    let server = try startScriptedServer(self) { $0.script(nil, "/ok", [.status(200)]) }
    let service = try NetServiceBuilder().make(server)
    let port = URL(string: server.baseURL)!.port!
    let refused = [
      "https://evil.example.com/steal": "https://evil.example.com/steal",
      "//evil.example.com/x": "http://evil.example.com/x",
      "http://127.0.0.1:\(port)@evil.example.com/x": "http://127.0.0.1:\(port)@evil.example.com/x",
      "http://127.0.0.1:\(port == 65535 ? 1 : port + 1)/ok": "http://127.0.0.1:\(port == 65535 ? 1 : port + 1)/ok",
      "https://127.0.0.1:\(port)/ok": "https://127.0.0.1:\(port)/ok",
    ]
    for (target, url) in refused {
      let error = serviceError { try service.send(OutboundRequest(method: "GET", target: target)) }
      XCTAssertEqual(error?.code, .egressRefused, target)
      XCTAssertEqual(error?.disposition, .fatal, target)
      XCTAssertEqual(error?.url, url, target)
      XCTAssertTrue(error?.message.hasPrefix("connection \"test\": refused to send a request to \(url): ") ?? false,
                    error?.message ?? "")
    }
    XCTAssertEqual(server.requests.count, 0, "nothing refused reached any server")
    XCTAssertEqual(try service.send(OutboundRequest(method: "GET", target: server.baseURL + "ok")).status, 200,
                   "an absolute URL on the connection's own origin is fine")
  }

  func testPathsResolveUnderTheBaseURLAndKeepTheQuery() throws {
    let server = try startScriptedServer(self) { $0.script(nil, "/SaaS5333/api/v2/odata/EPIC06/Erp.BO.POSvc/POes", [.json(200, "{}")]) }
    var egress = try EgressPolicy(baseURL: server.baseURL + "SaaS5333", field: "connections.epicor.base_url")
    egress.allow(URL(string: "https://login.example.com/oauth/token")!)
    let url = try egress.resolve(target: "api/v2/odata/EPIC06/Erp.BO.POSvc/POes", query: "$top=100&$skip=200")
    XCTAssertEqual(url.absoluteString, server.baseURL + "SaaS5333/api/v2/odata/EPIC06/Erp.BO.POSvc/POes?$top=100&$skip=200")
    XCTAssertEqual(try egress.resolve(target: "POes?$top=1", query: "x=2").query, "$top=1&x=2")
    XCTAssertEqual(try egress.resolve(target: "api/v2/odata/EPIC06/Erp.BO.POSvc/POes('EPIC06',3223)",
                                      query: "$expand=PODetails").absoluteString,
                   server.baseURL + "SaaS5333/api/v2/odata/EPIC06/Erp.BO.POSvc/POes('EPIC06',3223)?$expand=PODetails")
    XCTAssertNoThrow(try egress.resolve(target: "HTTPS://LOGIN.example.com:443/oauth/token"), "origins compare normalised")
    XCTAssertThrowsError(try EgressPolicy(baseURL: "ftp://files.example.com", field: "connections.x.base_url")) {
      XCTAssertEqual("\($0)", "connections.x.base_url: \"ftp://files.example.com\" is not an absolute http(s) URL without query; write it like https://host/instance/")
    }
  }

  func testRedirectsAreReturnedNotFollowed() throws {
    let server = try startScriptedServer(self) {
      $0.script("GET", "/moved", [.status(302, headers: [("Location", "https://evil.example.com/collect")])])
    }
    var builder = NetServiceBuilder()
    builder.secrets = NetTestSecrets(["u": "user", "p": "pass"])
    builder.auth = ["profile": "basic", "username_secret": "u", "password_secret": "p"]
    let response = try builder.make(server).send(OutboundRequest(method: "GET", target: "moved"))
    XCTAssertEqual(response.status, 302)
    XCTAssertEqual(response.headers["location"], "https://evil.example.com/collect")
    XCTAssertEqual(server.requests.count, 1)
  }

  // MARK: Limits

  func testConcurrencyLimitHolds() throws {
    let server = try startScriptedServer(self) { $0.script("GET", "/slow", [.status(200, delay: 0.05)]) }
    var builder = NetServiceBuilder()
    builder.http?["max_concurrent"] = 2
    builder.transport = URLSessionTransport(maxConnections: 16)  // only our limiter limits
    let service = try builder.make(server)
    let failures = NetTestCounter()
    DispatchQueue.concurrentPerform(iterations: 6) { _ in
      for _ in 0..<2 {
        if (try? service.send(OutboundRequest(method: "GET", target: "slow")))?.status != 200 { failures.increment() }
      }
    }
    XCTAssertEqual(failures.value, 0)
    XCTAssertEqual(server.requests.count, 12)
    XCTAssertEqual(server.maxInFlight, 2, "never more than 2 in flight, and the 2 were used")
  }

  func testRequestRateHoldsAgainstTheInjectedClock() throws {
    let server = try startScriptedServer(self) { $0.script("GET", "/tick", [.status(200)]) }
    var builder = NetServiceBuilder()
    builder.http?["requests_per_second"] = 5
    builder.http?["burst"] = 1
    let stamps = NetStampingTransport(URLSessionTransport(), clock: builder.clock)
    builder.transport = stamps
    let service = try builder.make(server)
    let start = builder.clock.now
    for _ in 0..<11 { _ = try service.send(OutboundRequest(method: "GET", target: "tick")) }

    let times = stamps.sendTimes.map { $0.timeIntervalSince(start) }
    XCTAssertEqual(times.count, 11)
    for (earlier, later) in zip(times, times.dropFirst()) {
      XCTAssertGreaterThanOrEqual(later - earlier, 0.2 - 1e-6, "5 requests/s means 200 ms apart")
    }
    XCTAssertEqual(times.last ?? 0, 2.0, accuracy: 1e-6, "11 requests span exactly 2 s")
  }

  func testBurstLetsTheFirstRequestsGoTogether() {
    let clock = NetTestClock()
    let limiter = ConnectionLimiter(maxConcurrent: 4, requestsPerSecond: 2, burst: 3, clock: clock)
    var starts: [TimeInterval] = []
    let origin = clock.now
    for _ in 0..<6 {
      limiter.acquire()
      starts.append(clock.now.timeIntervalSince(origin))
      limiter.release()
    }
    XCTAssertEqual(starts, [0, 0, 0, 0.5, 1.0, 1.5])
    limiter.pause(until: clock.now.addingTimeInterval(10))
    limiter.acquire()
    XCTAssertEqual(clock.now.timeIntervalSince(origin), 11.5, accuracy: 1e-6, "a vendor pause holds the next start")
    limiter.release()
  }

  // MARK: Metrics and logs

  func testMetricsCountCallsRetriesAndStatuses() throws {
    let server = try startScriptedServer(self) {
      $0.script("GET", "/a", [.status(503), .status(429, headers: [("Retry-After", "1")]), .status(200)])
      $0.script("GET", "/b", [.status(404)])
    }
    let service = try NetServiceBuilder().make(server)
    _ = try service.send(OutboundRequest(method: "GET", target: "a"))
    _ = try service.send(OutboundRequest(method: "GET", target: "b"))
    _ = serviceError { try service.send(OutboundRequest(method: "GET", target: "https://elsewhere.example.com/")) }
    let metrics = service.metrics.snapshot()
    XCTAssertEqual(metrics.calls, 3)
    XCTAssertEqual(metrics.attempts, 4)
    XCTAssertEqual(metrics.retries, 2)
    XCTAssertEqual(metrics.statuses, [503: 1, 429: 1, 200: 1, 404: 1])
    XCTAssertEqual(metrics.failedCalls, 1)
    XCTAssertEqual(metrics.latencyBuckets.reduce(0, +), 4)
    XCTAssertGreaterThan(metrics.latencyTotal, 0)
  }

  func testEachExchangeIsLoggedWithSecretsRedacted() throws {
    let server = try startScriptedServer(self) {
      $0.script("GET", "/items", [.status(503), .json(200, "[]")])
    }
    var builder = NetServiceBuilder()
    builder.secrets = NetTestSecrets(["user": "integration", "pass": "s3cret-Pa55", "key": "KEY-123456"])
    builder.auth = ["profile": "basic", "username_secret": "user", "password_secret": "pass",
                    "api_key": ["in": "query", "secret": "key"]]
    _ = try builder.make(server).send(OutboundRequest(method: "GET", target: "items", query: "$top=5"))

    let log = builder.recording.log
    XCTAssertEqual(log.count, 2, log.joined(separator: "\n"))
    XCTAssertTrue(log[0].hasPrefix("test: GET \(server.baseURL)items?$top=5&api-key=[redacted] -> 503 in "), log[0])
    XCTAssertTrue(log[0].contains("(attempt 1); retrying in 0.500 s (backoff)"), log[0])
    XCTAssertTrue(log[1].contains("-> 200 in "), log[1])
    let basic = Data("integration:s3cret-Pa55".utf8).base64EncodedString()
    for line in log {
      for secret in ["s3cret-Pa55", "KEY-123456", basic] { XCTAssertFalse(line.contains(secret), line) }
    }
    XCTAssertTrue(builder.recording.registered.contains(basic), "the derived Basic credential is registered")
    XCTAssertTrue(builder.recording.registered.contains("Basic \(basic)"))
    let sent = server.requests[0]
    XCTAssertEqual(sent.queryItems["api-key"], "KEY-123456")
    XCTAssertEqual(sent.header("authorization"), "Basic \(basic)")
  }

  func testWireHeadersDefaultsAndNoStoredCookies() throws {
    let server = try startScriptedServer(self) {
      $0.script("GET", "/first", [.status(200, headers: [("Set-Cookie", "tracker=abc; Path=/")])])
      $0.script("POST", "/second", [.status(201)])
    }
    var builder = NetServiceBuilder()
    builder.secrets = NetTestSecrets(["t": "tok-abcdef"])
    builder.auth = ["profile": "bearer_token", "token_secret": "t"]
    let service = try builder.make(server)
    let first = try service.send(OutboundRequest(method: "GET", target: "first"))
    XCTAssertEqual(first.headers["set-cookie"], "tracker=abc; Path=/", "response headers reach the plugin, lowercased")
    _ = try service.send(OutboundRequest(method: "POST", target: "second",
                                         headers: ["Authorization": "Bearer plugin-made-up", "X-Custom": "1"],
                                         body: Array("{\"a\":1}".utf8)))
    let second = server.requests(to: "/second")[0]
    XCTAssertNil(second.header("cookie"), "URLSession keeps no cookies")
    XCTAssertEqual(second.header("authorization"), "Bearer tok-abcdef", "the host's credentials win")
    XCTAssertEqual(second.header("x-custom"), "1")
    XCTAssertEqual(second.header("user-agent"), HTTPService.userAgent)
    XCTAssertEqual(second.header("accept"), "application/json")
    XCTAssertEqual(second.header("content-type"), "application/json")
    XCTAssertEqual(second.bodyText, "{\"a\":1}")
  }

  func testNoAuthFlagSendsWithoutCredentials() throws {
    let server = try startScriptedServer(self) { $0.script("GET", "/public", [.status(200)]) }
    var builder = NetServiceBuilder()
    builder.secrets = NetTestSecrets(["t": "tok-abcdef"])
    builder.auth = ["profile": "bearer_token", "token_secret": "t"]
    _ = try builder.make(server).send(OutboundRequest(method: "GET", target: "public", withoutAuth: true))
    XCTAssertNil(server.requests[0].header("authorization"))
  }

  func testHTTPSettingsDefaultsPerSystemAndOverrides() throws {
    let acumatica = ConnectionHTTPSettings.defaults(forPlugin: "acumatica")
    XCTAssertEqual([acumatica.maxConcurrent], [2])
    XCTAssertEqual(acumatica.requestsPerSecond, 5)
    XCTAssertEqual(ConnectionHTTPSettings.defaults(forPlugin: "ServiceTitan").requestsPerSecond, 50)
    XCTAssertEqual(ConnectionHTTPSettings.defaults(forPlugin: "servicetitan").maxConcurrent, 8)
    let epicor = ConnectionHTTPSettings.defaults(forPlugin: "epicor")
    XCTAssertEqual([epicor.maxConcurrent, epicor.retry.maxAttempts], [4, 6])
    XCTAssertEqual([epicor.connectTimeout, epicor.totalTimeout], [10, 60])
    XCTAssertEqual(ConnectionHTTPSettings.defaultRunRetryBudget, 500)

    let custom = try ConnectionHTTPSettings.parse(["max_concurrent": 1, "timeout_seconds": 100], plugin: "procore",
                                                  path: "connections.pc.http")
    XCTAssertEqual(custom.maxConcurrent, 1)
    XCTAssertEqual(custom.totalTimeout, 100)
    XCTAssertEqual(custom.requestsPerSecond, 5, "unset fields keep the system's default")
    XCTAssertThrowsError(try ConnectionHTTPSettings.parse(["max_concurrent": 0], plugin: "x", path: "connections.x.http")) {
      XCTAssertEqual("\($0)", "connections.x.http.max_concurrent: must be between 1 and 256, not 0")
    }
    XCTAssertThrowsError(try ConnectionHTTPSettings.parse(["timeout": 5], plugin: "x", path: "connections.x.http")) {
      XCTAssertTrue("\($0)".hasPrefix("connections.x.http.timeout: unknown field; expected one of "), "\($0)")
    }
    XCTAssertThrowsError(try ConnectionHTTPSettings.parse(["burst": true], plugin: "x", path: "connections.x.http")) {
      XCTAssertEqual("\($0)", "connections.x.http.burst: must be a number")
    }
  }
}

extension HTTPServiceTests {
  func testMalformedRequestsAreRefusedBeforeSending() throws {
    let server = try startScriptedServer(self) { $0.script(nil, "/x", [.status(200)]) }
    let service = try NetServiceBuilder().make(server)
    let smuggled = serviceError {
      try service.send(OutboundRequest(method: "GET", target: "x", headers: ["X-Note": "a\r\nX-Admin: 1"]))
    }
    XCTAssertEqual(smuggled?.code, .requestFailed)
    XCTAssertTrue(smuggled?.message.contains("header \"X-Note\"") ?? false, smuggled?.message ?? "")
    let method = serviceError { try service.send(OutboundRequest(method: "GET /x HTTP/1.1\r\n", target: "x")) }
    XCTAssertEqual(method?.code, .requestFailed)
    XCTAssertEqual(server.requests.count, 0)
  }
}

extension HTTPServiceTests {
  func testABIFlagsAndStatusesMapOntoTheSwiftTypes() {
    let request = OutboundRequest(method: "post", target: "api/v2/statements", query: "requestId=1", headers: [:],
                                  body: [], flags: UInt32(MLC_HTTP_IDEMPOTENT), timeoutMilliseconds: 2500)
    XCTAssertEqual(request.method, "POST")
    XCTAssertTrue(request.idempotent)
    XCTAssertFalse(request.withoutAuth)
    XCTAssertEqual(request.timeout, 2.5)
    let plain = OutboundRequest(method: "GET", target: "x", query: "", headers: [:], body: [],
                                flags: UInt32(MLC_HTTP_NO_AUTH), timeoutMilliseconds: 0)
    XCTAssertTrue(plain.withoutAuth)
    XCTAssertNil(plain.timeout)

    let exhausted = HTTPServiceError(code: .retriesExhausted, disposition: .retry, connection: "c", url: "u",
                                     message: "m", attempts: 6, lastStatus: 429, retryAfter: 1.2)
    XCTAssertEqual(exhausted.status, mlc_status(MLC_RETRY))
    XCTAssertEqual(exhausted.retryAfterMilliseconds, 1200)
  }
}
