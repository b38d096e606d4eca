import Foundation
import Glibc
import XCTest
@testable import MLCHost

/// Measures what the two transports cost: process CPU while waiting on a slow server, and
/// sequential small GETs per second on loopback. It prints figures and asserts nothing about
/// them (machines differ); it runs only with `MLC_TRANSPORT_BENCH=1`, since it waits 6 s.
///
/// ```
/// MLC_TRANSPORT_BENCH=1 swift test --skip-build --filter TransportCostTests
/// ```
final class TransportCostTests: XCTestCase {
  override func setUpWithError() throws {
    try XCTSkipUnless(ProcessInfo.processInfo.environment["MLC_TRANSPORT_BENCH"] == "1",
                      "set MLC_TRANSPORT_BENCH=1 to measure the transports")
  }

  /// User and system CPU seconds the whole process has used (URLSession works on its own threads).
  private func processCPU() -> (user: Double, system: Double) {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return (seconds(usage.ru_utime), seconds(usage.ru_stime))
  }

  private func transports() -> [(String, any HTTPTransport)] {
    [("SocketTransport", SocketTransport()), ("URLSessionTransport", URLSessionTransport())]
  }

  func testCPUWhileWaitingThreeSecondsOnASlowServer() throws {
    let server = try RawSocketServer.start(self) { connection in
      while connection.readRequest() != nil {
        Thread.sleep(forTimeInterval: 3)
        connection.respond()
      }
    }
    for (name, transport) in transports() {
      let request = TransportRequest(method: "GET", url: URL(string: "http://127.0.0.1:\(server.port)/slow")!, timeout: 10)
      let before = processCPU()
      let started = Date()
      XCTAssertEqual(try transport.send(request).status, 200)
      let after = processCPU()
      print(String(format: "%@: waited %.2f s for a 3 s server, process CPU user %.3f s, system %.3f s",
                   name, Date().timeIntervalSince(started), after.user - before.user, after.system - before.system))
      transport.shutdown()
    }
  }

  func testSequentialSmallGETsPerSecondOnLoopback() throws {
    let server = try RawSocketServer.start(self) { connection in
      while connection.readRequest() != nil { connection.respond(#"{"ok":true}"#) }
    }
    let count = 2000
    for (name, transport) in transports() {
      let request = TransportRequest(method: "GET", url: URL(string: "http://127.0.0.1:\(server.port)/small")!)
      _ = try transport.send(request)  // connect outside the measurement
      let before = processCPU()
      let started = Date()
      for _ in 0..<count { XCTAssertEqual(try transport.send(request).status, 200) }
      let elapsed = Date().timeIntervalSince(started)
      let after = processCPU()
      let cpu = after.user - before.user + after.system - before.system
      print(String(format: "%@: %d sequential GETs in %.2f s = %.0f requests/s, process CPU %.1f µs per request (server included)",
                   name, count, elapsed, Double(count) / elapsed, cpu / Double(count) * 1e6))
      transport.shutdown()
    }
  }
}
