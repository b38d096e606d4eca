import XCTest
@testable import MLCHost

/// The socket transport's response parser on byte arrays: every framing, fed whole and in
/// every possible two-way split, and each malformed input named in its error.
final class HTTPResponseParserTests: XCTestCase {
  private let chunked = Array((
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    + "7\r\n{\"a\":1,\r\n" + "A;name=ext\r\n\"b\":[1,2]}\r\n" + "0\r\nX-Checksum: 42\r\nX-Rows: 2\r\n\r\n").utf8)

  /// Feeds `pieces` in order, stopping once the response is complete.
  private func parse(_ pieces: [ArraySlice<UInt8>], method: String = "GET",
                     limits: HTTPResponseParser.Limits = .init()) throws -> HTTPResponseParser {
    var parser = HTTPResponseParser(requestMethod: method, limits: limits)
    for piece in pieces {
      if try parser.feed(piece) { break }
    }
    return parser
  }

  private func parse(_ text: String, method: String = "GET", limits: HTTPResponseParser.Limits = .init()) throws -> HTTPResponseParser {
    try parse([Array(text.utf8)[...]], method: method, limits: limits)
  }

  /// The message of the `TransportFailure` `body` throws.
  private func failure(_ body: () throws -> Any) -> TransportFailure? {
    do {
      _ = try body()
    } catch let failure as TransportFailure {
      return failure
    } catch {
      XCTFail("expected a TransportFailure, got \(error)")
    }
    return nil
  }

