import Glibc
import MLCSandboxKit
import XCTest

/// Every limit breach gets its own status and closes the connection; the server's lifecycle
/// (connection cap, idle timeout, stop) leaves nothing behind.
final class HTTPServerLimitTests: XCTestCase {
  private static let ok: HTTPHandler = { _ in .text(200, "ok") }

  /// Sends `request` on a new connection and returns the status and whether the server then
  /// closed the connection.
  private func statusAndClose(_ port: UInt16, _ request: String) throws -> (Int, Bool) {
    let client = try RawHTTPClient(port: port)
    client.send(request)
    let response = try client.readResponse()
    XCTAssertEqual(response.header("Connection"), "close", "an error answer announces the close")
    return (response.status, client.isClosedByServer())
  }

  func testOversizedRequestLineAndHeadersAre431() throws {
    var configuration = HTTPServer.Configuration()
    configuration.maxRequestLineBytes = 100
    configuration.maxHeaderBytes = 200
    let server = try startServer(configuration, handler: Self.ok)
    defer { server.stop() }
    let longLine = "GET /\(String(repeating: "a", count: 100)) HTTP/1.1\r\nHost: t\r\n\r\n"
    XCTAssertTrue(try statusAndClose(server.port, longLine) == (431, true))
    let bigHeaders = "GET / HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "b", count: 200))\r\n\r\n"
    XCTAssertTrue(try statusAndClose(server.port, bigHeaders) == (431, true))
    let manySmall = "GET / HTTP/1.1\r\nHost: t\r\n" + String(repeating: "X-A: 1\r\n", count: 30) + "\r\n"
    XCTAssertTrue(try statusAndClose(server.port, manySmall) == (431, true), "the budget counts all lines together")
    let justFits = "GET /\(String(repeating: "a", count: 85)) HTTP/1.1\r\nHost: t\r\n\r\n"
    XCTAssertEqual(try roundTrip(server.port, justFits).status, 200, "a 100-byte request line is allowed")
  }

