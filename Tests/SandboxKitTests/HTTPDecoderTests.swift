@testable import MLCSandboxKit
import XCTest

/// The decoder on bytes in memory: the grammar corners a socket test would make slow to list.
final class HTTPDecoderTests: XCTestCase {
  private let decoder = HTTPDecoder(limits: .init(
    maxRequestLineBytes: 64, maxHeaderBytes: 128, maxHeaderCount: 4, maxBodyBytes: 32))

  /// Decodes one request from `text`, checking that every byte was consumed.
  private func decode(_ text: String) throws -> HTTPRequest {
    var source = ArrayByteSource(Array(text.utf8))
    let head = try decoder.readHead(from: &source)
    let body = try decoder.readBody(decoder.framing(of: head), from: &source)
    XCTAssertTrue(source.isAtEnd, "unconsumed bytes after \(text.debugDescription)")
    return decoder.makeRequest(head, body: body, remoteAddress: "")
  }

  private func error(_ text: String) -> HTTPRequestError? {
    do {
      _ = try decode(text)
      return nil
    } catch {
      return error as? HTTPRequestError
    }
  }

  func testLenientWhereItIsSafe() throws {
    let bareLF = try decode("\r\n\nPOST /x HTTP/1.1\nHost: t\nContent-Length: 2\n\nok")
    XCTAssertEqual(bareLF.bodyText, "ok", "leading empty lines are skipped and bare LF ends lines")
    let absolute = try decode("GET http://example.com:8080/a/b?c=d HTTP/1.1\r\nHost: example.com\r\n\r\n")
    XCTAssertEqual(absolute.path, "/a/b")
    XCTAssertEqual(absolute.queryValue("c"), "d")
    let repeatedLength = try decode("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3, 3\r\n\r\nabc")
    XCTAssertEqual(repeatedLength.bodyText, "abc", "equal Content-Length values are one length")
    let http10 = try decode("GET / HTTP/1.0\r\n\r\n")
    XCTAssertFalse(http10.wantsKeepAlive, "HTTP/1.0 needs no Host and closes by default")
    let spaced = try decode("GET / HTTP/1.1\r\nHost:   t \t\r\n\r\n")
    XCTAssertEqual(spaced.headers["host"], "t")
  }

  func testChunkedBodyWithUppercaseHexAndTrailers() throws {
    let request = try decode("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: Chunked\r\n\r\nA ; ext=1\r\n0123456789\r\n0\r\nT: 1\r\n\r\n")
    XCTAssertEqual(request.bodyText, "0123456789")
  }

  func testLimitsMapToTheirErrors() {
    XCTAssertEqual(error("GET /\(String(repeating: "a", count: 60)) HTTP/1.1\r\n\r\n")?.status, 431)
    XCTAssertEqual(error("GET / HTTP/1.1\r\nHost: t\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n")?.status, 431, "five fields, four allowed")
    XCTAssertEqual(error("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: \(String(repeating: "t", count: 130))\r\n\r\n")?.status, 431,
                   "trailers count against the header budget")
    XCTAssertEqual(error("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n21\r\n")?.status, 413)
    XCTAssertEqual(error("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n")?.status, 400)
    XCTAssertEqual(error("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")?.status, 400)
    XCTAssertEqual(error("GET / HTTP/1.1\r\nHost: t\r\nX: a\u{0}b\r\n\r\n")?.status, 400)
    XCTAssertEqual(error("GET / HTTP/1.1\r\nHost: t\r\n"), .closed, "a head cut short is a closed connection, not an answer")
    XCTAssertEqual(error("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nab"), .closed)
  }

  func testExpectContinueOnlyForHTTP11() throws {
    var source = ArrayByteSource(Array("PUT / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n".utf8))
    XCTAssertFalse(try decoder.expectsContinue(decoder.readHead(from: &source)))
    source = ArrayByteSource(Array("PUT / HTTP/1.1\r\nHost: t\r\nExpect: 100-Continue\r\n\r\n".utf8))
    XCTAssertTrue(try decoder.expectsContinue(decoder.readHead(from: &source)))
  }
}
