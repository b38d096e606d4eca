import MLCSandboxKit
import XCTest

/// Parsing fault specs as `mlc sandbox --faults` and sandbox tests write them.
final class FaultPlanTests: XCTestCase {
  func testTheDocumentedSpecParses() throws {
    let plan = try FaultPlan(parsing: "429:0.05,500:0.02,503:0.01,latency:20ms,drop:0.01,retry-after:1")
    XCTAssertEqual(plan.errors, [.init(status: 429, probability: 0.05), .init(status: 500, probability: 0.02),
                                 .init(status: 503, probability: 0.01)])
    XCTAssertEqual(plan.dropProbability, 0.01)
    XCTAssertEqual(plan.latency, .milliseconds(20) ... .milliseconds(20))
    XCTAssertEqual(plan.retryAfterSeconds, 1)
    XCTAssertNil(plan.seed)
    XCTAssertFalse(plan.isEmpty)
  }

  func testVariantsAndRoundTrip() throws {
    let plan = try FaultPlan(parsing: " 502 : 5% , latency:1.5s-2s, seed:42 ")
    XCTAssertEqual(plan.errors, [.init(status: 502, probability: 0.05)])
    XCTAssertEqual(plan.latency, .milliseconds(1500) ... .seconds(2))
    XCTAssertEqual(plan.seed, 42)
    XCTAssertEqual(try FaultPlan(parsing: plan.description), plan)
    XCTAssertEqual(try FaultPlan(parsing: "latency:250us").latency?.lowerBound, .microseconds(250))
    XCTAssertTrue(try FaultPlan(parsing: "").isEmpty)
    XCTAssertTrue(try FaultPlan(parsing: "none").isEmpty)
    XCTAssertEqual(FaultPlan.none.description, "none")
  }

  func testInvalidItemsAreNamed() {
    let cases: [(spec: String, item: String)] = [
      ("429:0.05,latency:fast", "latency:fast"),
      ("429:2", "429:2"),
      ("200:0.1", "200:0.1"),
      ("teapot:0.1", "teapot:0.1"),
      ("drop", "drop"),
      ("retry-after:-1", "retry-after:-1"),
      ("429:0.1,429:0.2", "429:0.2"),
      ("latency:50ms-10ms", "latency:50ms-10ms"),
      ("latency:10ms-", "latency:10ms-"),
      ("500:0.7,drop:0.4", "500:0.7,drop:0.4"),
    ]
    for (spec, item) in cases {
      XCTAssertThrowsError(try FaultPlan(parsing: spec), spec) { error in
        let planError = error as? FaultPlanError
        XCTAssertEqual(planError?.item, item, spec)
        XCTAssertTrue("\(error)".contains("'\(item)'"), "\(error)")
      }
    }
  }
}
