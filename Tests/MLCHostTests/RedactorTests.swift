import Foundation
import XCTest
@testable import MLCHost

/// Secret values, and the forms they take in URLs, headers and JSON, never survive
/// redaction; ordinary text does.
final class RedactorTests: XCTestCase {
  func testValueBase64AndPercentEncodedFormsAreRedacted() {
    let redactor = Redactor()
    let secret = "p@ss word/+é"
    redactor.add(secret: Array(secret.utf8), name: "epicor.password")
    let base64 = Data(secret.utf8).base64EncodedString()
    let percent = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    let query = secret.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
    XCTAssertNotEqual(percent, query)
    let line = "login pwd=\(secret) b64=\(base64) url=?p=\(percent)&q=\(query) json=\"p@ss word\\/+é\""
    XCTAssertEqual(
      redactor.redact(line),
      "login pwd=[redacted:epicor.password] b64=[redacted:epicor.password] "
        + "url=?p=[redacted:epicor.password]&q=[redacted:epicor.password] json=\"[redacted:epicor.password]\"")
  }

  func testUnpaddedBase64URLAndLowercaseHexAreRedacted() {
    let redactor = Redactor()
    redactor.add(secret: [0xfb, 0xff, 0x10, 0x20, 0x7e], name: "binary")
    let url = "-_8QIH4"  // base64url of fb ff 10 20 7e, unpadded
    XCTAssertEqual(redactor.redact("token=\(url)."), "token=[redacted:binary].")
    XCTAssertEqual(redactor.redact("raw=%fb%ff%10%20~"), "raw=[redacted:binary]")
  }

  func testDerivedFormsFromTheHTTPLayer() {
    let redactor = Redactor()
    redactor.add(secret: Array("s3cr3t-pass".utf8), name: "acumatica.password")
    // "bob:" is 4 bytes, so the password's own base64 does not line up inside this one.
    let basic = Data("bob:s3cr3t-pass".utf8).base64EncodedString()
    XCTAssertEqual(redactor.redact("Authorization: Basic \(basic)"), "Authorization: Basic \(basic)",
                   "a combined credential is unknown until the HTTP layer registers it")
    redactor.add(derived: basic, name: "acumatica.password")
    XCTAssertEqual(redactor.redact("Authorization: Basic \(basic)"), "Authorization: Basic [redacted:acumatica.password]")
  }

  func testShortValuesAreLeftAloneAndTextIsOtherwiseUntouched() {
    let redactor = Redactor()
    redactor.add(secret: Array("42".utf8), name: "pin")
    redactor.add(secret: Array("abc".utf8), name: "three")
    redactor.add(derived: "xyz", name: "three")
    let line = "order 42 for abc, ünïcødé → done ✓ xyz"
    XCTAssertEqual(redactor.redact(line), line)
    XCTAssertEqual(Redactor.forms(of: Array("abc".utf8)), [])
  }

  func testLongestMatchWinsAndEveryOccurrenceIsReplaced() {
    let redactor = Redactor()
    redactor.add(secret: Array("token".utf8), name: "short")
    redactor.add(secret: Array("token-extended".utf8), name: "long")
    XCTAssertEqual(redactor.redact("token-extended token tokentoken — ok"),
                   "[redacted:long] [redacted:short] [redacted:short][redacted:short] — ok")
  }

  func testTrailingNewlineInStoredValueStillRedactsTheBareValue() {
    let redactor = Redactor()
    redactor.add(secret: Array("api-key-123\n".utf8), name: "key")
    XCTAssertEqual(redactor.redact("X-Api-Key: api-key-123"), "X-Api-Key: [redacted:key]")
  }

  func testVaultFeedsTheRedactorOnLoadAndOnEverySet() throws {
    let scratch = try VaultScratch()
    let redactor = Redactor()
    let database = try scratch.openDatabase()
    let key = try MasterKey.generate()
    try SecretVault(database: database, masterKey: key).set(name: "existing", value: Array("already-stored".utf8))

    let vault = try SecretVault(database: database, masterKey: key, redactor: redactor)
    XCTAssertEqual(try redactor.addSecrets(from: vault), 1)
    try vault.set(name: "oauth.refresh", value: Array("refresh-v2".utf8))
    XCTAssertEqual(redactor.redact("already-stored then refresh-v2"),
                   "[redacted:existing] then [redacted:oauth.refresh]")
  }

  func testBytesAreRedactedToo() {
    let redactor = Redactor()
    redactor.add(secret: Array("body-secret".utf8), name: "b")
    XCTAssertEqual(redactor.redact(Array("{\"k\":\"body-secret\"}".utf8)), Array("{\"k\":\"[redacted:b]\"}".utf8))
  }

  func testConcurrentAddAndRedact() {
    let redactor = Redactor()
    DispatchQueue.concurrentPerform(iterations: 8) { worker in
      for index in 0..<50 {
        let value = "worker\(worker)-secret\(index)"
        redactor.add(secret: Array(value.utf8), name: "w\(worker).s\(index)")
        XCTAssertEqual(redactor.redact("x \(value) y"), "x [redacted:w\(worker).s\(index)] y")
      }
    }
  }

  /// 100 secrets (with their derived forms) over 20,000 log lines of about 120 bytes.
  func testHundredSecretsOverShortLinesIsFast() {
    let redactor = Redactor()
    let secrets = (0..<100).map { "secret-value-\($0)-\(UUID().uuidString)" }
    for (index, secret) in secrets.enumerated() { redactor.add(secret: Array(secret.utf8), name: "s\(index)") }
    // One line in ten carries a secret (as a bearer token), the rest are ordinary.
    let lines = (0..<20_000).map { index in
      index % 10 == 0
        ? "2026-01-31T08:00:00Z debug epicor GET /api/v2/odata/Vendors Authorization: Bearer \(secrets[index % 100])"
        : "2026-01-31T08:00:00Z info epicor run=\(index) GET /api/v2/odata/Vendors?$top=100&$skip=\(index * 100) 200 OK 35ms"
    }
    let start = DispatchTime.now()
    var changed = 0
    for line in lines where redactor.redact(line) != line { changed += 1 }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    let bytes = lines.reduce(0) { $0 + $1.utf8.count }
    print("redaction: \(lines.count) lines, \(bytes) bytes, 100 secrets: \(String(format: "%.3f", seconds)) s, "
      + "\(String(format: "%.0f", Double(bytes) / seconds / 1e6)) MB/s")
    XCTAssertEqual(changed, 2_000)
    // Generous bound for a debug build on a shared machine; the figure above is the measure.
    XCTAssertLessThan(seconds, 5)
  }
}
