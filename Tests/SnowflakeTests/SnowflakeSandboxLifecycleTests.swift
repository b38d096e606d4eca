import Foundation
import SnowflakeSandbox
import XCTest

/// Statement lifecycle on a manual clock: 202 and polling, idempotent retry by requestId,
/// warehouse suspension and resume, result partitions, cancellation.
final class SnowflakeSandboxLifecycleTests: XCTestCase {
  private let asyncMessage = "Asynchronous execution in progress. Use provided query id to perform query monitoring and management."

  private func handle(_ response: WireResponse) throws -> String { try XCTUnwrap(response.json["statementHandle"] as? String) }

  func testAsyncTrueAnswers202ThenPollingReturnsTheResult() throws {
    let harness = try SnowflakeSandboxHarness()
    let accepted = try harness.submit("SELECT 42 AS ANSWER", query: "async=true")
    XCTAssertEqual(accepted.status, 202)
    XCTAssertEqual(accepted.code, "333334")
    XCTAssertEqual(accepted.json["message"] as? String, asyncMessage)
    let id = try handle(accepted)
    XCTAssertEqual(accepted.json["statementStatusUrl"] as? String, "/api/v2/statements/\(id)")
    let done = try harness.poll(id)
    XCTAssertEqual(done.status, 200)
    XCTAssertEqual(done.data as? [[String]], [["42"]])
    XCTAssertEqual(done.json["statementHandle"] as? String, id)
  }

  func testLongStatementAnswers202UntilItFinishes() throws {
    let harness = try SnowflakeSandboxHarness(settings: ["statement_latency_ms": "5000", "async_threshold_ms": "1000"])
    _ = try harness.sandbox.query("CREATE TABLE T (A INT)")
    let accepted = try harness.submit("INSERT INTO T VALUES (1)")
    XCTAssertEqual(accepted.status, 202, accepted.text)
    let id = try handle(accepted)
    XCTAssertEqual(try harness.poll(id).status, 202)
    XCTAssertEqual(try harness.sandbox.query("SELECT COUNT(*) FROM T").rows, [["0"]], "not run before it finishes")
    harness.clock.advance(by: 4)
    let done = try harness.poll(id)
    XCTAssertEqual(done.status, 200, done.text)
    XCTAssertEqual((done.json["stats"] as? [String: Int])?["numRowsInserted"], 1)
    XCTAssertEqual(try harness.sandbox.query("SELECT COUNT(*) FROM T").rows, [["1"]])
    XCTAssertEqual(harness.sandbox.counters.executed, 1)
  }

  func testRetryWithTheSameRequestIdIsNotAppliedTwice() throws {
    let harness = try SnowflakeSandboxHarness()
    _ = try harness.sandbox.query("CREATE TABLE T (A INT)")
    let requestId = "c3f5a0f2-1d4e-4b8a-9a6e-0123456789ab"
    let first = try harness.submit("INSERT INTO T VALUES (1)", query: "requestId=\(requestId)")
    XCTAssertEqual(first.status, 200)
    let retried = try harness.submit("INSERT INTO T VALUES (1)", query: "requestId=\(requestId)&retry=true")
    XCTAssertEqual(retried.status, 200)
    XCTAssertEqual(try handle(retried), try handle(first))
    XCTAssertEqual((retried.json["stats"] as? [String: Int])?["numRowsInserted"], 1)
    XCTAssertEqual(try harness.sandbox.query("SELECT COUNT(*) FROM T").rows, [["1"]])
    XCTAssertEqual(harness.sandbox.counters.deduplicated, 1)
    XCTAssertEqual(harness.sandbox.counters.executed, 1)
    // Without retry=true Snowflake does not look the request id up: the statement runs again.
    XCTAssertEqual(try harness.submit("INSERT INTO T VALUES (1)", query: "requestId=\(requestId)").status, 200)
    XCTAssertEqual(try harness.sandbox.query("SELECT COUNT(*) FROM T").rows, [["2"]])
  }