  func testAChunkedResponseWithTrailersParsesTheSameAtEverySplit() throws {
    for split in 0...chunked.count {
      for second in [split, min(chunked.count, split + 3)] {
        let parser = try parse([chunked[..<split], chunked[split..<second], chunked[second...]])
        XCTAssertTrue(parser.isComplete, "split at \(split)/\(second)")
        XCTAssertEqual(parser.status, 200)
        XCTAssertEqual(parser.bodyText, #"{"a":1,"b":[1,2]}"#, "split at \(split)/\(second)")
        XCTAssertEqual(parser.headers["content-type"], "application/json")
        XCTAssertEqual(parser.trailers["x-checksum"], "42")
        XCTAssertEqual(parser.trailers.count, 2)
        XCTAssertEqual(parser.bytesRead, chunked.count)
        XCTAssertTrue(parser.allowsReuse)
      }
    }
  }

  func testAChunkedResponseFedOneByteAtATimeCompletesOnTheLastByte() throws {
    var parser = HTTPResponseParser(requestMethod: "GET")
    for (index, byte) in chunked.enumerated() {
      XCTAssertEqual(try parser.feed([byte]), index == chunked.count - 1, "byte \(index)")
    }
    XCTAssertEqual(parser.body.count, 17)
  }

  func testContentLengthBodyKeepsHeaderOrderAndCase() throws {
    let parser = try parse("HTTP/1.1 201 Created\r\nSet-Cookie: a=1\r\nX-Id: 7\r\nset-cookie: b=2\r\nContent-Length: 5\r\n\r\nhello")
    XCTAssertTrue(parser.isComplete)
    XCTAssertEqual(parser.response.status, 201)
    XCTAssertEqual(parser.headers.fields.map(\.name), ["Set-Cookie", "X-Id", "set-cookie", "Content-Length"])
    XCTAssertEqual(parser.headers.values("SET-COOKIE"), ["a=1", "b=2"])
    XCTAssertEqual(parser.bodyText, "hello")
  }

  func testInterim100ContinueIsSkipped() throws {
    let parser = try parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nX-A: 1\r\n\r\n"
      + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    XCTAssertTrue(parser.isComplete)
    XCTAssertEqual(parser.status, 200)
    XCTAssertNil(parser.headers["x-a"], "interim headers are not the final response's")
    XCTAssertEqual(parser.bodyText, "ok")
  }

  func testABodyWithoutLengthRunsToTheCloseAndForbidsReuse() throws {
    var parser = try parse("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nline one\nline two")
    XCTAssertFalse(parser.isComplete)
    XCTAssertTrue(parser.readsUntilClose)
    try parser.finish()
    XCTAssertTrue(parser.isComplete)
    XCTAssertEqual(parser.bodyText, "line one\nline two")
    XCTAssertFalse(parser.allowsReuse)
  }

  func testHeadNoContentAndNotModifiedHaveNoBody() throws {
    XCTAssertTrue(try parse("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n", method: "HEAD").isComplete)
    XCTAssertTrue(try parse("HTTP/1.1 204 No Content\r\n\r\n", method: "DELETE").isComplete)
    XCTAssertTrue(try parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n").isComplete)
  }

  func testConnectionCloseHTTP10AndExtraBytesForbidReuse() throws {
    XCTAssertFalse(try parse("HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n").allowsReuse)
    XCTAssertFalse(try parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").allowsReuse)
    let extra = try parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxGARBAGE")
    XCTAssertTrue(extra.isComplete)
    XCTAssertEqual(extra.bytesAfterResponse, 7)
    XCTAssertFalse(extra.allowsReuse)
    XCTAssertTrue(try parse("HTTP/1.1 200 OK\nContent-Length: 0\n\n").allowsReuse, "bare LF line ends are read")
  }

  func testMalformedResponsesNameWhatWasWrong() {
    let cases: [(String, String)] = [
      ("HTTP/2 200 OK\r\n\r\n", #"the status line "HTTP/2 200 OK" is not"#),
      ("SSH-2.0-OpenSSH_9.6\r\n\r\n", "the status line \"SSH-2.0-OpenSSH_9.6\""),
      ("HTTP/1.1 20 OK\r\n\r\n", "3-digit code"),
      ("HTTP/1.1 200 OK\r\nX-A: 1\r\n  folded\r\n\r\n", "obsolete line folding"),
      ("HTTP/1.1 200 OK\r\nX-A : 1\r\n\r\n", "header name \"X-A \""),
      ("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "has no name and colon"),
      ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "is not one decimal number"),
      ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "is not one decimal number"),
      ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "only chunked"),
      ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", "both Transfer-Encoding and Content-Length"),
      ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "chunk size \"zz\""),
      ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXX\r\n", "not followed by CRLF"),
      ("HTTP/1.1 101 Switching Protocols\r\n\r\n", "switched protocols"),
    ]
    for (text, expected) in cases {
      let error = failure { try self.parse(text) }
      XCTAssertEqual(error?.kind, .other, text)
      XCTAssertTrue(error?.message.hasPrefix("malformed HTTP response: ") ?? false, error?.message ?? text)
      XCTAssertTrue(error?.message.contains(expected) ?? false, "\(error?.message ?? "no error") for \(text)")
    }
  }

  func testOversizeHeadAndBodyHitTheirLimits() {
    let limits = HTTPResponseParser.Limits(maxHeaderBytes: 1024, maxBodyBytes: 100)
    let bigHeader = "HTTP/1.1 200 OK\r\nX-Big: \(String(repeating: "a", count: 2000))\r\n\r\n"
    XCTAssertTrue(failure { try self.parse(bigHeader, limits: limits) }?.message
      .contains("the response head is larger than 1024 bytes") ?? false)
    let manyHeaders = "HTTP/1.1 200 OK\r\n" + String(repeating: "X-A: 12345678901234567890\r\n", count: 50)
    XCTAssertNotNil(failure { try self.parse(manyHeaders, limits: limits) }, "many small fields add up")
    XCTAssertTrue(failure { try self.parse("HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n", limits: limits) }?
      .message.contains("larger than the") ?? false, "a declared length over the limit fails before the body")
    let chunks = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + String(repeating: "20\r\n\(String(repeating: "x", count: 32))\r\n", count: 4)
    XCTAssertNotNil(failure { try self.parse(chunks, limits: limits) }, "chunks adding up past the limit")
    var untilClose = HTTPResponseParser(requestMethod: "GET", limits: limits)
    XCTAssertNotNil(failure { try untilClose.feed(Array("HTTP/1.1 200 OK\r\n\r\n\(String(repeating: "y", count: 101))".utf8)) })
  }

  func testEndOfStreamBeforeTheEndIsAConnectionLostNamingWhere() throws {
    var nothing = HTTPResponseParser(requestMethod: "POST")
    XCTAssertEqual(failure { try nothing.finish() }?.message, "the connection closed before any response byte arrived")
    var head = try parse("HTTP/1.1 200 OK\r\nContent-")
    XCTAssertEqual(failure { try head.finish() }?.kind, .connectionLost)
    var short = try parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
    XCTAssertEqual(failure { try short.finish() }?.message,
                   "the connection closed 7 bytes short of the Content-Length body (3 bytes read)")
    var unfinished = try parse([chunked[..<(chunked.count - 5)]])
    XCTAssertTrue(failure { try unfinished.finish() }?.message.contains("inside the chunked body") ?? false)
  }
}

private extension HTTPResponseParser {
  var bodyText: String { String(decoding: body, as: UTF8.self) }
}
