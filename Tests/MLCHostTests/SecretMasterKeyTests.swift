import Foundation
import XCTest
@testable import MLCHost

/// Where the master key comes from, how its file is protected, and that a key-file rotation
/// interrupted at any step leaves a store that opens with the right key.
final class SecretMasterKeyTests: XCTestCase {
  private var scratch: VaultScratch!
  private var keyPath: String { scratch.path("master.key") }
  private var pendingPath: String { scratch.path("master.key.new") }

  override func setUpWithError() throws {
    scratch = try VaultScratch()
  }

  override func tearDown() {
    scratch = nil
  }

  private func mode(_ path: String) throws -> Int {
    try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
  }

  private func load(_ database: SQLite? = nil) throws -> MasterKey {
    try MasterKey.load(stateDir: scratch.directory, environment: [:], database: database)
  }

  func testEnvironmentVariableWinsAndNoFileIsCreated() throws {
    let text = Data((0..<32).map { UInt8($0) }).base64EncodedString()
    let key = try MasterKey.load(stateDir: scratch.directory, environment: ["MLC_MASTER_KEY": text + "\n"])
    XCTAssertEqual(key.bytes, (0..<32).map { UInt8($0) })
    XCTAssertEqual(key.source, .environment)
    XCTAssertEqual(key.id, "630dcd2966c43366")  // SHA-256(00 01 … 1f) starts 630dcd29 66c43366
    XCTAssertFalse(FileManager.default.fileExists(atPath: keyPath))
    XCTAssertFalse("\(key)".contains(text), "description must not reveal the key")
  }

  func testMalformedEnvironmentVariableSaysWhatToDo() {
    for bad in ["not base64!", Data(repeating: 1, count: 16).base64EncodedString()] {
      XCTAssertThrowsError(try MasterKey.load(stateDir: scratch.directory, environment: ["MLC_MASTER_KEY": bad])) {
        XCTAssertTrue("\($0)".hasPrefix("MLC_MASTER_KEY "), "\($0)")
        XCTAssertTrue("\($0)".contains("openssl rand -base64 32"), "\($0)")
      }
    }
  }

