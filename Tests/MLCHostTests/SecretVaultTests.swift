import Foundation
import XCTest
@testable import MLCHost

/// The vault as an operator sees it: values come back, nothing readable lands on disk, and
/// a wrong key is named and changes nothing.
final class SecretVaultTests: XCTestCase {
  private var scratch: VaultScratch!
  private var database: SQLite!
  private var key: MasterKey!

  override func setUpWithError() throws {
    scratch = try VaultScratch()
    database = try scratch.openDatabase()
    key = try MasterKey.generate(source: .environment)
  }

  override func tearDown() {
    database = nil
    scratch = nil
  }

  func testSetReadReplaceListAndRemove() throws {
    let clock = TestClock(Date(timeIntervalSince1970: 1_767_225_600))
    let vault = try SecretVault(database: database, masterKey: key, clock: clock.now)
    try vault.set(name: "epicor.password", value: Array("hunter2-but-longer".utf8))
    try vault.set(name: "acumatica.token", value: Array("tok-1".utf8))
    clock.advance(by: 90)
    try vault.set(name: "acumatica.token", value: Array("tok-2".utf8))

    XCTAssertEqual(try vault.string(named: "epicor.password"), "hunter2-but-longer")
    XCTAssertEqual(try vault.secret(named: "acumatica.token"), Array("tok-2".utf8))
    XCTAssertEqual(try vault.list(), [
      SecretInfo(name: "acumatica.token", createdAt: Date(timeIntervalSince1970: 1_767_225_600),
                 updatedAt: Date(timeIntervalSince1970: 1_767_225_690)),
      SecretInfo(name: "epicor.password", createdAt: Date(timeIntervalSince1970: 1_767_225_600),
                 updatedAt: Date(timeIntervalSince1970: 1_767_225_600)),
    ])

    try vault.remove(name: "acumatica.token")
    XCTAssertEqual(try vault.list().map(\.name), ["epicor.password"])
    XCTAssertThrowsError(try vault.remove(name: "acumatica.token")) {
      XCTAssertEqual($0 as? SecretError, .notFound("acumatica.token"))
    }
    XCTAssertThrowsError(try vault.secret(named: "acumatica.token")) {
      XCTAssertEqual("\($0)", "no secret named \"acumatica.token\"; store it with `mlc secret set acumatica.token`")
    }
  }

  func testSecretProviderSetterPersistsForTheNextReader() throws {
    let vault = try SecretVault(database: database, masterKey: key)
    let provider: any SecretProvider = vault
    try provider.setSecret(named: "oauth.refresh", value: Array("rotated-refresh".utf8))
    let reopened = try SecretVault(database: scratch.openDatabase(), masterKey: key)
    XCTAssertEqual(try reopened.string(named: "oauth.refresh"), "rotated-refresh")
  }

  func testNamesOutsideTheRuleAreRejectedByName() throws {
    let vault = try SecretVault(database: database, masterKey: key)
    for bad in ["", ".hidden", "-x", "has space", "tab\tname", "ünï", "a/b", String(repeating: "a", count: 129)] {
      XCTAssertThrowsError(try vault.set(name: bad, value: [1, 2, 3, 4]), bad) { error in
        XCTAssertEqual(error as? VaultError, .invalidName(bad))
        XCTAssertTrue("\(error)".hasPrefix("invalid secret name \"\(bad.prefix(160))"), "\(error)")
      }
    }
    for good in ["a", "9", "A.b_c-1", String(repeating: "z", count: 128)] {
      XCTAssertNoThrow(try vault.set(name: good, value: [1, 2, 3, 4]), good)
    }
    XCTAssertThrowsError(try vault.secret(named: "a b")) { XCTAssertEqual($0 as? VaultError, .invalidName("a b")) }
    XCTAssertThrowsError(try vault.set(name: "empty", value: [])) { XCTAssertEqual($0 as? VaultError, .emptyValue("empty")) }
  }

  /// The name is the AES-GCM associated data: a ciphertext copied onto another row does
  /// not decrypt there.
  func testCiphertextMovedToAnotherNameFailsToDecrypt() throws {
    let vault = try SecretVault(database: database, masterKey: key)
    try vault.set(name: "prod.password", value: Array("prod-secret-value".utf8))
    try vault.set(name: "test.password", value: Array("test-secret-value".utf8))
    try database.run("""
      UPDATE secrets SET (nonce, ciphertext, tag) =
        (SELECT nonce, ciphertext, tag FROM secrets WHERE name = 'prod.password')
      WHERE name = 'test.password'
      """)
    XCTAssertThrowsError(try vault.secret(named: "test.password")) { error in
      guard case .corrupt(let detail) = error as? SecretError else { return XCTFail("\(error)") }
      XCTAssertTrue(detail.contains("secret \"test.password\" failed authentication"), detail)
    }
    XCTAssertEqual(try vault.string(named: "prod.password"), "prod-secret-value")
  }

