import Foundation
import XCTest
@testable import MLCHost

/// JWT signing checked by parties other than ourselves: the `openssl` CLI verifies RS256
/// signatures and computes key fingerprints, and RFC 7515 supplies the HS256 answer.
final class CryptoJWTTests: XCTestCase {
  private static var keys: Result<OpenSSLKeyPair, any Error> { sharedOpenSSLKeyPair }

  private let claims = Array(#"{"iss":"MYORG-MYACCOUNT.ETL_USER","iat":1767225600,"exp":1767229200}"#.utf8)

  func testRS256TokenVerifiesWithOpenSSLAndCarriesTheClaims() throws {
    let keys = try Self.keys.get()
    let token = try JWTSigner(algorithm: .rs256, key: keys.privatePKCS8).sign(claims: claims)
    let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    XCTAssertEqual(parts.count, 3)
    XCTAssertFalse(token.contains("="), "base64url must not be padded")
    XCTAssertEqual(JWTSigner.base64URLDecode(parts[0]).map { String(decoding: $0, as: UTF8.self) },
                   #"{"alg":"RS256","typ":"JWT"}"#)
    XCTAssertEqual(JWTSigner.base64URLDecode(parts[1]), claims, "claims are signed verbatim")
    let signature = try XCTUnwrap(JWTSigner.base64URLDecode(parts[2]))
    XCTAssertEqual(signature.count, 256)

    XCTAssertTrue(try keys.verify(signature: signature, over: Array("\(parts[0]).\(parts[1])".utf8)))
    XCTAssertFalse(try keys.verify(signature: signature, over: Array("\(parts[0]).\(parts[1])x".utf8)),
                   "openssl must reject the signature for other bytes, or the check proves nothing")
  }

  func testPKCS1KeySignsTheSameAsPKCS8() throws {
    let keys = try Self.keys.get()
    let input = Array("header.payload".utf8)
    let fromPKCS1 = try JWTSigner(algorithm: .rs256, key: keys.privatePKCS1).signature(signingInput: input)
    let fromPKCS8 = try JWTSigner(algorithm: .rs256, key: keys.privatePKCS8).signature(signingInput: input)
    XCTAssertEqual(fromPKCS1, fromPKCS8, "RSASSA-PKCS1-v1_5 is deterministic for one key")
    XCTAssertTrue(try keys.verify(signature: fromPKCS1, over: input))
  }

  func testFingerprintMatchesOpenSSLPipeline() throws {
    let keys = try Self.keys.get()
    let expected = try keys.shell("openssl rsa -in key.pem -pubout -outform DER 2>/dev/null | openssl dgst -sha256 -binary | base64")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    XCTAssertEqual(expected.count, 44)
    XCTAssertEqual(try RSAPublicKeyFingerprint.sha256(privateKeyPEM: keys.privatePKCS8), "SHA256:" + expected)
    XCTAssertEqual(try RSAPublicKeyFingerprint.sha256(privateKeyPEM: keys.privatePKCS1), "SHA256:" + expected)
    XCTAssertEqual(try RSAPublicKeyFingerprint.sha256(publicKeyPEM: keys.publicPEM), "SHA256:" + expected)
  }

  /// RFC 7515 appendix A.1: the exact header, payload and key give this exact token.
  func testHS256ReproducesRFC7515AppendixA1() throws {
    let key = try XCTUnwrap(JWTSigner.base64URLDecode(
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"))
    let header = Array("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}".utf8)
    let payload = Array("{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}".utf8)
    let token = try JWTSigner(algorithm: .hs256, key: key).token(header: header, claims: payload)
    XCTAssertEqual(token, "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
      + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
      + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
    let signature = try XCTUnwrap(JWTSigner.base64URLDecode(String(token.split(separator: ".")[2])))
    XCTAssertEqual(signature, [
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186,
      22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ])
  }

  func testHS256StandardHeaderAndSignatureOverIt() throws {
    let key = Array("shared-webhook-secret".utf8)
    let token = try JWTSigner(algorithm: .hs256, key: key).sign(claims: claims)
    let parts = token.split(separator: ".").map(String.init)
    XCTAssertEqual(parts[0], "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9")  // {"alg":"HS256","typ":"JWT"}
    let expected = try HMAC.sha256(key: key, message: Array("\(parts[0]).\(parts[1])".utf8))
    XCTAssertEqual(JWTSigner.base64URLDecode(parts[2]), expected)
  }

  func testBadInputsFailWithClearMessages() throws {
    let keys = try Self.keys.get()
    XCTAssertThrowsError(try JWTSigner(algorithm: .rs256, key: Array("not a key".utf8)).sign(claims: claims)) {
      XCTAssertTrue("\($0)".contains("not a readable RSA private key"), "\($0)")
    }
    XCTAssertThrowsError(try JWTSigner(algorithm: .rs256, key: keys.encryptedPKCS8).sign(claims: claims)) {
      XCTAssertTrue("\($0)".contains("encrypted with a passphrase"), "\($0)")
    }
    XCTAssertThrowsError(try JWTSigner(algorithm: .rs256, key: keys.ecPrivate).sign(claims: claims)) {
      XCTAssertTrue("\($0)".contains("not RSA"), "\($0)")
    }
    XCTAssertThrowsError(try JWTSigner(algorithm: .hs256, key: [1, 2]).sign(claims: Array("[1]".utf8))) {
      XCTAssertTrue("\($0)".contains("JSON object"), "\($0)")
    }
    XCTAssertThrowsError(try JWTSigner.Algorithm(name: "none")) {
      XCTAssertEqual($0 as? CryptoError, .unsupportedAlgorithm("none"))
    }
  }
}

/// A 2048-bit key pair made once by `openssl genpkey` (PKCS#8) plus its PKCS#1 and public
/// PEM forms; generation is the slow part, so all crypto tests share it.
let sharedOpenSSLKeyPair = Result { try OpenSSLKeyPair() }

/// A key pair written by the `openssl` CLI, and the CLI checks the tests compare against.
/// Each CLI run happens in its own temporary directory, removed afterwards.
struct OpenSSLKeyPair: Sendable {
  let privatePKCS8: [UInt8]
  let privatePKCS1: [UInt8]
  let publicPEM: [UInt8]
  let encryptedPKCS8: [UInt8]
  let ecPrivate: [UInt8]

  init() throws {
    let files = try Self.inScratch(files: [:]) { directory -> [String: [UInt8]] in
      _ = try Self.run([
        "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem 2>/dev/null",
        "openssl rsa -in key.pem -traditional -out key1.pem 2>/dev/null",
        "openssl pkey -in key.pem -pubout -out pub.pem",
        "openssl pkcs8 -topk8 -in key.pem -passout pass:secret -out enc.pem",
        "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem",
      ].joined(separator: " && "), in: directory)
      var files: [String: [UInt8]] = [:]
      for name in ["key.pem", "key1.pem", "pub.pem", "enc.pem", "ec.pem"] {
        files[name] = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
      }
      return files
    }
    privatePKCS8 = files["key.pem"]!
    privatePKCS1 = files["key1.pem"]!
    publicPEM = files["pub.pem"]!
    encryptedPKCS8 = files["enc.pem"]!
    ecPrivate = files["ec.pem"]!
    precondition(String(decoding: privatePKCS8, as: UTF8.self).contains("BEGIN PRIVATE KEY"))
    precondition(String(decoding: privatePKCS1, as: UTF8.self).contains("BEGIN RSA PRIVATE KEY"))
  }

  /// Whether `openssl dgst -sha256 -verify pub.pem` accepts `signature` over `message`.
  func verify(signature: [UInt8], over message: [UInt8]) throws -> Bool {
    let files = ["pub.pem": publicPEM, "message.bin": message, "signature.bin": signature]
    let output = try Self.inScratch(files: files) { directory in
      try Self.run("openssl dgst -sha256 -verify pub.pem -signature signature.bin message.bin 2>/dev/null || true", in: directory)
    }
    return output.contains("Verified OK")
  }

  /// Runs `command` with `/bin/sh` next to `key.pem` (the PKCS#8 private key) and returns stdout.
  func shell(_ command: String) throws -> String {
    try Self.inScratch(files: ["key.pem": privatePKCS8]) { try Self.run(command, in: $0) }
  }

  private static func inScratch<T>(files: [String: [UInt8]], _ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlc-openssl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    defer { try? FileManager.default.removeItem(at: directory) }
    for (name, bytes) in files { try Data(bytes).write(to: directory.appendingPathComponent(name)) }
    return try body(directory)
  }

  private static func run(_ command: String, in directory: URL) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.currentDirectoryURL = directory
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "`\(command)` exited \(process.terminationStatus)"])
    }
    return String(decoding: data, as: UTF8.self)
  }
}