  func testOversizedBodyIs413ForLengthAndChunks() throws {
    var configuration = HTTPServer.Configuration()
    configuration.maxBodyBytes = 1000
    let server = try startServer(configuration, handler: Self.ok)
    defer { server.stop() }
    XCTAssertTrue(try statusAndClose(server.port, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1001\r\n\r\n") == (413, true))
    XCTAssertTrue(try statusAndClose(server.port, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999999999999999\r\n\r\n") == (413, true))
    let chunks = "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "200\r\n\(String(repeating: "x", count: 512))\r\n" + "200\r\n\(String(repeating: "y", count: 512))\r\n0\r\n\r\n"
    XCTAssertTrue(try statusAndClose(server.port, chunks) == (413, true), "the limit applies to the de-chunked total")
    let atLimit = "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n" + String(repeating: "z", count: 1000)
    XCTAssertEqual(try roundTrip(server.port, atLimit).status, 200)
  }

  func testMalformedRequestsAre400() throws {
    let server = try startServer(handler: Self.ok)
    defer { server.stop() }
    let malformed = [
      "\u{1}\u{2}garbage\r\n\r\n",
      "GET /\r\n\r\n",
      "GET / HTTP/1.1\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
      "GET / HTTP/1.1\r\nHost : t\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: t\r\nX-Folded: a\r\n b\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
      "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
      "GET /a b HTTP/1.1\r\nHost: t\r\n\r\n",
      "GET nowhere HTTP/1.1\r\nHost: t\r\n\r\n",
    ]
    for request in malformed {
      let (status, closed) = try statusAndClose(server.port, request)
      XCTAssertEqual(status, 400, request.debugDescription)
      XCTAssertTrue(closed, request.debugDescription)
    }
  }

  func testUnsupportedProtocolFeaturesHaveTheirOwnStatus() throws {
    let server = try startServer(handler: Self.ok)
    defer { server.stop() }
    XCTAssertEqual(try statusAndClose(server.port, "GET / HTTP/2.0\r\nHost: t\r\n\r\n").0, 505)
    XCTAssertEqual(try statusAndClose(server.port, "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").0, 501)
    XCTAssertEqual(try statusAndClose(server.port, "POST / HTTP/1.1\r\nHost: t\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx").0, 417)
  }

  func testHalfARequestTimesOutWith408() throws {
    var configuration = HTTPServer.Configuration()
    configuration.readTimeout = .milliseconds(150)
    let server = try startServer(configuration, handler: Self.ok)
    defer { server.stop() }
    let client = try RawHTTPClient(port: server.port)
    let started = ContinuousClock.now
    client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nhalf")
    let response = try client.readResponse()
    XCTAssertEqual(response.status, 408)
    XCTAssertGreaterThanOrEqual(ContinuousClock.now - started, .milliseconds(150))
    XCTAssertTrue(client.isClosedByServer())
  }

  func testTrickledRequestTimesOutAlthoughBytesKeepArriving() throws {
    var configuration = HTTPServer.Configuration()
    configuration.readTimeout = .milliseconds(200)
    let server = try startServer(configuration, handler: Self.ok)
    defer { server.stop() }
    let client = try RawHTTPClient(port: server.port)
    // One byte every 30 ms would never trip a per-read timeout; the request deadline catches it.
    for byte in "GET / HTTP/1.1\r\nHost: t\r\n".utf8 {
      client.send([byte])
      usleep(30_000)
      if client.isReadable() { break }
    }
    XCTAssertEqual(try client.readResponse().status, 408)
  }

  func testIdleKeepAliveConnectionIsClosedSilently() throws {
    var configuration = HTTPServer.Configuration()
    configuration.keepAliveIdleTimeout = .milliseconds(100)
    let server = try startServer(configuration, handler: Self.ok)
    defer { server.stop() }
    let client = try RawHTTPClient(port: server.port)
    client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
    XCTAssertEqual(try client.readResponse().status, 200)
    XCTAssertEqual(client.readToEnd(), [], "closed after the idle timeout without sending a 408")
    XCTAssertTrue(waitUntil { server.connectionCount == 0 })
  }

  func testConnectionsBeyondTheLimitGet503() throws {
    var configuration = HTTPServer.Configuration()
    configuration.maxConnections = 2
    let server = try startServer(configuration, handler: Self.ok)
    defer { server.stop() }
    let held = try (0..<2).map { _ in try RawHTTPClient(port: server.port) }
    for client in held {
      client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
      XCTAssertEqual(try client.readResponse().status, 200)
    }
    let refused = try RawHTTPClient(port: server.port)
    refused.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
    let response = try refused.readResponse()
    XCTAssertEqual(response.status, 503)
    XCTAssertEqual(response.header("Retry-After"), "1")
    XCTAssertTrue(refused.isClosedByServer())
    XCTAssertEqual(server.connectionCount, 2)
    held[0].finishSending()
    _ = held[0].readToEnd()
    XCTAssertTrue(waitUntil { server.connectionCount == 1 })
    XCTAssertEqual(try roundTrip(server.port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n").status, 200, "a freed slot is reused")
  }

  func testStopClosesEveryConnectionAndFreesThePort() throws {
    let server = try startServer(handler: Self.ok)
    let port = server.port
    let idle = try RawHTTPClient(port: port)
    idle.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
    XCTAssertEqual(try idle.readResponse().status, 200)
    let midRequest = try RawHTTPClient(port: port)
    midRequest.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\npartial")
    XCTAssertTrue(waitUntil { server.connectionCount == 2 })

    server.stop()
    XCTAssertEqual(server.connectionCount, 0)
    XCTAssertTrue(idle.isClosedByServer())
    XCTAssertTrue(midRequest.isClosedByServer())
    XCTAssertThrowsError(try RawHTTPClient(port: port), "nothing listens any more")
    server.stop()

    var configuration = HTTPServer.Configuration()
    configuration.port = port
    let again = try startServer(configuration, handler: Self.ok)
    defer { again.stop() }
    XCTAssertEqual(again.port, port)
    XCTAssertEqual(try roundTrip(port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n").status, 200)
  }

  func testWaitUntilStoppedReturnsOnceStopped() throws {
    let server = try startServer(handler: Self.ok)
    let returned = Locked(false)
    let waiter = Thread {
      server.waitUntilStopped()
      returned.withValue { $0 = true }
    }
    waiter.start()
    XCTAssertEqual(try roundTrip(server.port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n").status, 200)
    XCTAssertFalse(returned.current, "still serving")
    server.stop()
    XCTAssertTrue(waitUntil { returned.current })
  }

  func testStopFromInsideAHandlerDoesNotDeadlock() throws {
    let box = Locked<HTTPServer?>(nil)
    let server = try startServer { _ in
      box.current?.stop()
      return .text(200, "stopping")
    }
    box.withValue { $0 = server }
    let response = try roundTrip(server.port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n")
    XCTAssertEqual(response.text, "stopping")
    XCTAssertEqual(response.header("Connection"), "close")
    XCTAssertTrue(waitUntil { server.connectionCount == 0 })
    XCTAssertThrowsError(try server.start(), "a stopped server can't start again")
  }

  func testBindingAPortInUseFailsWithAnExplanation() throws {
    let first = try startServer(handler: Self.ok)
    defer { first.stop() }
    var configuration = HTTPServer.Configuration()
    configuration.port = first.port
    let second = HTTPServer(configuration: configuration, handler: Self.ok)
    XCTAssertThrowsError(try second.start()) { error in
      XCTAssertEqual((error as? HTTPServerError)?.code, .bind)
      XCTAssertTrue("\(error)".contains("127.0.0.1:\(first.port)"), "\(error)")
    }
  }
}

/// Polls `condition` every 5 ms for up to two seconds; for state that another thread changes
/// (a connection thread ending), where there is no event to wait on.
func waitUntil(_ condition: () -> Bool) -> Bool {
  for _ in 0..<400 {
    if condition() { return true }
    usleep(5000)
  }
  return condition()
}

extension RawHTTPClient {
  /// Whether a byte (or EOF) is ready to read right now.
  func isReadable() -> Bool {
    var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&descriptor, 1, 0) > 0
  }
}
