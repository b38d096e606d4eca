import CCrypto
import Foundation
import XCTest
@testable import MLCHost
import TestKit

/// The Snowflake key-pair JWT profile: claims, fingerprint and signature, checked with the
/// `openssl` command-line tool against a key it generated.
final class AuthSnowflakeJWTTests: XCTestCase {
  // One key pair for the class: RSA generation is the slow part of these tests.
  nonisolated(unsafe) private static var directory: URL!
  nonisolated(unsafe) private static var keyPEM = ""

  private var directory: URL { Self.directory }
  private var privateKeyPEM: String { Self.keyPEM }

  override class func setUp() {
    super.setUp()
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlc-jwt-\(UUID().uuidString)")
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let key = directory.appendingPathComponent("key.pem").path
      try runOpenSSL(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key])
      try runOpenSSL(["pkey", "-in", key, "-pubout", "-out", directory.appendingPathComponent("pub.pem").path])
      keyPEM = try String(contentsOfFile: key, encoding: .utf8)
    } catch {
      keyPEM = ""  // each test then fails on the empty key with the reason below
      print("AuthSnowflakeJWTTests: cannot make a key pair with openssl: \(error)")
    }
  }

  override class func tearDown() {
    try? FileManager.default.removeItem(at: directory)
    super.tearDown()
  }

  override func setUpWithError() throws {
    XCTAssertFalse(privateKeyPEM.isEmpty, "the openssl CLI must be installed to generate the test key")
  }

  func testKeyPairJWTIsSignedWithTheUsersKeyAndCarriesSnowflakesClaims() throws {
    let server = try startScriptedServer(self) { $0.script("POST", "/api/v2/statements", [.json(200, "{\"data\":[]}")]) }
    var builder = NetServiceBuilder()
    builder.plugin = "snowflake"
    builder.signer = OpenSSLTestSigner()
    builder.secrets = NetTestSecrets(["sf-key": privateKeyPEM])
    builder.auth = ["profile": "snowflake_keypair_jwt", "account": "xy12345.us-east-2.aws", "user": "etl_user",
                    "private_key_secret": "sf-key", "lifetime_seconds": 3600]
    let service = try builder.make(server)
    _ = try service.send(OutboundRequest(method: "POST", target: "api/v2/statements", body: Array("{}".utf8), idempotent: true))

    let request = server.requests[0]
    XCTAssertEqual(request.header("x-snowflake-authorization-token-type"), "KEYPAIR_JWT")
    let authorization = try XCTUnwrap(request.header("authorization"))
    XCTAssertTrue(authorization.hasPrefix("Bearer "))
    let jwt = String(authorization.dropFirst("Bearer ".count))
    let parts = jwt.split(separator: ".").map(String.init)
    XCTAssertEqual(parts.count, 3)

    let header = try JSONSerialization.jsonObject(with: base64URLDecode(parts[0])) as? [String: String]
    XCTAssertEqual(header?["alg"], "RS256")
    let claims = try XCTUnwrap(JSONSerialization.jsonObject(with: base64URLDecode(parts[1])) as? [String: Any])
    // The fingerprint as Snowflake's docs compute it, by openssl rather than our code.
    let fingerprint = try "SHA256:" + openssl(["pkey", "-in", path("key.pem"), "-pubout", "-outform", "DER"],
                                              pipeTo: ["dgst", "-sha256", "-binary"], thenBase64: true)
    XCTAssertEqual(claims["iss"] as? String, "XY12345.ETL_USER.\(fingerprint)")
    XCTAssertEqual(claims["sub"] as? String, "XY12345.ETL_USER")
    let now = Int(builder.clock.now.timeIntervalSince1970)
    XCTAssertEqual(claims["iat"] as? Int, now)
    XCTAssertEqual(claims["exp"] as? Int, now + 3600)

    try Data((parts[0] + "." + parts[1]).utf8).write(to: directory.appendingPathComponent("signed.txt"))
    try base64URLDecode(parts[2]).write(to: directory.appendingPathComponent("sig.bin"))
    let verdict = try openssl(["dgst", "-sha256", "-verify", path("pub.pem"), "-signature", path("sig.bin"), path("signed.txt")])
    XCTAssertEqual(verdict.trimmingCharacters(in: .whitespacesAndNewlines), "Verified OK")
    XCTAssertTrue(builder.recording.registered.contains(jwt), "the JWT is redacted from logs")
  }

  func testJWTIsReSignedBeforeExpiryAndAfterA401() throws {
    let server = try startScriptedServer(self) {
      $0.script("POST", "/api/v2/statements", [.json(200, "{}"), .json(200, "{}"), .json(401, "{\"code\":\"390144\"}"), .json(200, "{}")])
    }
    var builder = NetServiceBuilder()
    builder.signer = OpenSSLTestSigner()
    builder.secrets = NetTestSecrets(["sf-key": privateKeyPEM])
    builder.auth = ["profile": "snowflake_keypair_jwt", "account": "myorg-acct.global", "user": "u",
                    "private_key_secret": "sf-key", "lifetime_seconds": 300]
    let service = try builder.make(server)
    _ = try service.send(OutboundRequest(method: "POST", target: "api/v2/statements"))
    builder.clock.advance(241)  // 300 s lifetime, re-signed 60 s before it ends
    _ = try service.send(OutboundRequest(method: "POST", target: "api/v2/statements"))
    let third = try service.send(OutboundRequest(method: "POST", target: "api/v2/statements"))
    XCTAssertEqual(third.attempts, 2)
    let tokens = server.requests.map { $0.header("authorization") ?? "" }
    XCTAssertEqual(tokens.count, 4)
    XCTAssertNotEqual(tokens[0], tokens[1], "renewed before expiry")
    XCTAssertEqual(tokens[1], tokens[2])
    let claims = try JSONSerialization.jsonObject(with: base64URLDecode(String(tokens[3].split(separator: ".")[1])))
      as? [String: Any]
    XCTAssertEqual(claims?["sub"] as? String, "MYORG.U")
  }

  func testUnreadableKeyIsAConfigError() throws {
    let server = try startScriptedServer(self) { $0.script("POST", "/api/v2/statements", [.json(200, "{}")]) }
    var builder = NetServiceBuilder()
    builder.signer = OpenSSLTestSigner()
    builder.secrets = NetTestSecrets(["sf-key": "not a key"])
    builder.auth = ["profile": "snowflake_keypair_jwt", "account": "a", "user": "u", "private_key_secret": "sf-key"]
    let error = serviceError { try builder.make(server).send(OutboundRequest(method: "POST", target: "api/v2/statements")) }
    XCTAssertEqual(error?.disposition, .configError)
    XCTAssertTrue(error?.message.contains("cannot sign a JWT with the key in secret \"sf-key\"") ?? false, error?.message ?? "")
    XCTAssertEqual(server.requests.count, 0)
  }

  // MARK: Helpers

  private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  @discardableResult
  private func openssl(_ args: [String], pipeTo second: [String]? = nil, thenBase64: Bool = false) throws -> String {
    try Self.runOpenSSL(args, pipeTo: second, thenBase64: thenBase64)
  }

  /// Runs `openssl args` (optionally piping its output into a second `openssl`), returning stdout.
  @discardableResult
  private static func runOpenSSL(_ args: [String], pipeTo second: [String]? = nil,
                                 thenBase64: Bool = false) throws -> String {
    func run(_ arguments: [String], input: Data?) throws -> Data {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
      process.arguments = arguments
      let output = Pipe()
      let stdin = Pipe()
      process.standardOutput = output
      process.standardError = FileHandle.nullDevice
      process.standardInput = stdin
      try process.run()
      if let input { stdin.fileHandleForWriting.write(input) }
      try stdin.fileHandleForWriting.close()
      let data = output.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      guard process.terminationStatus == 0 else {
        throw NSError(domain: "openssl", code: Int(process.terminationStatus),
                      userInfo: [NSLocalizedDescriptionKey: "openssl \(arguments.joined(separator: " ")) failed"])
      }
      return data
    }
    var data = try run(args, input: nil)
    if let second { data = try run(second, input: data) }
    return thenBase64 ? data.base64EncodedString() : String(decoding: data, as: UTF8.self)
  }
}

