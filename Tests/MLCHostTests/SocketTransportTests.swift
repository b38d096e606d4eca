import Foundation
import Glibc
import TestKit
import XCTest
@testable import MLCHost

/// The socket transport against real local servers: what goes on the wire, keep-alive
/// reuse, when a request is resent on a fresh connection (and when it must not be), and
/// the failure kinds the retry loop decides on.
final class SocketTransportTests: XCTestCase {
  /// Answers every request on a connection until the client closes it.
  private static let answerAll: RawSocketServer.Script = { connection in
    while connection.readRequest() != nil { connection.respond("reply \(connection.index)") }
  }

  private func request(_ method: String, _ port: UInt16, _ path: String = "/x", body: String = "",
                       timeout: TimeInterval = 5) -> TransportRequest {
    TransportRequest(method: method, url: URL(string: "http://127.0.0.1:\(port)\(path)")!,
                     body: Array(body.utf8), timeout: timeout, connectTimeout: 2)
  }

  /// The `TransportFailure` `body` throws, failing the test when it returns.
  private func failure(_ body: () throws -> TransportResponse, file: StaticString = #filePath,
                       line: UInt = #line) -> TransportFailure? {
    do {
      let response = try body()
      XCTFail("expected a TransportFailure, got HTTP \(response.status)", file: file, line: line)
    } catch let failure as TransportFailure {
      return failure
    } catch {
      XCTFail("expected a TransportFailure, got \(error)", file: file, line: line)
    }
    return nil
  }

  func testSequentialRequestsShareOneKeepAliveConnection() throws {
    let server = try RawSocketServer.start(self, Self.answerAll)
    let transport = SocketTransport()
    for method in ["GET", "POST", "PUT", "DELETE", "GET"] {
      let response = try transport.send(request(method, server.port, body: method == "GET" ? "" : "{}"))
      XCTAssertEqual(response.status, 200)
      XCTAssertEqual(response.bodyText, "reply 0")
    }
    XCTAssertEqual(server.connectionCount, 1, "every request went on the first connection")
    XCTAssertEqual(server.requestHeads.count, 5)
    XCTAssertEqual(transport.pool.idleCount("127.0.0.1:\(server.port)"), 1)
    transport.shutdown()
    XCTAssertEqual(transport.pool.idleCount("127.0.0.1:\(server.port)"), 0, "shutdown closes idle connections")
  }

  func testAConnectionTheServerClosedAfterAnsweringIsSkippedBeforeAPOSTIsWritten() throws {
    let server = try RawSocketServer.start(self) { connection in
      connection.readRequest()
      connection.respond("reply \(connection.index)")  // no Connection: close, then hang up anyway
    }
    let transport = SocketTransport()
    XCTAssertEqual(try transport.send(request("GET", server.port)).bodyText, "reply 0")
    server.waitForClosed(1)
    XCTAssertEqual(try transport.send(request("POST", server.port, body: "{}")).bodyText, "reply 1",
                   "the pooled connection was found closed and a fresh one used")
    XCTAssertEqual(server.connectionCount, 2)
  }

  func testGETsSucceedWhenTheServerHangsUpAfterEveryResponse() throws {
    // Whether the next GET finds the connection closed before writing, or writes it and
    // reads the close, it ends on a fresh connection: the race cannot fail a GET.
    let server = try RawSocketServer.start(self) { connection in
      connection.readRequest()
      connection.respond("reply \(connection.index)")
    }
    let transport = SocketTransport()
    for index in 0..<5 {
      XCTAssertEqual(try transport.send(request("GET", server.port)).bodyText, "reply \(index)")
    }
    XCTAssertEqual(server.connectionCount, 5)
    XCTAssertEqual(server.requestHeads.count, 5)
  }

  /// The first connection answers one request, then reads the next and hangs up unanswered
  /// (a keep-alive close racing the request); later connections answer everything.
  private func startRacingServer() throws -> RawSocketServer {
    try RawSocketServer.start(self) { connection in
      guard connection.index == 0 else { return Self.answerAll(connection) }
      connection.readRequest()
      connection.respond("first")
      connection.readRequest()
    }
  }

  func testAGETLostOnAReusedConnectionIsResentOnceOnAFreshOne() throws {
    let server = try startRacingServer()
    let transport = SocketTransport()
    XCTAssertEqual(try transport.send(request("GET", server.port)).bodyText, "first")
    XCTAssertEqual(try transport.send(request("GET", server.port, "/again")).bodyText, "reply 1")
    XCTAssertEqual(server.connectionCount, 2)
    XCTAssertEqual(server.requestHeads.map { $0.components(separatedBy: "\r\n")[0] },
                   ["GET /x HTTP/1.1", "GET /again HTTP/1.1", "GET /again HTTP/1.1"])
  }

