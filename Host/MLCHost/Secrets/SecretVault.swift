import Foundation

/// The host's secrets, stored in the state database encrypted with AES-256-GCM.
///
/// Each row holds a random 12-byte nonce, the ciphertext and the 16-byte tag, sealed under
/// the master key with the secret's name as associated data, so a ciphertext copied onto
/// another name fails to decrypt. Each row also records the id of the key that sealed it,
/// so a wrong master key is reported by name ("encrypted with master key 1a2b…; MLC_MASTER_KEY
/// holds key 9f8e…") and is refused before anything is written: `set` and `rotateKey` fail
/// while the store holds any secret under another key. Plaintext never reaches SQLite, so
/// neither the database nor its WAL holds it.
///
/// Thread-safe: every call takes the vault's lock. The `SQLite` handle is not thread-safe,
/// so nothing else may use it concurrently, and the vault must not be called inside a
/// transaction already open on it (writes use `BEGIN IMMEDIATE`).
final class SecretVault: SecretProvider, @unchecked Sendable {
  private let database: SQLite
  private let redactor: Redactor?
  private let clock: @Sendable () -> Date
  private let lock = NSLock()
  private var masterKey: MasterKey

  /// Opens the vault on `database`, creating the `secrets` table if needed. A `redactor`,
  /// when given, learns every value stored through `set` (load the existing ones with
  /// `Redactor.addSecrets(from:)`). `clock` stamps `createdAt`/`updatedAt`.
  init(
    database: SQLite, masterKey: MasterKey, redactor: Redactor? = nil,
    clock: @escaping @Sendable () -> Date = { Date() }
  ) throws {
    self.database = database
    self.masterKey = masterKey
    self.redactor = redactor
    self.clock = clock
    try database.execute(Self.schema)
  }

  /// The id of the master key this vault encrypts with.
  var keyID: String { lock.withLock { masterKey.id } }

  /// Stores `value` (not empty) as `name`, replacing any previous value (keeping its
  /// `createdAt`).
  /// Refuses, without writing, when the store holds a secret under another master key.
  func set(name: String, value: [UInt8]) throws {
    try SecretName.validate(name)
    guard !value.isEmpty else { throw VaultError.emptyValue(name) }
    try lock.withLock {
      let key = masterKey
      try database.transaction {
        try refuseForeignRows(key, action: "store \"\(name)\"")
        let box = try AESGCM.seal(value, key: key.bytes, aad: Array(name.utf8))
        let now = Self.timestamp(clock())
        try database.run(
          """
          INSERT INTO secrets(name, key_id, nonce, ciphertext, tag, created_at, updated_at)
          VALUES(?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(name) DO UPDATE SET key_id = excluded.key_id, nonce = excluded.nonce,
            ciphertext = excluded.ciphertext, tag = excluded.tag, updated_at = excluded.updated_at
          """,
          [.text(name), .text(key.id), .blob(box.nonce), .blob(box.ciphertext), .blob(box.tag), .text(now), .text(now)])
      }
    }
    redactor?.add(secret: value, name: name)
  }

  /// `SecretProvider` conformance: the same as `set(name:value:)`.
  func setSecret(named name: String, value: [UInt8]) throws {
    try set(name: name, value: value)
  }

  /// The decrypted value of `name`. Throws `SecretError.notFound`, `.wrongMasterKey` when the
  /// row was sealed under another key, or `.corrupt` when it fails authentication.
  func secret(named name: String) throws -> [UInt8] {
    try SecretName.validate(name)
    return try lock.withLock {
      let rows = try database.rows("SELECT key_id, nonce, ciphertext, tag FROM secrets WHERE name = ?", [.text(name)])
      guard let row = rows.first else { throw SecretError.notFound(name) }
      return try decrypt(name: name, row: row, key: masterKey)
    }
  }

  /// Every stored secret's name and timestamps, sorted by name. Needs no key.
  func list() throws -> [SecretInfo] {
    try lock.withLock {
      var result: [SecretInfo] = []
      try database.query("SELECT name, created_at, updated_at FROM secrets ORDER BY name") { row in
        let name = row.string(0) ?? ""
        result.append(SecretInfo(
          name: name, createdAt: try Self.date(row.string(1), name: name),
          updatedAt: try Self.date(row.string(2), name: name)))
      }
      return result
    }
  }

  /// Deletes `name`; throws `SecretError.notFound` if absent. Works under any master key, so
  /// an operator who lost a key can remove its secrets and store them again.
  func remove(name: String) throws {
    try SecretName.validate(name)
    try lock.withLock {
      guard try database.run("DELETE FROM secrets WHERE name = ?", [.text(name)]) > 0 else {
        throw SecretError.notFound(name)
      }
    }
  }

