import MLCSandboxKit
import XCTest

/// The server's normal protocol behaviour, seen from a raw socket: decoding, keep-alive,
/// pipelining, chunked bodies, `100-continue` and what handlers can ask for.
final class HTTPServerTests: XCTestCase {
  /// A handler that describes the request it got, one field per line.
  private static let echo: HTTPHandler = { request in
    let query = request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "|")
    return .text(200, """
      method=\(request.method)
      path=\(request.path)
      rawPath=\(request.rawPath)
      query=\(query)
      type=\(request.headers["CONTENT-TYPE"] ?? "-")
      body=\(request.bodyText)
      """)
  }

  func testGetDecodesPathAndQuery() throws {
    let server = try startServer(handler: Self.echo)
    defer { server.stop() }
    let response = try roundTrip(server.port, "get /odata/Vendors('A%20B')/x%2Fy?$filter=Name+eq+%27J%C3%BCrgen%27&flag&$top=2 HTTP/1.1\r\nHost: t\r\n\r\n")
    XCTAssertEqual(response.status, 200)
    XCTAssertEqual(response.text, """
      method=GET
      path=/odata/Vendors('A B')/x/y
      rawPath=/odata/Vendors('A%20B')/x%2Fy
      query=$filter=Name eq 'Jürgen'|flag=|$top=2
      type=-
      body=
      """)
    XCTAssertEqual(response.header("Content-Type"), "text/plain; charset=utf-8")
    XCTAssertNotNil(response.header("Date"))
  }

  func testPostBodyWithContentLength() throws {
    let server = try startServer(handler: Self.echo)
    defer { server.stop() }
    let body = #"{"name":"Müller GmbH"}"#
    let response = try roundTrip(server.port, "POST /vendors HTTP/1.1\r\nHost: t\r\ncontent-type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
    XCTAssertTrue(response.text.contains("method=POST\n"))
    XCTAssertTrue(response.text.contains("type=application/json\n"))
    XCTAssertTrue(response.text.hasSuffix("body=\(body)"))
  }

  func testKeepAliveServesSeveralRequestsOnOneConnection() throws {
    let peers = Locked<Set<String>>([])
    let server = try startServer { request in
      peers.withValue { _ = $0.insert(request.remoteAddress) }
      return .text(200, request.path)
    }
    defer { server.stop() }
    let client = try RawHTTPClient(port: server.port)
    for index in 0..<5 {
      client.send("GET /r\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
      let response = try client.readResponse()
      XCTAssertEqual(response.text, "/r\(index)")
      XCTAssertNil(response.header("Connection"))
    }
    XCTAssertEqual(peers.current.count, 1, "all five requests came over one connection")
    XCTAssertTrue(peers.current.first?.hasPrefix("127.0.0.1:") ?? false)
  }

  func testPipelinedRequestsAreAnsweredInOrder() throws {
    let server = try startServer(handler: Self.echo)
    defer { server.stop() }
    let client = try RawHTTPClient(port: server.port)
    client.send("GET /one HTTP/1.1\r\nHost: t\r\n\r\nPOST /two HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabcGET /three HTTP/1.1\r\nHost: t\r\n\r\n")
    let paths = try (0..<3).map { _ in try client.readResponse().text.split(separator: "\n")[1] }
    XCTAssertEqual(paths, ["path=/one", "path=/two", "path=/three"])
  }

  func testChunkedBodyIsDecodedWithExtensionsAndTrailers() throws {
    let server = try startServer(handler: Self.echo)
    defer { server.stop() }
    let client = try RawHTTPClient(port: server.port)
    client.send("POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n")
    client.send("7\r\n, world\r\n0\r\nX-Checksum: 1\r\n\r\nGET /after HTTP/1.1\r\nHost: t\r\n\r\n")
    XCTAssertTrue(try client.readResponse().text.hasSuffix("body=hello, world"))
    XCTAssertTrue(try client.readResponse().text.contains("path=/after"), "the trailer was consumed, the next request is intact")
  }

  func testExpectContinueGetsAnInterimResponseBeforeTheBody() throws {
    let server = try startServer(handler: Self.echo)
    defer { server.stop() }
    let client = try RawHTTPClient(port: server.port)
    client.send("PUT /upload HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
    let interim = try client.readResponse()
    XCTAssertEqual(interim.status, 100)
    client.send("data")
    let final = try client.readResponse()
    XCTAssertEqual(final.status, 200)
    XCTAssertTrue(final.text.hasSuffix("body=data"))
  }

  func testExpectContinueWithTooLargeBodyIsRefusedWithoutInterim() throws {
    var configuration = HTTPServer.Configuration()
    configuration.maxBodyBytes = 10
    let server = try startServer(configuration, handler: Self.echo)
    defer { server.stop() }
    let client = try RawHTTPClient(port: server.port)
    client.send("PUT /upload HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n")
    XCTAssertEqual(try client.readResponse().status, 413)
  }

  func testConnectionCloseAndHTTP10AreHonoured() throws {
    let server = try startServer(handler: Self.echo)
    defer { server.stop() }
    for request in ["GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", "GET / HTTP/1.0\r\n\r\n"] {
      let client = try RawHTTPClient(port: server.port)
      client.send(request)
      let response = try client.readResponse()
      XCTAssertEqual(response.status, 200)
      XCTAssertEqual(response.header("Connection"), "close")
      XCTAssertTrue(client.isClosedByServer(), "server closes after \(request.debugDescription)")
    }
    let client = try RawHTTPClient(port: server.port)
    client.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
    XCTAssertEqual(try client.readResponse().header("Connection"), "keep-alive")
    client.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
    XCTAssertTrue(try client.readResponse().text.contains("path=/b"), "an HTTP/1.0 keep-alive connection stays open")
  }

  func testHeadSendsLengthButNoBody() throws {
    let server = try startServer { _ in .text(200, "twelve bytes") }
    defer { server.stop() }
    let client = try RawHTTPClient(port: server.port)
    client.send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n")
    let bytes = client.readToEndOfResponses(count: 2)
    let text = String(decoding: bytes, as: UTF8.self)
    XCTAssertEqual(text.components(separatedBy: "Content-Length: 12\r\n").count, 3, "both answers declare 12 bytes")
    XCTAssertEqual(text.components(separatedBy: "twelve bytes").count, 2, "only the GET answer carries the body")
  }

  func testHandlerCanAskToCloseTheConnection() throws {
    let server = try startServer { _ in
      var response = HTTPResponse.text(200, "bye")
      response.closesConnection = true
      return response
    }
    defer { server.stop() }
    let client = try RawHTTPClient(port: server.port)
    client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
    XCTAssertEqual(try client.readResponse().header("Connection"), "close")
    XCTAssertTrue(client.isClosedByServer())
  }

  func testHandlerDropClosesWithoutAnyResponse() throws {
    let server = try startServer { request in request.path == "/drop" ? .dropped : .text(200, "ok") }
    defer { server.stop() }
    let client = try RawHTTPClient(port: server.port)
    client.send("GET /drop HTTP/1.1\r\nHost: t\r\n\r\n")
    XCTAssertEqual(client.readToEnd(), [], "nothing is sent before the close")
    XCTAssertEqual(try roundTrip(server.port, "GET /ok HTTP/1.1\r\nHost: t\r\n\r\n").text, "ok")
  }

  func testHandlerOutputCannotBreakFraming() throws {
    let server = try startServer { request in
      var response = HTTPResponse(status: 99_999, body: Array("body".utf8))
      response.headers["Content-Length"] = "1"
      response.headers["Transfer-Encoding"] = "chunked"
      response.headers["X-Echo"] = request.queryValue("v")
      response.headers["Bad Name"] = "x"
      response.headers["Date"] = "Sun, 06 Nov 1994 08:49:37 GMT"
      return response
    }
    defer { server.stop() }
    let client = try RawHTTPClient(port: server.port)
    client.send("GET /?v=a%0D%0AHTTP/1.1%20200%20OK HTTP/1.1\r\nHost: t\r\n\r\nGET /?v=2 HTTP/1.1\r\nHost: t\r\n\r\n")
    let first = try client.readResponse()
    XCTAssertEqual(first.status, 500, "an invalid status becomes 500")
    XCTAssertEqual(first.text, "body")
    XCTAssertEqual(first.header("X-Echo"), "a  HTTP/1.1 200 OK", "CR LF in a value can't start a new line")
    XCTAssertNil(first.header("Transfer-Encoding"))
    XCTAssertNil(first.header("Bad Name"))
    XCTAssertEqual(first.headers.filter { $0.name == "Date" }.map(\.value), ["Sun, 06 Nov 1994 08:49:37 GMT"],
                   "a handler's own Date replaces the server's")
    XCTAssertEqual(try client.readResponse().header("X-Echo"), "2", "the stream is still in step")
  }
}

extension RawHTTPClient {
  /// Reads until `count` responses have arrived, returning their raw bytes (no parsing, so
  /// HEAD answers without bodies can be checked byte for byte).
  func readToEndOfResponses(count: Int) -> [UInt8] {
    finishSending()
    return readToEnd()
  }
}
