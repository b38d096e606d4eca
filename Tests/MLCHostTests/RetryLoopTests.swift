import XCTest
@testable import MLCHost
import TestKit

/// The retry loop against a real local server, with an injected clock: which statuses and
/// failures are retried, how long the service waits, and how it gives up.
final class RetryLoopTests: XCTestCase {
  func testServerErrorsAreRetriedWithBackoffWithinTheJitterBounds() throws {
    let server = try startScriptedServer(self) {
      $0.script("GET", "/items", [.status(503), .status(502), .status(500), .json(200, "[1]")])
    }
    var builder = NetServiceBuilder()
    builder.jitter = JitterSource { 1 }  // the top of each interval: base·2^n exactly
    let response = try builder.make(server).send(OutboundRequest(method: "GET", target: "items"))

    XCTAssertEqual(response.status, 200)
    XCTAssertEqual(response.attempts, 4)
    XCTAssertEqual(response.bodyText, "[1]")
    XCTAssertEqual(builder.clock.realSleeps, [0.5, 1, 2])
    XCTAssertEqual(server.requests(to: "/items").count, 4)
  }

  func testRandomJitterStaysInsideZeroToCappedCeiling() throws {
    let server = try startScriptedServer(self) { $0.script("GET", "/flaky", [.status(503)]) }
    let draws = NetTestDraws()
    var builder = NetServiceBuilder()
    builder.http?["retry_base_seconds"] = 1
    builder.http?["retry_cap_seconds"] = 4
    builder.http?["max_attempts"] = 8
    builder.jitter = JitterSource { draws.draw() }
    XCTAssertNotNil(serviceError { try builder.make(server).send(OutboundRequest(method: "GET", target: "flaky")) })

    XCTAssertEqual(server.requests.count, 8)
    let ceilings: [TimeInterval] = [1, 2, 4, 4, 4, 4, 4]
    let waits = builder.clock.sleeps.filter { $0 > 0 }
    XCTAssertEqual(waits.count, 7)
    for (index, wait) in waits.enumerated() {
      XCTAssertGreaterThanOrEqual(wait, 0)
      XCTAssertLessThanOrEqual(wait, ceilings[index])
      XCTAssertEqual(wait, ceilings[index] * draws.values[index], accuracy: 1e-6, "uniform draw scaled onto [0, ceiling]")
    }
  }

  func testRetryAfterSecondsIsHonouredInsteadOfBackoff() throws {
    let server = try startScriptedServer(self) {
      $0.script("GET", "/limited", [.status(429, headers: [("Retry-After", "7")]), .json(200, "{}")])
    }
    let builder = NetServiceBuilder()
    let response = try builder.make(server).send(OutboundRequest(method: "GET", target: "limited"))
    XCTAssertEqual(response.status, 200)
    XCTAssertEqual(builder.clock.realSleeps, [7], "the server's 7 s, not the 0.5 s backoff")
  }

  func testRetryAfterHTTPDateIsHonoured() throws {
    let clock = NetTestClock()
    let later = imfDate(clock.now.addingTimeInterval(42))
    let server = try startScriptedServer(self) {
      $0.script("POST", "/busy", [.status(503, headers: [("Retry-After", later)]), .status(201)])
    }
    var builder = NetServiceBuilder()
    builder.clock = clock
    // A plain POST: 503 means the server did not process it, so it is resent anyway.
    let response = try builder.make(server).send(OutboundRequest(method: "POST", target: "busy", body: Array("{}".utf8)))
    XCTAssertEqual(response.status, 201)
    XCTAssertEqual(clock.realSleeps, [42])
  }

  func testServiceNowRateLimitResetIsHonouredWhenThereIsNoRetryAfter() throws {
    let clock = NetTestClock()
    let reset = String(Int(clock.now.timeIntervalSince1970) + 95)
    let server = try startScriptedServer(self) {
      $0.script("GET", "/api/now/table/incident", [
        .status(429, headers: [("X-RateLimit-Limit", "100"), ("X-RateLimit-Reset", reset)]), .json(200, "{\"result\":[]}"),
      ])
    }
    var builder = NetServiceBuilder()
    builder.clock = clock
    _ = try builder.make(server).send(OutboundRequest(method: "GET", target: "api/now/table/incident"))
    XCTAssertEqual(clock.realSleeps, [95])
  }