  func testSuspendedWarehouseWithoutAutoResumeRefusesQueries() throws {
    let harness = try SnowflakeSandboxHarness(settings: ["warehouse_suspended": "true", "auto_resume": "false"])
    _ = try harness.sandbox.query("CREATE TABLE T (A INT)")
    let refused = try harness.submit("SELECT * FROM T")
    XCTAssertEqual(refused.status, 422)
    XCTAssertEqual(refused.code, "000606")
    XCTAssertEqual(refused.json["sqlState"] as? String, "57P03")
    XCTAssertEqual(refused.json["message"] as? String,
                   "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.")
    XCTAssertEqual(try harness.submit("SELECT CURRENT_WAREHOUSE()").status, 200, "metadata-only statements need no warehouse")
    harness.sandbox.setAutoResume(true)
    XCTAssertEqual(try harness.submit("SELECT * FROM T").status, 200)
    XCTAssertFalse(harness.sandbox.isWarehouseSuspended)
    // After AUTO_SUSPEND's idle time it suspends again, and without AUTO_RESUME stays so.
    harness.sandbox.setAutoResume(false)
    harness.clock.advance(by: 601)
    XCTAssertEqual(try harness.submit("SELECT * FROM T").code, "000606")
  }

  func testAutoResumeMakesTheFirstStatementSlower() throws {
    let harness = try SnowflakeSandboxHarness(settings: ["warehouse_suspended": "true", "resume_delay_ms": "3000", "async_threshold_ms": "1000"])
    _ = try harness.sandbox.query("CREATE TABLE T (A INT)")
    let first = try harness.submit("SELECT COUNT(*) FROM T")
    XCTAssertEqual(first.status, 202)
    harness.clock.advance(by: 2)
    XCTAssertEqual(try harness.poll(try handle(first)).data as? [[String]], [["0"]])
    XCTAssertEqual(try harness.submit("SELECT COUNT(*) FROM T").status, 200, "the warehouse is running now")
  }

  func testResultsArePartitionedWithLinkHeaders() throws {
    let harness = try SnowflakeSandboxHarness(settings: ["rows_per_partition": "2"])
    _ = try harness.sandbox.query("CREATE TABLE T (A INT)")
    _ = try harness.sandbox.query("INSERT INTO T VALUES (1), (2), (3), (4), (5)")
    let first = try harness.submit("SELECT A FROM T ORDER BY A", query: "requestId=r1")
    let id = try handle(first)
    XCTAssertEqual(first.data as? [[String]], [["1"], ["2"]])
    let meta = try XCTUnwrap(first.json["resultSetMetaData"] as? [String: Any])
    XCTAssertEqual(meta["numRows"] as? Int, 5)
    XCTAssertEqual((meta["partitionInfo"] as? [[String: Any]])?.map { $0["rowCount"] as? Int }, [2, 2, 1])
    XCTAssertEqual(first.header("Link"), [
      "</api/v2/statements/\(id)?requestId=r1&partition=0>; rel=\"first\"",
      "</api/v2/statements/\(id)?requestId=r1&partition=1>; rel=\"next\"",
      "</api/v2/statements/\(id)?requestId=r1&partition=2>; rel=\"last\"",
    ].joined(separator: ","))
    let second = try harness.poll(id, partition: 1)
    XCTAssertEqual(second.status, 200)
    XCTAssertEqual(Array(second.json.keys), ["data"], "later partitions carry only data")
    XCTAssertEqual(second.data as? [[String]], [["3"], ["4"]])
    XCTAssertTrue(second.header("Link")?.contains("partition=0>; rel=\"prev\"") ?? false)
    XCTAssertEqual(try harness.poll(id, partition: 2).data as? [[String]], [["5"]])
    XCTAssertEqual(try harness.poll(id, partition: 3).status, 400)
  }

  func testCancelBeforeCompletionLeavesDataUnchanged() throws {
    let harness = try SnowflakeSandboxHarness(settings: ["statement_latency_ms": "5000", "async_threshold_ms": "1000"])
    _ = try harness.sandbox.query("CREATE TABLE T (A INT)")
    let id = try handle(try harness.submit("INSERT INTO T VALUES (1)"))
    let canceled = try harness.send("POST", "/api/v2/statements/\(id)/cancel", token: try harness.jwt())
    XCTAssertEqual(canceled.status, 200)
    XCTAssertEqual(canceled.code, "000604")
    XCTAssertEqual(canceled.json["sqlState"] as? String, "57014")
    XCTAssertEqual(canceled.json["message"] as? String, "SQL execution canceled")
    harness.clock.advance(by: 10)
    let polled = try harness.poll(id)
    XCTAssertEqual(polled.status, 422)
    XCTAssertEqual(polled.code, "000604")
    XCTAssertEqual(try harness.sandbox.query("SELECT COUNT(*) FROM T").rows, [["0"]])
    XCTAssertEqual(harness.sandbox.counters.executed, 0)
  }
}
