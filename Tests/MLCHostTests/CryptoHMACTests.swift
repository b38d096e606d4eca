import XCTest
@testable import MLCHost

/// HMAC-SHA256 against RFC 4231 and the constant-time verifier's verdicts.
final class CryptoHMACTests: XCTestCase {
  /// RFC 4231 section 4.2, 4.3 and 4.7 (test cases 1, 2 and 6).
  func testRFC4231Vectors() throws {
    let cases: [(String, [UInt8], [UInt8], String)] = [
      ("case 1", [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
      ("case 2", Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
      ("case 6", [UInt8](repeating: 0xaa, count: 131),
       Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ]
    for (name, key, message, expected) in cases {
      XCTAssertEqual(try HMAC.sha256(key: key, message: message), hex(expected), name)
      XCTAssertTrue(HMAC.verifySHA256(key: key, message: message, signature: hex(expected)), name)
    }
  }

  func testVerifyRejectsWrongShortLongAndEmptySignatures() throws {
    let key = Array("Jefe".utf8)
    let message = Array("what do ya want for nothing?".utf8)
    let good = try HMAC.sha256(key: key, message: message)
    var flippedLast = good
    flippedLast[31] ^= 0x01
    var flippedFirst = good
    flippedFirst[0] ^= 0x01
    XCTAssertTrue(HMAC.verifySHA256(key: key, message: message, signature: good))
    XCTAssertFalse(HMAC.verifySHA256(key: key, message: message, signature: flippedLast))
    XCTAssertFalse(HMAC.verifySHA256(key: key, message: message, signature: flippedFirst))
    XCTAssertFalse(HMAC.verifySHA256(key: key, message: message, signature: Array(good.prefix(16))))
    XCTAssertFalse(HMAC.verifySHA256(key: key, message: message, signature: good + [0]))
    XCTAssertFalse(HMAC.verifySHA256(key: key, message: message, signature: []))
    XCTAssertFalse(HMAC.verifySHA256(key: Array("Jeff".utf8), message: message, signature: good))
    XCTAssertFalse(HMAC.verifySHA256(key: key, message: message + [0x0a], signature: good))
  }

  func testEmptyKeyAndMessageMatchTheKnownDigest() throws {
    // HMAC-SHA256("", "") — a well-known value; also proves an empty key is accepted.
    XCTAssertEqual(
      try HMAC.sha256(key: [], message: []),
      hex("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"))
  }
}