  func testWrongMasterKeyIsNamedAndStoredRowsStayByteIdentical() throws {
    let right = try SecretVault(database: database, masterKey: key)
    try right.set(name: "epicor.password", value: Array("correct horse".utf8))
    try right.set(name: "snowflake.key", value: Array("-----BEGIN PRIVATE KEY-----".utf8))
    let before = try scratch.dumpSecrets(database)

    let otherKey = try MasterKey.generate(source: .environment)
    let wrong = try SecretVault(database: database, masterKey: otherKey)
    XCTAssertThrowsError(try wrong.secret(named: "epicor.password")) { error in
      guard case .wrongMasterKey(let detail) = error as? SecretError else { return XCTFail("\(error)") }
      XCTAssertTrue(detail.hasPrefix(
        "secret \"epicor.password\" was encrypted with master key \(self.key.id); MLC_MASTER_KEY holds key \(otherKey.id): set the right key"),
        detail)
    }
    for name in ["epicor.password", "brand.new"] {
      XCTAssertThrowsError(try wrong.set(name: name, value: Array("overwrite".utf8))) { error in
        guard case .wrongMasterKey(let detail) = error as? SecretError else { return XCTFail("\(error)") }
        XCTAssertTrue(detail.contains("cannot store \"\(name)\": secret \"epicor.password\" was encrypted with master key \(self.key.id)"), detail)
      }
    }
    XCTAssertThrowsError(try wrong.rotateKey(to: MasterKey.generate()))
    XCTAssertEqual(try scratch.dumpSecrets(database), before)
    XCTAssertEqual(try right.string(named: "epicor.password"), "correct horse")
  }

  func testRotateKeyReEncryptsEverySecretAndRetiresTheOldKey() throws {
    let vault = try SecretVault(database: database, masterKey: key)
    let values = ["a.one": "value-one", "b.two": "value-two", "c.three": "value-three"]
    for (name, value) in values { try vault.set(name: name, value: Array(value.utf8)) }
    let before = try scratch.dumpSecrets(database)

    let newKey = try MasterKey.generate(source: .environment)
    XCTAssertEqual(try vault.rotateKey(to: newKey), 3)
    XCTAssertEqual(vault.keyID, newKey.id)
    let after = try scratch.dumpSecrets(database)
    XCTAssertEqual(try SecretVault.keyIDs(in: database), [newKey.id])
    for (old, new) in zip(before, after) {
      XCTAssertEqual(old[0], new[0])
      XCTAssertNotEqual(old[2], new[2], "fresh nonce")
      XCTAssertNotEqual(old[3], new[3], "new ciphertext")
    }
    let fresh = try SecretVault(database: scratch.openDatabase(), masterKey: newKey)
    for (name, value) in values { XCTAssertEqual(try fresh.string(named: name), value) }
    let stale = try SecretVault(database: scratch.openDatabase(), masterKey: key)
    XCTAssertThrowsError(try stale.secret(named: "a.one")) {
      guard case .wrongMasterKey = $0 as? SecretError else { return XCTFail("\($0)") }
    }
  }

  /// The database, its WAL and its shared-memory index never hold a secret in clear.
  func testPlaintextIsNowhereInTheDatabaseFiles() throws {
    let vault = try SecretVault(database: database, masterKey: key)
    let values = ["PLAINTEXT-CANARY-6f1e2d3c", "PLAINTEXT-CANARY-replaced-9a8b"]
    try vault.set(name: "canary.secret", value: Array(values[0].utf8))
    try vault.set(name: "canary.secret", value: Array(values[1].utf8))
    XCTAssertEqual(try vault.string(named: "canary.secret"), values[1])

    let files = ["state.db", "state.db-wal", "state.db-shm"].map { scratch.path($0) }
    var all: [UInt8] = []
    for file in files {
      let bytes = try XCTUnwrap(FileManager.default.contents(atPath: file), "\(file) should exist in WAL mode")
      all += bytes
      for value in values {
        XCTAssertNil(bytes.firstRange(of: Array(value.utf8)), "\(file) contains \(value)")
        XCTAssertNil(bytes.firstRange(of: Array("CANARY".utf8)), "\(file) contains part of the value")
      }
    }
    // The same grep finds the name, which is stored in clear: the search itself works.
    XCTAssertNotNil(all.firstRange(of: Array("canary.secret".utf8)))
  }

  func testConcurrentCallersFromManyThreads() throws {
    let vault = try SecretVault(database: database, masterKey: key)
    DispatchQueue.concurrentPerform(iterations: 16) { index in
      let name = "thread.\(index)"
      do {
        try vault.set(name: name, value: Array("value-\(index)".utf8))
        XCTAssertEqual(try vault.string(named: name), "value-\(index)")
        _ = try vault.list()
      } catch {
        XCTFail("\(name): \(error)")
      }
    }
    XCTAssertEqual(try vault.list().count, 16)
  }
}

/// A clock the tests move by hand.
final class TestClock: @unchecked Sendable {
  private let lock = NSLock()
  private var current: Date
  init(_ start: Date) { current = start }
  var now: @Sendable () -> Date { { [self] in lock.withLock { current } } }
  func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// A private temporary state directory for vault tests, removed on deinit.
final class VaultScratch {
  let directory: String

  init() throws {
    var template = Array((NSTemporaryDirectory() + "/mlc-vault-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
    directory = String(cString: made)
  }

  deinit { try? FileManager.default.removeItem(atPath: directory) }

  func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

  func openDatabase() throws -> SQLite { try SQLite(path: path("state.db")) }

  /// Every column of every secrets row, in name order, for byte-for-byte comparisons.
  func dumpSecrets(_ database: SQLite) throws -> [[SQLite.Value]] {
    try database.rows("SELECT name, key_id, nonce, ciphertext, tag, created_at, updated_at FROM secrets ORDER BY name")
  }
}
