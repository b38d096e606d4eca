import Foundation
import MLCSandboxKit
import XCTest

/// Keep-alive throughput on loopback, run only when `MLC_BENCH=1` is set because timing on a
/// shared machine is no pass/fail signal for the everyday test run.
///
/// `MLC_BENCH=1 swift test --filter HTTPServerBenchmarkTests` prints requests per second for
/// four client connections, each sending small requests back to back.
final class HTTPServerBenchmarkTests: XCTestCase {
  func testKeepAliveThroughputWithFourConnections() throws {
    guard ProcessInfo.processInfo.environment["MLC_BENCH"] == "1" else {
      throw XCTSkip("set MLC_BENCH=1 to measure throughput")
    }
    let server = try startServer { request in .json(200, #"{"ok":true,"path":"\#(request.path)"}"#) }
    defer { server.stop() }
    let port = server.port
    let total = Locked(0)
    let duration = 3.0
    let group = DispatchGroup()
    for _ in 0..<4 {
      group.enter()
      Thread.detachNewThread {
        defer { group.leave() }
        guard let client = try? RawHTTPClient(port: port) else { return }
        let end = Date().addingTimeInterval(duration)
        var count = 0
        while Date() < end {
          client.send("GET /bench?x=1 HTTP/1.1\r\nHost: bench\r\n\r\n")
          guard (try? client.readResponse())?.status == 200 else { break }
          count += 1
        }
        total.withValue { $0 += count }
      }
    }
    group.wait()
    let rate = Double(total.current) / duration
    print("HTTPServer keep-alive throughput: \(Int(rate)) requests/s (4 connections, \(duration) s)")
    XCTAssertGreaterThan(rate, 10_000)
  }
}
