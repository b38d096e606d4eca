import XCTest
@testable import MLCHost

/// AES-256-GCM: what goes in comes out, and any change to what was sealed is caught.
final class CryptoAESGCMTests: XCTestCase {
  private let key = [UInt8](repeating: 0x42, count: 32)
  private let plaintext = Array("refresh-token: 7f3c9a, do not log".utf8)

  func testRoundTripRecoversThePlaintextAndHidesIt() throws {
    let box = try AESGCM.seal(plaintext, key: key, aad: Array("epicor.token".utf8))
    XCTAssertEqual(box.nonce.count, 12)
    XCTAssertEqual(box.tag.count, 16)
    XCTAssertEqual(box.ciphertext.count, plaintext.count)
    XCTAssertNotEqual(box.ciphertext, plaintext)
    XCTAssertEqual(try AESGCM.open(box, key: key, aad: Array("epicor.token".utf8)), plaintext)
  }

  func testEverySealUsesAFreshNonce() throws {
    let first = try AESGCM.seal(plaintext, key: key)
    let second = try AESGCM.seal(plaintext, key: key)
    XCTAssertNotEqual(first.nonce, second.nonce)
    XCTAssertNotEqual(first.ciphertext, second.ciphertext)
  }

  func testEmptyPlaintextRoundTrips() throws {
    let box = try AESGCM.seal([], key: key, aad: [1, 2, 3])
    XCTAssertEqual(box.ciphertext, [])
    XCTAssertEqual(try AESGCM.open(box, key: key, aad: [1, 2, 3]), [])
  }

  func testTamperedCiphertextTagNonceOrAADFailsAuthentication() throws {
    let aad = Array("name".utf8)
    let box = try AESGCM.seal(plaintext, key: key, aad: aad)
    var ciphertext = box.ciphertext
    ciphertext[3] ^= 0x01
    var tag = box.tag
    tag[15] ^= 0x80
    var nonce = box.nonce
    nonce[0] ^= 0x01
    let tampered: [(String, AESGCM.SealedBox, [UInt8])] = [
      ("ciphertext", AESGCM.SealedBox(nonce: box.nonce, ciphertext: ciphertext, tag: box.tag), aad),
      ("tag", AESGCM.SealedBox(nonce: box.nonce, ciphertext: box.ciphertext, tag: tag), aad),
      ("nonce", AESGCM.SealedBox(nonce: nonce, ciphertext: box.ciphertext, tag: box.tag), aad),
      ("truncated", AESGCM.SealedBox(nonce: box.nonce, ciphertext: Array(box.ciphertext.dropLast()), tag: box.tag), aad),
      ("aad", box, Array("other".utf8)),
    ]
    for (what, candidate, candidateAAD) in tampered {
      XCTAssertThrowsError(try AESGCM.open(candidate, key: key, aad: candidateAAD), what) { error in
        XCTAssertEqual(error as? CryptoError, .authenticationFailed, what)
      }
    }
  }

  func testWrongKeyFailsAndShortKeyIsRejected() throws {
    let box = try AESGCM.seal(plaintext, key: key)
    var otherKey = key
    otherKey[0] = 0
    XCTAssertThrowsError(try AESGCM.open(box, key: otherKey)) { error in
      XCTAssertEqual(error as? CryptoError, .authenticationFailed)
    }
    XCTAssertThrowsError(try AESGCM.seal(plaintext, key: Array(key.prefix(16)))) { error in
      XCTAssertTrue("\(error)".contains("32-byte key, got 16"), "\(error)")
    }
  }

  /// NIST GCM test vector (gcmEncryptExtIV256, Count 0 with a 128-bit tag): empty
  /// plaintext under an all-zero key and nonce gives this tag. Opening a box we did not
  /// seal proves interoperability, not just self-consistency.
  func testOpensAKnownAnswerVector() throws {
    let tag = hex("530f8afbc74536b9a963b4f1c4cb738b")
    let box = AESGCM.SealedBox(nonce: [UInt8](repeating: 0, count: 12), ciphertext: [], tag: tag)
    XCTAssertEqual(try AESGCM.open(box, key: [UInt8](repeating: 0, count: 32)), [])
    let other = AESGCM.SealedBox(nonce: [UInt8](repeating: 0, count: 12), ciphertext: [], tag: hex("530f8afbc74536b9a963b4f1c4cb738c"))
    XCTAssertThrowsError(try AESGCM.open(other, key: [UInt8](repeating: 0, count: 32)))
  }
}

/// Bytes from a hex string (test vectors).
func hex(_ text: String) -> [UInt8] {
  var bytes: [UInt8] = []
  var index = text.startIndex
  while index < text.endIndex {
    let next = text.index(index, offsetBy: 2)
    bytes.append(UInt8(text[index..<next], radix: 16)!)
    index = next
  }
  return bytes
}