/// Decodes base64url without padding.
func base64URLDecode(_ text: String) throws -> Data {
  var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
  while base64.count % 4 != 0 { base64 += "=" }
  guard let data = Data(base64Encoded: base64) else { throw NSError(domain: "base64url", code: 1) }
  return data
}

/// A test-side `JWTSigning` on libcrypto's EVP API (the host's crypto module provides the
/// production one).
struct OpenSSLTestSigner: JWTSigning {
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  func signRS256(privateKeyPEM: [UInt8], claimsJSON: [UInt8]) throws -> String {
    let key = try load(privateKeyPEM)
    defer { EVP_PKEY_free(key) }
    let input = Self.base64URL(Array(#"{"alg":"RS256","typ":"JWT"}"#.utf8)) + "." + Self.base64URL(claimsJSON)
    guard let context = EVP_MD_CTX_new() else { throw Failure(description: "EVP_MD_CTX_new failed") }
    defer { EVP_MD_CTX_free(context) }
    guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else {
      throw Failure(description: "EVP_DigestSignInit failed")
    }
    let bytes = Array(input.utf8)
    var length = 0
    guard EVP_DigestSign(context, nil, &length, bytes, bytes.count) == 1 else {
      throw Failure(description: "EVP_DigestSign (size) failed")
    }
    var signature = [UInt8](repeating: 0, count: length)
    guard EVP_DigestSign(context, &signature, &length, bytes, bytes.count) == 1 else {
      throw Failure(description: "EVP_DigestSign failed")
    }
    return input + "." + Self.base64URL(Array(signature.prefix(length)))
  }

  func publicKeyFingerprint(privateKeyPEM: [UInt8]) throws -> String {
    let key = try load(privateKeyPEM)
    defer { EVP_PKEY_free(key) }
    var der: UnsafeMutablePointer<UInt8>?
    let length = i2d_PUBKEY(key, &der)
    guard length > 0, let der else { throw Failure(description: "i2d_PUBKEY failed") }
    defer { CRYPTO_free(der, #file, #line) }
    var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
    SHA256(der, Int(length), &digest)
    return "SHA256:" + Data(digest).base64EncodedString()
  }

  private func load(_ pem: [UInt8]) throws -> OpaquePointer {
    let bio = pem.withUnsafeBytes { BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }
    defer { BIO_free(bio) }
    guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else {
      throw Failure(description: "not a PEM private key")
    }
    return key
  }

  static func base64URL(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
  }
}
