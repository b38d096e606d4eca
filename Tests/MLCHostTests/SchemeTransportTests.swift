import Foundation
import TestKit
import XCTest
@testable import MLCHost

/// Which transport carries which scheme, the environment override, and the wire bytes a
/// connection's metrics report.
final class SchemeTransportTests: XCTestCase {
  /// Answers every request with 200 and remembers the URLs it was given.
  private final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [String] = []
    var urls: [String] {
      lock.lock()
      defer { lock.unlock() }
      return sent
    }

    func send(_ request: TransportRequest) throws -> TransportResponse {
      lock.lock()
      sent.append(request.url.absoluteString)
      lock.unlock()
      return TransportResponse(status: 200, bytesSent: 10, bytesReceived: 20)
    }

    func shutdown() {}
  }

  func testHTTPGoesOnSocketsAndHTTPSOnURLSessionCreatedOnFirstUse() throws {
    let server = try startScriptedServer(self) { $0.script(nil, "/ok", [.status(200, body: "sockets")]) }
    let secure = RecordingTransport()
    let made = NetTestCounter()
    let transport = SchemeTransport(routing: .socket, makeSecure: {
      made.increment()
      return secure
    })
    XCTAssertEqual(try transport.send(TransportRequest(method: "GET", url: URL(string: server.baseURL + "ok")!)).bodyText, "sockets")
    XCTAssertEqual(made.value, 0, "an http-only connection never starts URLSession")
    _ = try transport.send(TransportRequest(method: "GET", url: URL(string: "https://api.example.com/x")!))
    _ = try transport.send(TransportRequest(method: "GET", url: URL(string: "HTTPS://api.example.com/y")!))
    XCTAssertEqual(secure.urls, ["https://api.example.com/x", "HTTPS://api.example.com/y"])
    XCTAssertEqual(made.value, 1)
  }

  func testTheURLSessionOverrideSendsEverySchemeThroughURLSession() throws {
    XCTAssertEqual(try SchemeTransport.routing(environment: ["MLC_HTTP_TRANSPORT": "urlsession"]), .urlsession)
    XCTAssertEqual(try SchemeTransport.routing(environment: ["MLC_HTTP_TRANSPORT": " URLSession "]), .urlsession)
    XCTAssertEqual(try SchemeTransport.routing(environment: ["MLC_HTTP_TRANSPORT": "socket"]), .socket)
    XCTAssertEqual(try SchemeTransport.routing(environment: ["MLC_HTTP_TRANSPORT": ""]), .socket)
    XCTAssertEqual(try SchemeTransport.routing(environment: [:]), .socket)
    XCTAssertThrowsError(try SchemeTransport.routing(environment: ["MLC_HTTP_TRANSPORT": "curl"])) {
      XCTAssertEqual("\($0)", #"environment variable MLC_HTTP_TRANSPORT: "curl" is not a transport; set it to "urlsession" (all requests through URLSession) or "socket" (the default), or unset it"#)
    }
    let secure = RecordingTransport()
    let transport = SchemeTransport(routing: .urlsession, makeSecure: { secure })
    _ = try transport.send(TransportRequest(method: "GET", url: URL(string: "http://127.0.0.1:9/x")!))
    XCTAssertEqual(secure.urls, ["http://127.0.0.1:9/x"])
  }

  func testAConnectionsMetricsCountWireBytes() throws {
    let server = try startScriptedServer(self) { $0.script(nil, "/items", [.json(200, #"{"items":[1,2,3]}"#)]) }
    let service = try NetServiceBuilder().make(server)
    _ = try service.send(OutboundRequest(method: "GET", target: "items"))
    _ = try service.send(OutboundRequest(method: "POST", target: "items", body: Array(#"{"n":1}"#.utf8)))
    let counted = service.metrics.snapshot()
    XCTAssertEqual(counted.calls, 2)
    // Each request line, Host, User-Agent and Accept alone take over 60 bytes; the POST adds its body.
    XCTAssertGreaterThan(counted.bytesSent, 2 * 60 + 7)
    XCTAssertGreaterThan(counted.bytesReceived, 2 * (17 + #"{"items":[1,2,3]}"#.count))

    var builder = NetServiceBuilder()
    builder.transport = RecordingTransport()
    let recorded = try builder.make(server)
    _ = try recorded.send(OutboundRequest(method: "GET", target: "items"))
    XCTAssertEqual(recorded.metrics.snapshot().bytesSent, 10, "a given transport is metered too")
    XCTAssertEqual(recorded.metrics.snapshot().bytesReceived, 20)
  }
}