  func testProcoreExhaustedWindowHoldsTheNextRequestUntilReset() throws {
    let clock = NetTestClock()
    let reset = String(Int(clock.now.timeIntervalSince1970) + 8)
    let server = try startScriptedServer(self) {
      $0.script("GET", "/rest/v1.0/vendors", [
        .json(200, "[]", headers: [("X-Rate-Limit-Limit", "25"), ("X-Rate-Limit-Remaining", "0"), ("X-Rate-Limit-Reset", reset)]),
        .json(200, "[]", headers: [("X-Rate-Limit-Remaining", "24"), ("X-Rate-Limit-Reset", reset)]),
      ])
    }
    var builder = NetServiceBuilder()
    builder.clock = clock
    builder.plugin = "procore"
    let service = try builder.make(server)
    _ = try service.send(OutboundRequest(method: "GET", target: "rest/v1.0/vendors"))
    let before = clock.now
    _ = try service.send(OutboundRequest(method: "GET", target: "rest/v1.0/vendors"))
    XCTAssertGreaterThanOrEqual(clock.now.timeIntervalSince(before), 8 - 0.001,
                                "the second request waited for the window to reset instead of spending a 429")
  }

  func testClientErrorsAreNeverRetried() throws {
    for status in [400, 403, 404, 405, 422] {
      let server = try startScriptedServer(self) { $0.script(nil, "/x", [.json(status, "{\"error\":\"no\"}")]) }
      let builder = NetServiceBuilder()
      let response = try builder.make(server).send(OutboundRequest(method: "GET", target: "x"))
      XCTAssertEqual(response.status, status)
      XCTAssertEqual(response.attempts, 1, "HTTP \(status)")
      XCTAssertEqual(server.requests.count, 1, "HTTP \(status)")
      XCTAssertEqual(builder.clock.realSleeps, [], "HTTP \(status)")
    }
  }

  func testConflictIsRetriedOnlyWhenFlaggedIdempotent() throws {
    let server = try startScriptedServer(self) { $0.script("POST", "/import", [.status(409), .status(409), .status(201)]) }
    let builder = NetServiceBuilder()
    let service = try builder.make(server)
    XCTAssertEqual(try service.send(OutboundRequest(method: "POST", target: "import")).status, 409)
    let flagged = try service.send(OutboundRequest(method: "POST", target: "import", idempotent: true))
    XCTAssertEqual(flagged.status, 201)
    XCTAssertEqual(flagged.attempts, 2)
  }

  func testPostInternalErrorIsNotResentUnlessIdempotent() throws {
    let server = try startScriptedServer(self) { $0.script("POST", "/statements", [.status(500), .status(500), .status(200)]) }
    let service = try NetServiceBuilder().make(server)
    let plain = try service.send(OutboundRequest(method: "POST", target: "statements"))
    XCTAssertEqual(plain.status, 500)
    XCTAssertEqual(plain.attempts, 1, "the server may have run it")
    let flagged = try service.send(OutboundRequest(method: "POST", target: "statements", idempotent: true))
    XCTAssertEqual(flagged.status, 200)
    XCTAssertEqual(flagged.attempts, 2)
  }

  func testTimedOutGetIsRetriedButTimedOutPostIsNot() throws {
    let server = try startScriptedServer(self) {
      $0.script("GET", "/slow", [.status(200, body: "late", delay: 1.0), .status(200, body: "ok")])
      $0.script("POST", "/slow-write", [.status(201, delay: 1.0)])
    }
    var builder = NetServiceBuilder()
    builder.http?["timeout_seconds"] = 1
    let service = try builder.make(server)
    let started = Date()
    let get = try service.send(OutboundRequest(method: "GET", target: "slow", timeout: 0.25))
    XCTAssertEqual(get.bodyText, "ok")
    XCTAssertEqual(get.attempts, 2)

    let error = serviceError { try service.send(OutboundRequest(method: "POST", target: "slow-write", timeout: 0.25)) }
    XCTAssertEqual(error?.code, .outcomeUnknown)
    XCTAssertEqual(error?.attempts, 1)
    XCTAssertTrue(error?.message.contains("/slow-write") ?? false, error?.message ?? "")
    XCTAssertEqual(server.requests(to: "/slow-write").count, 1)
    XCTAssertLessThan(Date().timeIntervalSince(started), 2, "the attempt timeout cut both waits short")
    XCTAssertEqual(service.metrics.snapshot().transportFailures["timedOut"], 2)
  }

