import MLCSandboxKit
import XCTest

/// Seeded random and mutated requests against a running server: it must answer each with
/// well-formed HTTP or close, never hang or crash, and keep serving valid requests afterwards.
final class HTTPServerFuzzTests: XCTestCase {
  /// Valid requests the mutations start from, covering each framing path.
  private static let templates: [String] = {
    let json = #"{"name":"Ærø Supplies","amount":"12.50"}"#
    return [
      "GET /api/v2/odata/EPIC06/Vendors?$filter=Name%20eq%20'A'&$top=5 HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n",
      "POST /api/now/table/x HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\n\r\n\(json)",
      "POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nWiki\r\n5\r\npedia\r\n0\r\nT: v\r\n\r\n",
      "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b?c=d HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
      "PUT /p HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
      "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    ]
  }()

  /// Bytes that sit at grammar boundaries, more likely to reach edge cases than random ones.
  private static let interesting: [UInt8] = Array("\r\n :;%+,=?/0-9afF\t".utf8) + [0, 0x7F, 0x80, 0xFF]

  func testTwoThousandMutatedRequestsNeverBreakTheServer() throws {
    var configuration = HTTPServer.Configuration()
    configuration.maxRequestLineBytes = 512
    configuration.maxHeaderBytes = 2048
    configuration.maxBodyBytes = 4096
    configuration.readTimeout = .seconds(2)
    let server = try startServer(configuration) { request in
      .json(200, #"{"path":"\#(request.path.count)","body":\#(request.body.count)}"#)
    }
    defer { server.stop() }
    let allowed: Set<Int> = [100, 200, 400, 408, 413, 417, 431, 501, 505]
    var random = SplitMix64(seed: 0x5EED_F022)
    var answered = 0
    for index in 0..<2000 {
      let bytes = Self.makeCase(&random)
      let client = try RawHTTPClient(port: server.port, timeout: 3)
      client.send(bytes)
      client.finishSending()
      let (reply, closed) = client.readUntilClosed()
      let input = String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription
      XCTAssertTrue(closed, "case \(index): the server neither answered nor closed for \(input)")
      guard let responses = RawHTTPClient.parseAll(reply) else {
        XCTFail("case \(index): reply is not HTTP: \(String(decoding: reply.prefix(200), as: UTF8.self).debugDescription) for \(input)")
        continue
      }
      for response in responses {
        XCTAssertTrue(allowed.contains(response.status), "case \(index): status \(response.status) for \(input)")
      }
      answered += responses.isEmpty ? 0 : 1
    }
    XCTAssertGreaterThan(answered, 1000, "most cases get an answer, so the mutations exercise the server")
    XCTAssertTrue(waitUntil { server.connectionCount == 0 })
    let response = try roundTrip(server.port, Self.templates[1])
    XCTAssertEqual(response.status, 200)
    XCTAssertEqual(response.text, #"{"path":"16","body":42}"#)
  }

  /// One fuzz input: a mutated template, or (one time in ten) random bytes.
  private static func makeCase(_ random: inout SplitMix64) -> [UInt8] {
    if random.next() % 10 == 0 {
      return (0..<Int(random.next() % 600)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }
    var bytes = Array(templates[Int(random.next() % UInt64(templates.count))].utf8)
    for _ in 0...Int(random.next() % 4) {
      mutate(&bytes, &random)
    }
    return bytes
  }

  /// Applies one random mutation.
  private static func mutate(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
    func position(_ extra: Int = 0) -> Int { Int(random.next() % UInt64(bytes.count + extra)) }
    guard !bytes.isEmpty else { return }
    switch random.next() % 8 {
    case 0:
      bytes[position()] ^= UInt8(1) << (random.next() % 8)
    case 1:
      bytes[position()] = interesting[Int(random.next() % UInt64(interesting.count))]
    case 2:
      let insert = (0..<(1 + random.next() % 16)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      bytes.insert(contentsOf: insert, at: position(1))
    case 3:
      let start = position()
      bytes.removeSubrange(start..<min(bytes.count, start + 1 + Int(random.next() % 20)))
    case 4:
      let start = position()
      let range = start..<min(bytes.count, start + 1 + Int(random.next() % 40))
      bytes.insert(contentsOf: bytes[range], at: range.upperBound)
    case 5:
      bytes.removeSubrange(position()...)
    case 6:
      bytes.insert(contentsOf: Array("99999999999999999999".utf8), at: position(1))
    default:
      bytes.insert(contentsOf: [UInt8](repeating: UInt8(ascii: "A"), count: 3000), at: position(1))
    }
  }
}
