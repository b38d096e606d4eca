import TestKit
import XCTest
@testable import MLCHost

/// The read-ahead between a source and the router, against the C fixture source (two
/// records a page).
final class PagePrefetcherTests: XCTestCase {
  private func open(_ lines: [String]) throws -> any PageReader {
    try ListSource(lines).openReader(entity: "vendor", since: nil, pageSize: 2, full: true)
  }

  /// Runs `body` on another thread and fails the test instead of hanging when it does not
  /// return within a few seconds (a regression in the prefetcher's waiting would hang).
  private func within(seconds: TimeInterval = 10, _ what: String, _ body: @escaping @Sendable () -> Void) {
    let finished = expectation(description: what)
    Thread.detachNewThread {
      body()
      finished.fulfill()
    }
    wait(for: [finished], timeout: seconds)
  }

  private func record(_ key: String) -> String {
    #"{"entity":"vendor","key":"\#(key)","updated_at":"2026-01-01T00:00:00Z","data":{}}"#
  }

  private func keys(_ page: RecordPage) -> [String] { page.envelopes.map { $0.key ?? "?" } }

  func testPagesArriveInSourceOrderAndTheNextIsReadWhileTheRouterHoldsOne() throws {
    let reader = try open(["a", "b", "c", "d", "e"].map(record))
    let pages = PagePrefetcher(reader: reader)
    defer { pages.stop(); reader.close() }
    let first = try pages.next()
    // The first page is still held: the second can only be here because it was read ahead.
    let second = try pages.next()
    XCTAssertEqual(keys(first.page), ["a", "b"])
    XCTAssertEqual(keys(second.page), ["c", "d"])
    XCTAssertFalse(first.done)
    pages.recycle(first.page)
    let third = try pages.next()
    XCTAssertEqual(keys(third.page), ["e"])
    XCTAssertTrue(third.done)
    XCTAssertThrowsError(try pages.next(), "asking past the last page is an error, not a wait forever")
  }

  func testASourceErrorReachesTheRouterAfterThePagesBeforeIt() throws {
    let reader = try open([record("a"), record("b"), #"{"entity":"vendor","key":"c""#, record("d")])
    let pages = PagePrefetcher(reader: reader)
    defer { pages.stop(); reader.close() }
    let first = try pages.next()
    XCTAssertEqual(keys(first.page), ["a", "b"])
    pages.recycle(first.page)
    XCTAssertThrowsError(try pages.next()) { error in
      XCTAssertTrue("\(error)".contains("the source emitted an unusable record"), "\(error)")
    }
  }

  func testStoppingWhileTheReaderWaitsForAPageReturnsPromptly() throws {
    let reader = try open((0..<20).map { record("k\($0)") })
    let pages = PagePrefetcher(reader: reader)
    _ = try pages.next()
    _ = try pages.next()
    // Both pages are held, so the reader is waiting for one; stop must wake it.
    within("stop returns while the reader waits for a free page") { pages.stop() }
    reader.close()
  }
}
