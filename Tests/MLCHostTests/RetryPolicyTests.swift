import XCTest
@testable import MLCHost

/// The backoff schedule, `Retry-After` parsing, rate-limit headers and the retry budget.
final class RetryPolicyTests: XCTestCase {
  private let now = Date(timeIntervalSince1970: 1_785_484_800)  // Fri, 31 Jul 2026 08:00:00 GMT

  func testBackoffCeilingDoublesUpToTheCap() {
    let policy = RetryPolicy(baseDelay: 0.5, maxDelay: 10, maxAttempts: 6)
    XCTAssertEqual((0..<7).map { policy.backoffCeiling(retry: $0) }, [0.5, 1, 2, 4, 8, 10, 10])
    XCTAssertEqual(policy.backoffCeiling(retry: 5_000), 10, "huge retry counts stay at the cap")
  }

  func testFullJitterCoversZeroToTheCeilingAndNothingElse() {
    let policy = RetryPolicy(baseDelay: 0.25, maxDelay: 5, maxAttempts: 10)
    for retry in 0..<10 {
      XCTAssertEqual(policy.backoff(retry: retry, unit: 0), 0)
      XCTAssertEqual(policy.backoff(retry: retry, unit: 1), min(5, 0.25 * pow(2, Double(retry))))
      for _ in 0..<200 {
        let delay = policy.backoff(retry: retry, unit: JitterSource.system.next())
        XCTAssertGreaterThanOrEqual(delay, 0)
        XCTAssertLessThanOrEqual(delay, min(5, 0.25 * pow(2, Double(retry))))
      }
    }
    XCTAssertEqual(policy.backoff(retry: 2, unit: 7), 1, "draws outside [0,1] are clamped")
  }

  func testRetryAfterInSeconds() {
    XCTAssertEqual(RetryAfter.delay("120", now: now), 120)
    XCTAssertEqual(RetryAfter.delay(" 0 ", now: now), 0)
    XCTAssertNil(RetryAfter.delay(nil, now: now))
    XCTAssertNil(RetryAfter.delay("", now: now))
    XCTAssertNil(RetryAfter.delay("-5", now: now))
    XCTAssertNil(RetryAfter.delay("soon", now: now))
  }

  func testRetryAfterInAllThreeHTTPDateForms() {
    // 90 s after `now`, in each form RFC 9110 §5.6.7 requires a recipient to accept.
    XCTAssertEqual(RetryAfter.delay("Fri, 31 Jul 2026 08:01:30 GMT", now: now), 90)
    XCTAssertEqual(RetryAfter.delay("Friday, 31-Jul-26 08:01:30 GMT", now: now), 90)
    XCTAssertEqual(RetryAfter.delay("Fri Jul 31 08:01:30 2026", now: now), 90)
    XCTAssertEqual(RetryAfter.delay("Sun Aug  2 08:00:00 2026", now: now), 2 * 86_400, "asctime pads days with a space")
  }

  func testRetryAfterDateInThePastMeansNow() {
    XCTAssertEqual(RetryAfter.delay("Thu, 30 Jul 2026 08:00:00 GMT", now: now), 0)
  }

  func testRateLimitHeadersOfBothVendorFamilies() {
    let procore = RateLimitHeaders(headers: [
      "X-Rate-Limit-Limit": "25", "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Reset": "1785484807",
    ], now: now)
    XCTAssertEqual(procore.remaining, 0)
    XCTAssertTrue(procore.isExhausted)
    XCTAssertEqual(procore.delayUntilReset(now: now), 7)

    let serviceNow = RateLimitHeaders(headers: ["x-ratelimit-limit": "100", "x-ratelimit-reset": "1785488400"], now: now)
    XCTAssertNil(serviceNow.remaining, "ServiceNow does not send Remaining")
    XCTAssertFalse(serviceNow.isExhausted)
    XCTAssertEqual(serviceNow.delayUntilReset(now: now), 3600)

    let relative = RateLimitHeaders(headers: ["X-RateLimit-Reset": "30"], now: now)
    XCTAssertEqual(relative.delayUntilReset(now: now), 30, "small values are seconds from now")
    XCTAssertNil(RateLimitHeaders(headers: [:], now: now).reset)
  }

  func testRetryBudgetIsSharedAndNeverOverspentAcrossThreads() {
    let budget = RetryBudget(limit: 100)
    let granted = NetTestCounter()
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      for _ in 0..<50 where budget.consume() { granted.increment() }
    }
    XCTAssertEqual(granted.value, 100)
    XCTAssertEqual(budget.used, 100)
    XCTAssertEqual(budget.remaining, 0)
    XCTAssertFalse(budget.consume())
  }
}
