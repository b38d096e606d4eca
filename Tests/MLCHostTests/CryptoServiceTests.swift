import Foundation
import XCTest
@testable import MLCHost

/// Crypto by secret name, as the `hmac_sha256_verify` and `jwt_sign` host functions use it,
/// with the secrets read from a real vault.
final class CryptoServiceTests: XCTestCase {
  private var scratch: VaultScratch!
  private var vault: SecretVault!
  private var service: CryptoService!

  override func setUpWithError() throws {
    scratch = try VaultScratch()
    vault = try SecretVault(database: scratch.openDatabase(), masterKey: MasterKey.generate())
    service = CryptoService(secrets: vault)
  }

  override func tearDown() {
    service = nil
    vault = nil
    scratch = nil
  }

  func testHMACVerifyBySecretName() throws {
    try vault.set(name: "servicetitan.webhook", value: Array("Jefe".utf8))
    let message = Array("what do ya want for nothing?".utf8)
    let signature = hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    XCTAssertTrue(try service.hmacSHA256Verify(secretName: "servicetitan.webhook", message: message, signature: signature))
    XCTAssertFalse(try service.hmacSHA256Verify(secretName: "servicetitan.webhook", message: message + [0x20], signature: signature))
    XCTAssertThrowsError(try service.hmacSHA256Verify(secretName: "missing.secret", message: message, signature: signature)) {
      XCTAssertEqual($0 as? SecretError, .notFound("missing.secret"))
    }
  }

  func testRS256SignBySecretNameVerifiesWithOpenSSL() throws {
    let keys = try sharedOpenSSLKeyPair.get()
    try vault.set(name: "snowflake.private-key", value: keys.privatePKCS8)
    let fingerprint = try service.rsaPublicKeyFingerprint(secretName: "snowflake.private-key")
    XCTAssertEqual(fingerprint, try RSAPublicKeyFingerprint.sha256(publicKeyPEM: keys.publicPEM))

    let claims = try SnowflakeJWT.claims(
      account: "xy12345.us-east-2.aws", user: "loader", fingerprint: fingerprint, now: Date(timeIntervalSince1970: 1_767_225_600))
    let token = try service.jwtSign(secretName: "snowflake.private-key", alg: "RS256", claims: claims)
    let parts = token.split(separator: ".").map(String.init)
    XCTAssertEqual(JWTSigner.base64URLDecode(parts[1]), claims)
    let signature = try XCTUnwrap(JWTSigner.base64URLDecode(parts[2]))
    XCTAssertTrue(try keys.verify(signature: signature, over: Array("\(parts[0]).\(parts[1])".utf8)))
  }

  func testHS256SignBySecretName() throws {
    try vault.set(name: "partner.hs256", value: Array("a-shared-secret-of-some-length".utf8))
    let token = try service.jwtSign(secretName: "partner.hs256", alg: "HS256", claims: Array(#"{"sub":"x"}"#.utf8))
    let parts = token.split(separator: ".").map(String.init)
    let expected = try HMAC.sha256(key: Array("a-shared-secret-of-some-length".utf8), message: Array("\(parts[0]).\(parts[1])".utf8))
    XCTAssertEqual(JWTSigner.base64URLDecode(parts[2]), expected)
  }

  func testErrorsNameTheSecretButNeverItsValue() throws {
    try vault.set(name: "not.a.key", value: Array("plain-password-123".utf8))
    XCTAssertThrowsError(try service.jwtSign(secretName: "not.a.key", alg: "RS256", claims: Array("{}".utf8))) { error in
      XCTAssertTrue("\(error)".hasPrefix("secret \"not.a.key\" cannot sign RS256: not a readable RSA private key"), "\(error)")
      XCTAssertFalse("\(error)".contains("plain-password-123"))
    }
    XCTAssertThrowsError(try service.jwtSign(secretName: "not.a.key", alg: "ES256", claims: Array("{}".utf8))) {
      XCTAssertEqual($0 as? CryptoError, .unsupportedAlgorithm("ES256"))
    }
  }
}
