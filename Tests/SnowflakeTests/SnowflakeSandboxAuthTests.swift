import Foundation
import SnowflakeSandbox
import TestKit
import XCTest

/// Key-pair JWT, programmatic access token and OAuth checks, each refused case answering 401
/// with Snowflake's body and counting no statement.
final class SnowflakeSandboxAuthTests: XCTestCase {
  /// Claims for the harness user, with `iat` now and `exp` `lifetime` later.
  private func claims(_ harness: SnowflakeSandboxHarness, account: String? = nil, fingerprint: String? = nil,
                      iat: Int64? = nil, lifetime: Int64 = 60) -> String {
    let subject = (account ?? harness.sandbox.account) + "." + harness.sandbox.user
    let issued = iat ?? Int64(harness.clock.now.timeIntervalSince1970)
    return #"{"iss":"\#(subject).\#(fingerprint ?? SnowflakeSandboxHarness.key.fingerprint)","sub":"\#(subject)","iat":\#(issued),"exp":\#(issued + lifetime)}"#
  }

  private func assertRefused(_ response: WireResponse, code: String = "390144", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(response.status, 401, response.text, file: file, line: line)
    XCTAssertEqual(response.code, code, file: file, line: line)
  }

  func testJWTSignedWithOpenSSLCommandLineIsAccepted() throws {
    // Signed outside the sandbox's own code, so both sides are not merely agreeing with
    // each other: openssl's RS256 over base64url(header).base64url(claims).
    let harness = try SnowflakeSandboxHarness()
    let directory = try TemporaryDirectory()
    let keyPath = try directory.write("rsa_key.p8", try XCTUnwrap(harness.endpoint.credentials["private_key_pem"]))
    func base64url(_ text: String) -> String {
      Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
    }
    // The fingerprint as Snowflake's guide computes it: openssl's DER public key, SHA-256, base64.
    let fingerprint = try ProcessRunner.run("/bin/sh", ["-c", "openssl rsa -in \(keyPath) -pubout -outform DER 2>/dev/null | openssl dgst -sha256 -binary | openssl base64 -A"])
    XCTAssertEqual("SHA256:" + fingerprint.stdout, harness.endpoint.settings["public_key_fp"])
    let input = base64url(#"{"alg":"RS256","typ":"JWT"}"#) + "." + base64url(claims(harness))
    let signature = try ProcessRunner.run("/bin/sh", ["-c", "openssl dgst -sha256 -sign \(keyPath) | openssl base64 -A"], stdin: input)
    XCTAssertEqual(signature.status, 0, signature.stderr)
    let token = input + "." + signature.stdout.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
    let response = try harness.submit("SELECT CURRENT_USER()", token: token)
    XCTAssertEqual(response.status, 200, "\(response.text) \(harness.sandbox.lastAuthFailure ?? "")")
    XCTAssertEqual(response.data as? [[String]], [["MLC_LOADER"]])
  }

  func testJWTSignedByAnotherKeyIsRefused() throws {
    let harness = try SnowflakeSandboxHarness()
    // Right fingerprint in iss, but the signature is by a key Snowflake does not hold.
    let token = try SnowflakeSandboxHarness.otherKey.signJWT(claims: claims(harness))
    assertRefused(try harness.submit("SELECT 1", token: token))
    XCTAssertEqual(harness.sandbox.counters.authFailures, 1)
    XCTAssertEqual(harness.sandbox.counters.submitted, 0)
  }

  func testWrongFingerprintIsRefusedUntilTheKeyIsRegistered() throws {
    let harness = try SnowflakeSandboxHarness()
    let other = SnowflakeSandboxHarness.otherKey
    let token = try other.signJWT(claims: claims(harness, fingerprint: other.fingerprint))
    assertRefused(try harness.submit("SELECT 1", token: token))
    // Registering it (RSA_PUBLIC_KEY_2, key rotation) makes the same token good.
    harness.sandbox.registerKey(try SnowflakeKeyPair(publicKeyPEM: other.publicKeyPEM), for: "MLC_LOADER")
    XCTAssertEqual(try harness.submit("SELECT 1", token: token).status, 200)
  }

  func testLowercaseAccountIsRefused() throws {
    let harness = try SnowflakeSandboxHarness()
    let token = try SnowflakeSandboxHarness.key.signJWT(claims: claims(harness, account: "sandbox-acct"))
    assertRefused(try harness.submit("SELECT 1", token: token))
    XCTAssertTrue(harness.sandbox.lastAuthFailure?.contains("upper case") ?? false, harness.sandbox.lastAuthFailure ?? "")
  }

  func testLifetimeOverOneHourIsRefused() throws {
    let harness = try SnowflakeSandboxHarness()
    let key = SnowflakeSandboxHarness.key
    assertRefused(try harness.submit("SELECT 1", token: try key.signJWT(claims: claims(harness, lifetime: 3601))))
    XCTAssertEqual(try harness.submit("SELECT 1", token: try key.signJWT(claims: claims(harness, lifetime: 3600))).status, 200)
  }

  func testExpiredTokenIsRefused() throws {
    let harness = try SnowflakeSandboxHarness()
    let token = try harness.jwt(lifetime: 60)
    XCTAssertEqual(try harness.submit("SELECT 1", token: token).status, 200)
    harness.clock.advance(by: 61)
    assertRefused(try harness.submit("SELECT 1", token: token))
    XCTAssertTrue(harness.sandbox.lastAuthFailure?.contains("expired") ?? false)
  }

  func testIssuedAtInMillisecondsIsAccepted() throws {
    let harness = try SnowflakeSandboxHarness()
    let now = Int64(harness.clock.now.timeIntervalSince1970 * 1000)
    let subject = "SANDBOX-ACCT.MLC_LOADER"
    let claims = #"{"iss":"\#(subject).\#(SnowflakeSandboxHarness.key.fingerprint)","sub":"\#(subject)","iat":\#(now),"exp":\#(now + 60_000)}"#
    let response = try harness.submit("SELECT 1", token: try SnowflakeSandboxHarness.key.signJWT(claims: claims))
    XCTAssertEqual(response.status, 200, harness.sandbox.lastAuthFailure ?? "")
  }

  func testProgrammaticAccessTokenAndOAuth() throws {
    let harness = try SnowflakeSandboxHarness()
    let pat = try XCTUnwrap(harness.endpoint.credentials["programmatic_access_token"])
    let body = #"{"statement":"select current_user()"}"#
    let accepted = try harness.send("POST", "/api/v2/statements", body: body, token: pat, tokenType: "PROGRAMMATIC_ACCESS_TOKEN")
    XCTAssertEqual(accepted.status, 200, accepted.text)
    // Without the type header Snowflake infers it from the token.
    XCTAssertEqual(try harness.send("POST", "/api/v2/statements", body: body, token: pat, tokenType: nil).status, 200)
    assertRefused(try harness.send("POST", "/api/v2/statements", body: body, token: pat + "x", tokenType: "PROGRAMMATIC_ACCESS_TOKEN"),
                  code: "390303")
    let oauth = try harness.send("POST", "/api/v2/statements", body: body, token: "ver:1-hint:abc", tokenType: "OAUTH")
    assertRefused(oauth, code: "390303")
    XCTAssertEqual(oauth.json["message"] as? String, "Invalid OAuth access token. ")
    assertRefused(try harness.send("POST", "/api/v2/statements", body: body, token: nil), code: "390303")
  }
}