  func testDroppedConnectionIsRetriedForIdempotentRequestsOnly() throws {
    let server = try startScriptedServer(self) {
      // "Connection: close" makes the PATCH open a fresh connection: libcurl silently
      // resends once when a *reused* keep-alive connection dies before any response.
      $0.script("GET", "/reset", [.dropConnection, .json(200, "{}", headers: [("Connection", "close")])])
      $0.script("PATCH", "/reset", [.dropConnection, .json(200, "{}", headers: [("Connection", "close")]),
                                    .dropConnection, .json(200, "{}")])
    }
    let service = try NetServiceBuilder().make(server)
    XCTAssertEqual(try service.send(OutboundRequest(method: "GET", target: "reset")).attempts, 2)
    let patch = serviceError { try service.send(OutboundRequest(method: "PATCH", target: "reset")) }
    XCTAssertEqual(patch?.code, .outcomeUnknown)
    XCTAssertEqual(server.requests.filter { $0.method == "PATCH" }.count, 1)
    let flagged = try service.send(OutboundRequest(method: "PATCH", target: "reset", idempotent: true))
    XCTAssertEqual(flagged.status, 200)
  }

  func testRefusedConnectionIsRetriedEvenForPost() throws {
    // Nothing listens on the port once the server stops: the request never left.
    let server = ScriptedServer()
    try server.start()
    server.stop()
    var builder = NetServiceBuilder()
    builder.http?["max_attempts"] = 3
    let error = serviceError { try builder.make(server).send(OutboundRequest(method: "POST", target: "anything")) }
    XCTAssertEqual(error?.code, .retriesExhausted)
    XCTAssertEqual(error?.attempts, 3)
    XCTAssertEqual(error?.disposition, .retry)
  }

  func testExhaustedAttemptsAreAClearError() throws {
    let server = try startScriptedServer(self) { $0.script("GET", "/down", [.status(502, body: "bad gateway")]) }
    var builder = NetServiceBuilder()
    builder.http?["max_attempts"] = 3
    let service = try builder.make(server)
    let error = serviceError { try service.send(OutboundRequest(method: "GET", target: "down", query: "page=2")) }
    XCTAssertEqual(error?.code, .retriesExhausted)
    XCTAssertEqual(error?.disposition, .retry)
    XCTAssertEqual(error?.attempts, 3)
    XCTAssertEqual(error?.lastStatus, 502)
    XCTAssertEqual(error?.url, server.baseURL + "down?page=2")
    XCTAssertEqual(error?.message,
                   "connection \"test\": \(server.baseURL)down?page=2 still failing after 3 attempts (last: HTTP 502)")
    XCTAssertEqual(server.requests.count, 3)
    XCTAssertEqual(service.metrics.snapshot().failedCalls, 1)
  }

  func testRunBudgetIsSharedAcrossRequestsAndFailsFastWhenSpent() throws {
    let server = try startScriptedServer(self) { $0.script("GET", "/down", [.status(503)]) }
    var builder = NetServiceBuilder()
    builder.budget = RetryBudget(limit: 4)
    builder.http?["max_attempts"] = 3
    let service = try builder.make(server)
    _ = serviceError { try service.send(OutboundRequest(method: "GET", target: "down")) }  // spends 2
    let second = serviceError { try service.send(OutboundRequest(method: "GET", target: "down")) }  // spends 2
    let third = serviceError { try service.send(OutboundRequest(method: "GET", target: "down")) }  // none left
    XCTAssertEqual(second?.attempts, 3)
    XCTAssertEqual(third?.code, .retriesExhausted)
    XCTAssertEqual(third?.attempts, 1, "no retry once the run's budget is spent")
    XCTAssertTrue(third?.message.contains("retry budget of 4 retries is spent") ?? false, third?.message ?? "")
    XCTAssertEqual(builder.budget.remaining, 0)
    XCTAssertEqual(server.requests.count, 7)
  }

  func testServerAskingToWaitTooLongEndsTheRequestWithTheHint() throws {
    let server = try startScriptedServer(self) { $0.script("GET", "/later", [.status(429, headers: [("Retry-After", "3600")])]) }
    var builder = NetServiceBuilder()
    builder.http?["max_server_delay_seconds"] = 120
    let error = serviceError { try builder.make(server).send(OutboundRequest(method: "GET", target: "later")) }
    XCTAssertEqual(error?.code, .retriesExhausted)
    XCTAssertEqual(error?.retryAfter, 3600, "the bridge passes it on as retry_after_ms")
    XCTAssertEqual(builder.clock.realSleeps, [], "the plugin thread was not held for an hour")
  }
}