  /// Re-encrypts every secret under `newKey` (fresh nonces) in one transaction, then uses
  /// `newKey` from now on. Fails with nothing changed if any secret is under another key or
  /// does not authenticate. Returns how many secrets were re-encrypted. Replacing the key
  /// file is `MasterKeyFile.rotate(vault:)`'s job; with `MLC_MASTER_KEY` the operator must
  /// set the new value before the next start.
  @discardableResult
  func rotateKey(to newKey: MasterKey) throws -> Int {
    try lock.withLock {
      let oldKey = masterKey
      let count = try database.transaction { () throws -> Int in
        try refuseForeignRows(oldKey, action: "rotate the master key")
        let rows = try database.rows("SELECT name, key_id, nonce, ciphertext, tag FROM secrets ORDER BY name")
        for row in rows {
          guard case .text(let name) = row[0] else { throw SecretError.corrupt("a secrets row has no name") }
          let value = try decrypt(name: name, row: Array(row.dropFirst()), key: oldKey)
          let box = try AESGCM.seal(value, key: newKey.bytes, aad: Array(name.utf8))
          try database.run(
            "UPDATE secrets SET key_id = ?, nonce = ?, ciphertext = ?, tag = ? WHERE name = ?",
            [.text(newKey.id), .blob(box.nonce), .blob(box.ciphertext), .blob(box.tag), .text(name)])
        }
        return rows.count
      }
      masterKey = newKey
      return count
    }
  }

  /// The distinct master key ids that sealed the secrets in `database` (empty when the
  /// table does not exist yet). Used to resolve an interrupted key-file rotation.
  static func keyIDs(in database: SQLite) throws -> Set<String> {
    let tables = try database.rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'secrets'")
    guard !tables.isEmpty else { return [] }
    var ids: Set<String> = []
    try database.query("SELECT DISTINCT key_id FROM secrets") { row in ids.insert(row.string(0) ?? "") }
    return ids
  }

  // MARK: - Internals (called with the lock held)

  private static let schema = """
    CREATE TABLE IF NOT EXISTS secrets(
      name TEXT PRIMARY KEY NOT NULL,  -- [A-Za-z0-9][A-Za-z0-9._-]{0,127}; also the GCM AAD
      key_id TEXT NOT NULL,            -- hex of SHA-256(master key)[0..<8]
      nonce BLOB NOT NULL,             -- 12 random bytes, new for every value
      ciphertext BLOB NOT NULL,        -- AES-256-GCM
      tag BLOB NOT NULL,               -- 16 bytes
      created_at TEXT NOT NULL,        -- RFC 3339 UTC
      updated_at TEXT NOT NULL
    )
    """

  /// Throws `wrongMasterKey` if any row was sealed under a key other than `key`, naming
  /// the first such secret and both key ids.
  private func refuseForeignRows(_ key: MasterKey, action: String) throws {
    let foreign = try database.rows(
      "SELECT name, key_id FROM secrets WHERE key_id <> ? ORDER BY name LIMIT 1", [.text(key.id)])
    guard let row = foreign.first, case .text(let name) = row[0], case .text(let otherID) = row[1] else { return }
    throw SecretError.wrongMasterKey(
      "cannot \(action): secret \"\(name)\" was encrypted with master key \(otherID); \(key.source) holds key "
        + "\(key.id): set the right key (\(MasterKey.environmentVariable) or the key file), or remove the "
        + "secrets stored under the other key (`mlc secret rm \(name)`) and store them again")
  }

  /// Opens one row's `key_id, nonce, ciphertext, tag` under `key`.
  private func decrypt(name: String, row: [SQLite.Value], key: MasterKey) throws -> [UInt8] {
    guard row.count == 4, case .text(let keyID) = row[0], case .blob(let nonce) = row[1],
          case .blob(let ciphertext) = row[2], case .blob(let tag) = row[3]
    else { throw SecretError.corrupt("secret \"\(name)\" has a malformed row in the secrets table; store it again") }
    guard keyID == key.id else {
      throw SecretError.wrongMasterKey(
        "secret \"\(name)\" was encrypted with master key \(keyID); \(key.source) holds key \(key.id): "
          + "set the right key (\(MasterKey.environmentVariable) or the key file), or remove the secret "
          + "(`mlc secret rm \(name)`) and store it again")
    }
    do {
      return try AESGCM.open(AESGCM.SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag), key: key.bytes, aad: Array(name.utf8))
    } catch CryptoError.authenticationFailed {
      throw SecretError.corrupt(
        "secret \"\(name)\" failed authentication under master key \(key.id): its row was altered or copied "
          + "from another secret; store it again with `mlc secret set \(name)`")
    }
  }

  private static func timestamp(_ date: Date) -> String {
    date.formatted(Date.ISO8601FormatStyle())
  }

  private static func date(_ text: String?, name: String) throws -> Date {
    guard let text, let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) else {
      throw SecretError.corrupt("secret \"\(name)\" has an unreadable timestamp \"\(text ?? "")\"; store it again")
    }
    return date
  }
}
