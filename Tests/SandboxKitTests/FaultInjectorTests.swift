import MLCSandboxKit
import XCTest

/// Fault injection is reproducible, hits its rates, and answers in the sandbox's shape.
final class FaultInjectorTests: XCTestCase {
  private static let ok: HTTPHandler = { _ in .text(200, "real") }
  private let request = HTTPRequest(method: "GET", target: "/data")

  /// A sleep that records instead of waiting.
  private final class SleepRecorder: @unchecked Sendable {
    let slept = Locked<[Duration]>([])
    var sleep: @Sendable (Duration) -> Void { { [slept] duration in slept.withValue { $0.append(duration) } } }
  }

  private func outcomes(_ injector: FaultInjector, count: Int) -> [FaultDecision] {
    (0..<count).map { _ in injector.decide() }
  }

  func testSameSeedGivesTheSameSequence() throws {
    let plan = try FaultPlan(parsing: "429:0.1,503:0.1,drop:0.1,latency:1ms-9ms")
    let first = outcomes(FaultInjector(plan: plan, seed: 42), count: 500)
    let second = outcomes(FaultInjector(plan: plan, seed: 42), count: 500)
    let other = outcomes(FaultInjector(plan: plan, seed: 43), count: 500)
    XCTAssertEqual(first, second)
    XCTAssertNotEqual(first, other)
    XCTAssertEqual(outcomes(FaultInjector(plan: try FaultPlan(parsing: plan.description + ",seed:42")), count: 500), first,
                   "a seed in the spec replays the same run")
  }

  func testRatesOver2000RequestsAreWithinTolerance() throws {
    let recorder = SleepRecorder()
    let injector = FaultInjector(
      plan: try FaultPlan(parsing: "429:0.05,500:0.02,503:0.01,drop:0.01,latency:20ms"), seed: 7, sleep: recorder.sleep)
    let handler = injector.wrap(Self.ok)
    var statuses: [Int: Int] = [:]
    var dropped = 0
    for _ in 0..<2000 {
      let response = handler(request)
      if response.dropConnection { dropped += 1 } else { statuses[response.status, default: 0] += 1 }
    }
    // Expected counts with four standard deviations of slack: binomial(2000, p).
    for (status, expected) in [(429, 100.0), (500, 40.0), (503, 20.0)] {
      let slack = 4 * (expected * (1 - expected / 2000)).squareRoot()
      XCTAssertEqual(Double(statuses[status, default: 0]), expected, accuracy: slack, "status \(status)")
    }
    XCTAssertEqual(Double(dropped), 20, accuracy: 4 * 20.0.squareRoot())
    let counts = injector.counts
    XCTAssertEqual(counts.requests, 2000)
    XCTAssertEqual(counts.errors(429), statuses[429])
    XCTAssertEqual(counts.drops, dropped)
    XCTAssertEqual(counts.passed, statuses[200])
    XCTAssertEqual(counts.injected, 2000 - statuses[200, default: 0])
    XCTAssertEqual(counts.delayed, 2000)
    XCTAssertEqual(recorder.slept.current.count, 2000)
    XCTAssertEqual(counts.totalLatency, .seconds(40))
  }

  func testInjectedErrorsUseTheVendorShapeAndRetryAfter() throws {
    let injector = FaultInjector(plan: try FaultPlan(parsing: "429:0.5,503:0.5,retry-after:3"), seed: 1) { status, request in
      .json(999, #"{"error":{"message":"Rate limit for \#(request.path)","detail":\#(status)}}"#)
    }
    var seen = Set<Int>()
    for _ in 0..<20 {
      let response = injector.handle(request) { _ in XCTFail("no request passes at p=1"); return .text(200, "") }
      seen.insert(response.status)
      XCTAssertEqual(response.headers["Retry-After"], "3")
      XCTAssertEqual(response.headers["Content-Type"], "application/json; charset=utf-8")
      XCTAssertEqual(String(decoding: response.body, as: UTF8.self), #"{"error":{"message":"Rate limit for /data","detail":\#(response.status)}}"#)
    }
    XCTAssertEqual(seen, [429, 503], "the closure's status is overridden by the injected one")
  }

  func testFilterExemptsRequestsAndUpdateChangesThePlan() throws {
    let injector = FaultInjector(plan: try FaultPlan(parsing: "500:1"), applies: { $0.path != "/oauth/token" })
    XCTAssertEqual(injector.handle(HTTPRequest(method: "POST", target: "/oauth/token"), next: Self.ok).status, 200)
    XCTAssertEqual(injector.handle(request, next: Self.ok).status, 500)
    XCTAssertEqual(injector.counts.requests, 1, "exempt requests are not counted")
    injector.update(plan: .none)
    XCTAssertEqual(injector.handle(request, next: Self.ok).status, 200)
    injector.resetCounts()
    XCTAssertEqual(injector.counts, FaultCounts())
  }

  func testDropThroughTheServerClosesTheConnection() throws {
    let injector = FaultInjector(plan: try FaultPlan(parsing: "drop:1"))
    let server = try startServer(handler: injector.wrap(Self.ok))
    defer { server.stop() }
    let client = try RawHTTPClient(port: server.port)
    client.send("GET /data HTTP/1.1\r\nHost: t\r\n\r\n")
    XCTAssertEqual(client.readToEnd(), [])
    XCTAssertEqual(injector.counts.drops, 1)
  }
}