  func testAPOSTLostOnAReusedConnectionIsConnectionLostAndNotResent() throws {
    let server = try startRacingServer()
    let transport = SocketTransport()
    XCTAssertEqual(try transport.send(request("GET", server.port)).bodyText, "first")
    let lost = failure { try transport.send(self.request("POST", server.port, "/orders", body: #"{"po":1}"#)) }
    XCTAssertEqual(lost?.kind, .connectionLost)
    XCTAssertEqual(lost?.message, "the connection closed before any response byte arrived from 127.0.0.1:\(server.port)")
    XCTAssertEqual(server.connectionCount, 1, "the POST was not resent: the server may have acted on it")
    XCTAssertEqual(server.requestHeads.count, 2)
  }

  func testAFreshConnectionClosedWithoutAnAnswerIsConnectionLostForAnyMethod() throws {
    let server = try RawSocketServer.start(self) { $0.readRequest() }
    let lost = failure { try SocketTransport().send(self.request("GET", server.port)) }
    XCTAssertEqual(lost?.kind, .connectionLost)
    XCTAssertEqual(server.connectionCount, 1, "a failure on a fresh connection is the server's answer")
  }

  func testAServerThatNeverAnswersTimesOutAtTheDeadline() throws {
    let server = try RawSocketServer.start(self) { connection in
      connection.readRequest()
      connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial")
      connection.readRequest()  // waits for the client to give up and close
    }
    let started = Date()
    let timedOut = failure { try SocketTransport().send(self.request("GET", server.port, timeout: 0.5)) }
    let elapsed = Date().timeIntervalSince(started)
    XCTAssertEqual(timedOut?.kind, .timedOut)
    XCTAssertEqual(timedOut?.message, "no complete response from 127.0.0.1:\(server.port) within 0.500 s (47 bytes received)")
    XCTAssertGreaterThanOrEqual(elapsed, 0.49)
    XCTAssertLessThan(elapsed, 2, "the deadline covers the whole exchange")
  }

  func testAPortWithNoListenerIsConnectFailed() throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    let port = UInt16(bigEndian: address.sin_port)
    close(fd)  // bound but never listening: the port now refuses connections
    let refused = failure { try SocketTransport().send(self.request("POST", port, body: "{}")) }
    XCTAssertEqual(refused?.kind, .connectFailed)
    XCTAssertEqual(refused?.requestWasNotSent, true)
    XCTAssertTrue(refused?.message.hasPrefix("cannot connect to 127.0.0.1:\(port): Connection refused") ?? false,
                  refused?.message ?? "")
  }

  func testTheRequestOnTheWire() throws {
    let server = try startScriptedServer(self) { $0.script(nil, "/api/items", [.json(200, "[]")]) }
    let port = try XCTUnwrap(URL(string: server.baseURL)?.port)
    let transport = SocketTransport()
    let get = TransportRequest(method: "GET", url: URL(string: server.baseURL + "api/items?$top=5&name=a%20b")!,
                               headers: HeaderList([("Accept", "application/json"), ("X-Trace", "t-1"), ("X-Trace", "t-2")]))
    XCTAssertEqual(try transport.send(get).bodyText, "[]")
    _ = try transport.send(TransportRequest(method: "POST", url: URL(string: server.baseURL + "api/items")!))
    _ = try transport.send(TransportRequest(method: "PATCH", url: URL(string: server.baseURL + "api/items")!,
                                            headers: HeaderList([("Content-Length", "999")]), body: Array(#"{"x":"é"}"#.utf8)))
    let seen = server.requests
    XCTAssertEqual(seen.count, 3)
    XCTAssertEqual(seen[0].query, "$top=5&name=a%20b")
    XCTAssertEqual(seen[0].header("host"), "127.0.0.1:\(port)")
    XCTAssertEqual(seen[0].headers.filter { $0.name == "x-trace" }.map(\.value), ["t-1", "t-2"])
    XCTAssertNil(seen[0].header("accept-encoding"), "no compression we could not decode")
    XCTAssertNil(seen[0].header("content-length"), "a GET without body carries no length")
    XCTAssertEqual(seen[1].header("content-length"), "0", "an empty POST still says its length")
    XCTAssertEqual(seen[2].header("content-length"), "10", "the computed length replaces the caller's")
    XCTAssertEqual(seen[2].bodyText, #"{"x":"é"}"#)
  }

  func testChunkedAndHeadResponsesAndExactByteCounts() throws {
    let server = try RawSocketServer.start(self) { connection in
      while let head = connection.readRequest() {
        if head.hasPrefix("HEAD") {
          connection.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
        } else {
          connection.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
          connection.write("4\r\n[1,2\r\n2\r\n,3\r\n1\r\n]\r\n0\r\nX-Done: yes\r\n\r\n")
        }
      }
    }
    let transport = SocketTransport()
    let get = request("GET", server.port)
    let response = try transport.send(get)
    XCTAssertEqual(response.bodyText, "[1,2,3]")
    XCTAssertEqual(response.bytesSent, try HTTPRequestHead(get).bytes.count)
    XCTAssertEqual(response.bytesReceived, server.bytesWritten)
    let head = try transport.send(request("HEAD", server.port))
    XCTAssertEqual(head.headers["Content-Length"], "1000")
    XCTAssertEqual(head.body, [], "a HEAD response has no body whatever its length says")
    XCTAssertEqual(try transport.send(get).bodyText, "[1,2,3]", "the connection was still in step")
    XCTAssertEqual(server.connectionCount, 1)
  }

  func testLocalhostFallsBackAcrossAddressFamilies() throws {
    // ScriptedServer listens on 127.0.0.1 only; "localhost" may resolve to ::1 first.
    let server = try startScriptedServer(self) { $0.script(nil, "/ok", [.status(204)]) }
    let port = try XCTUnwrap(URL(string: server.baseURL)?.port)
    let response = try SocketTransport().send(TransportRequest(method: "GET", url: URL(string: "http://localhost:\(port)/ok")!))
    XCTAssertEqual(response.status, 204)
    XCTAssertEqual(server.requests.first?.header("host"), "localhost:\(port)")
  }
}