  func testKeyFileIsCreatedOnceWithMode0600() throws {
    let first = try load()
    XCTAssertEqual(first.source, .file(keyPath))
    XCTAssertEqual(try mode(keyPath), 0o600)
    let text = try String(contentsOfFile: keyPath, encoding: .utf8)
    XCTAssertEqual(Data(base64Encoded: text.trimmingCharacters(in: .newlines)).map(Array.init), first.bytes)
    XCTAssertEqual(try load().id, first.id, "the second load reads the same file")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.directory).filter { $0.contains(".tmp-") }
    XCTAssertEqual(leftovers, [])
  }

  func testKeyFileReadableByOthersIsRefused() throws {
    _ = try load()
    XCTAssertEqual(chmod(keyPath, 0o644), 0)
    XCTAssertThrowsError(try load()) { error in
      XCTAssertEqual("\(error)", "master key file \(self.keyPath) is accessible by group or others (mode 644); "
        + "run `chmod 600 \(self.keyPath)` and try again")
    }
    XCTAssertEqual(chmod(keyPath, 0o640), 0)
    XCTAssertThrowsError(try load())
    XCTAssertEqual(chmod(keyPath, 0o600), 0)
    XCTAssertNoThrow(try load())
  }

  func testWrongKeyErrorNamesTheKeyFile() throws {
    let database = try scratch.openDatabase()
    let envKey = try MasterKey.generate(source: .environment)
    try SecretVault(database: database, masterKey: envKey).set(name: "x", value: Array("value".utf8))
    let fileKey = try load()
    XCTAssertThrowsError(try SecretVault(database: database, masterKey: fileKey).secret(named: "x")) {
      XCTAssertTrue("\($0)".contains("encrypted with master key \(envKey.id); the key file \(self.keyPath) holds key \(fileKey.id)"), "\($0)")
    }
  }

  func testRotationReplacesTheKeyFileAndReEncrypts() throws {
    let database = try scratch.openDatabase()
    let oldKey = try load(database)
    let vault = try SecretVault(database: database, masterKey: oldKey)
    try vault.set(name: "a", value: Array("alpha-value".utf8))
    try vault.set(name: "b", value: Array("bravo-value".utf8))

    let newKey = try MasterKeyFile(stateDir: scratch.directory).rotate(vault: vault)
    XCTAssertNotEqual(newKey.id, oldKey.id)
    XCTAssertFalse(FileManager.default.fileExists(atPath: pendingPath))
    XCTAssertEqual(try mode(keyPath), 0o600)
    XCTAssertEqual(try load().id, newKey.id)
    XCTAssertEqual(try vault.string(named: "b"), "bravo-value")
    XCTAssertEqual(try SecretVault(database: scratch.openDatabase(), masterKey: load()).string(named: "a"), "alpha-value")
    XCTAssertThrowsError(try SecretVault(database: database, masterKey: oldKey).secret(named: "a"))
  }

  /// Crash after writing `master.key.new` but before the re-encryption committed.
  func testInterruptedBeforeCommitKeepsTheOldKey() throws {
    let database = try scratch.openDatabase()
    let oldKey = try load(database)
    try SecretVault(database: database, masterKey: oldKey).set(name: "a", value: Array("alpha-value".utf8))
    try MasterKeyFile.create(MasterKey.generate(), at: pendingPath)

    let resolved = try load(database)
    XCTAssertEqual(resolved.id, oldKey.id)
    XCTAssertFalse(FileManager.default.fileExists(atPath: pendingPath))
    XCTAssertEqual(try SecretVault(database: database, masterKey: resolved).string(named: "a"), "alpha-value")
  }

  /// Crash after the re-encryption committed but before the rename; resolved from the
  /// state directory alone (no database handle passed in).
  func testInterruptedAfterCommitFinishesTheRotation() throws {
    let database = try scratch.openDatabase()
    let oldKey = try load(database)
    let vault = try SecretVault(database: database, masterKey: oldKey)
    try vault.set(name: "a", value: Array("alpha-value".utf8))
    let pending = try MasterKey.generate()
    try MasterKeyFile.create(pending, at: pendingPath)
    try vault.rotateKey(to: pending)

    let resolved = try load()
    XCTAssertEqual(resolved.id, pending.id)
    XCTAssertEqual(resolved.source, .file(keyPath))
    XCTAssertFalse(FileManager.default.fileExists(atPath: pendingPath))
    XCTAssertEqual(try load().id, pending.id, "master.key now holds the new key")
    XCTAssertEqual(try SecretVault(database: scratch.openDatabase(), masterKey: resolved).string(named: "a"), "alpha-value")
  }

  func testRotationRefusesToStartOverAPendingFile() throws {
    let database = try scratch.openDatabase()
    let vault = try SecretVault(database: database, masterKey: load(database))
    try vault.set(name: "a", value: Array("alpha-value".utf8))
    let pending = try MasterKey.generate()
    try MasterKeyFile.create(pending, at: pendingPath)
    XCTAssertThrowsError(try MasterKeyFile(stateDir: scratch.directory).rotate(vault: vault)) {
      XCTAssertTrue("\($0)".contains("master.key.new exists"), "\($0)")
    }
    XCTAssertEqual(try MasterKeyFile.readKey(at: pendingPath).id, pending.id, "the pending file is untouched")
    XCTAssertEqual(try vault.string(named: "a"), "alpha-value")
  }

  func testCreateNeverOverwritesAnExistingFile() throws {
    let first = try load()
    XCTAssertThrowsError(try MasterKeyFile.create(MasterKey.generate(), at: keyPath)) {
      XCTAssertEqual(($0 as? POSIXError)?.code, .EEXIST)
    }
    XCTAssertEqual(try load().id, first.id)
  }
}
