import Foundation

/// The 256-bit key that encrypts every secret in the vault, and where it came from.
///
/// Resolution order (`load`): the `MLC_MASTER_KEY` environment variable (base64 of 32
/// bytes), else the key file `<state_dir>/master.key`, created with 32 random bytes on first
/// use (see `MasterKeyFile` for permissions and crash-safe rotation). The key's `id`, the
/// first 8 bytes of SHA-256(key) in hex, is stored with each secret so a wrong key is named
/// in the error instead of surfacing as a decryption failure. `description` shows the id and
/// source, never the key.
struct MasterKey: Sendable, CustomStringConvertible {
  static let environmentVariable = "MLC_MASTER_KEY"
  static let size = 32

  /// Where a key came from, for error messages that tell the operator what to change.
  enum Source: Sendable, Equatable, CustomStringConvertible {
    case environment
    case file(String)
    case generated

    /// Who "holds" the key, as in "MLC_MASTER_KEY holds key 9f8e…".
    var description: String {
      switch self {
      case .environment: return MasterKey.environmentVariable
      case .file(let path): return "the key file \(path)"
      case .generated: return "the newly generated key"
      }
    }
  }

  let bytes: [UInt8]
  /// Hex of the first 8 bytes of SHA-256(bytes); identifies the key without revealing it.
  let id: String
  let source: Source

  /// A key from raw bytes; throws `VaultError.masterKey` unless there are exactly 32.
  init(bytes: [UInt8], source: Source) throws {
    guard bytes.count == Self.size else {
      throw VaultError.masterKey(
        "\(source) must hold \(Self.size) bytes encoded as base64 (`openssl rand -base64 32`); it decodes to \(bytes.count) bytes")
    }
    self.bytes = bytes
    self.id = try CryptoPrimitives.sha256(bytes).prefix(8).map { String(format: "%02x", $0) }.joined()
    self.source = source
  }

  /// A key from its base64 text (surrounding whitespace and newlines ignored).
  init(base64 text: String, source: Source) throws {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let data = Data(base64Encoded: trimmed) else {
      throw VaultError.masterKey(
        "\(source) is not valid base64; it must hold 32 random bytes as base64 (`openssl rand -base64 32`)")
    }
    try self.init(bytes: Array(data), source: source)
  }

  /// A fresh random key from `RAND_bytes`.
  static func generate(source: Source = .generated) throws -> MasterKey {
    try MasterKey(bytes: CryptoPrimitives.randomBytes(size), source: source)
  }

  /// The key as base64 text, the format of `MLC_MASTER_KEY` and the key file.
  var base64: String { Data(bytes).base64EncodedString() }

  var description: String { "master key \(id) from \(source)" }

  /// Resolves the master key for the state directory `stateDir`.
  ///
  /// `MLC_MASTER_KEY` in `environment` wins when set and non-empty. Otherwise the key file
  /// is read, or created when absent. When an interrupted rotation left `master.key.new`
  /// behind, the key ids recorded in the `secrets` table decide which file is current; they
  /// are read from `database` when given, else from `<stateDir>/state.db` opened read-only.
  static func load(stateDir: String, environment: [String: String], database: SQLite? = nil) throws -> MasterKey {
    if let text = environment[environmentVariable], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      return try MasterKey(base64: text, source: .environment)
    }
    let file = MasterKeyFile(stateDir: stateDir)
    return try file.loadOrCreate(storedKeyIDs: {
      if let database { return try SecretVault.keyIDs(in: database) }
      let path = (stateDir as NSString).appendingPathComponent("state.db")
      guard FileManager.default.fileExists(atPath: path) else { return [] }
      return try SecretVault.keyIDs(in: SQLite(path: path, readOnly: true))
    })
  }
}
