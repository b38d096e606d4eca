import TestKit
import XCTest
@testable import MLCHost

/// The read-ahead between a source and the router, against the C fixture source (two
/// records a page).
final class PagePrefetcherTests: XCTestCase {
  private var directory: TemporaryDirectory!
  private var source: PluginInstance!

  override func setUpWithError() throws {
    directory = try TemporaryDirectory(prefix: "mlc-prefetch")
    try CPlugin.buildFixture(output: directory.file("libfixture.so"))
  }

  private func open(_ lines: [String]) throws -> (PluginInstance, PluginInstance.Reader) {
    try directory.write("input.jsonl", lines.joined(separator: "\n") + "\n")
    let plugin = try XCTUnwrap(PluginLoader.load(path: directory.file("libfixture.so")).plugins.first)
    let config = Array(#"{"input":"\#(directory.file("input.jsonl"))","output":"\#(directory.file("out.jsonl"))"}"#.utf8)
    let source = try PluginInstance(plugin: plugin, context: HostContext(connection: "src", plugin: "fixture", logger: Logger(minimum: .error)),
                                    config: config)
    return (source, try source.openReader(entity: "vendor", since: nil, pageSize: 2, full: true))
  }

  private func record(_ key: String) -> String {
    #"{"entity":"vendor","key":"\#(key)","updated_at":"2026-01-01T00:00:00Z","data":{}}"#
  }

  private func keys(_ page: RecordPage) -> [String] { page.envelopes.map { $0.key ?? "?" } }

  func testPagesArriveInSourceOrderAndTheNextIsReadWhileTheRouterHoldsOne() throws {
    let (source, reader) = try open(["a", "b", "c", "d", "e"].map(record))
    let pages = PagePrefetcher(source: source, reader: reader)
    defer { pages.stop(); source.closeReader(reader) }
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
    let (source, reader) = try open([record("a"), record("b"), #"{"entity":"vendor","key":"c""#, record("d")])
    let pages = PagePrefetcher(source: source, reader: reader)
    defer { pages.stop(); source.closeReader(reader) }
    let first = try pages.next()
    XCTAssertEqual(keys(first.page), ["a", "b"])
    pages.recycle(first.page)
    XCTAssertThrowsError(try pages.next()) { error in
      XCTAssertTrue("\(error)".contains("the source emitted an unusable record"), "\(error)")
    }
  }

  func testStoppingWhileTheReaderWaitsForAPageReturnsPromptly() throws {
    let (source, reader) = try open((0..<20).map { record("k\($0)") })
    let pages = PagePrefetcher(source: source, reader: reader)
    _ = try pages.next()
    _ = try pages.next()
    // Both pages are held, so the reader is waiting for one; stop must wake it.
    pages.stop()
    source.closeReader(reader)
  }
}
