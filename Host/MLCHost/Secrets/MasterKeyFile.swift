import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The master key stored on disk at `<state_dir>/master.key`: 32 random bytes as base64
/// text, mode 0600, and crash-safe rotation through `master.key.new`.
///
/// **Creation** is atomic and never overwrites: the key is written and fsynced to a private
/// temporary file opened `O_CREAT|O_EXCL` with mode 0600, then `link`ed to its final name
/// (which fails if another process created it first; then that file is used). Readers
/// therefore never see a half-written key.
///
/// **Permissions**: a key file with any group or other permission bit is refused with the
/// `chmod 600` command that fixes it; a readable key defeats encryption at rest.
///
/// **Rotation** (`rotate(vault:)`), with what a crash at each step leaves:
/// 1. write the new key to `master.key.new` (same atomic creation);
///    crash → `.new` exists, rows are under the old key.
/// 2. re-encrypt every secret under the new key in one SQLite transaction and commit;
///    crash before commit → same as 1; after → `.new` exists, rows are under the new key.
/// 3. `rename` `.new` over `master.key` (atomic), fsync the directory.
///
/// On load, a leftover `.new` is resolved by the key ids recorded in the `secrets` rows
/// (equivalent to "whichever key decrypts", without decrypting): rows under the new key →
/// finish step 3; rows under the old key, or no rows → delete `.new` (the rotation never
/// happened). Either way the store stays usable.
struct MasterKeyFile {
  let path: String
  var pendingPath: String { path + ".new" }

  init(stateDir: String) {
    path = (stateDir as NSString).appendingPathComponent("master.key")
  }

  /// The current key: resolves an interrupted rotation, reads the file, or creates it.
  /// `storedKeyIDs` (the key ids in the secrets table) is called only to resolve `.new`.
  func loadOrCreate(storedKeyIDs: () throws -> Set<String>) throws -> MasterKey {
    if exists(pendingPath) { return try resolvePending(storedKeyIDs: storedKeyIDs()) }
    if exists(path) { return try Self.readKey(at: path) }
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
      attributes: [.posixPermissions: 0o700])
    let key = try MasterKey.generate(source: .file(path))
    do {
      try Self.create(key, at: path)
      return key
    } catch let error as POSIXError where error.code == .EEXIST {
      return try Self.readKey(at: path)  // another process created it first: use theirs
    }
  }

  /// Replaces the key with a fresh one and re-encrypts every secret in `vault` under it,
  /// following the three steps in the type's documentation. Returns the new key (also
  /// installed in `vault`). Stop other `mlc` processes first: they still hold the old key
  /// and will report it as wrong until restarted.
  func rotate(vault: SecretVault) throws -> MasterKey {
    let newKey = try MasterKey.generate(source: .file(path))
    do {
      try Self.create(newKey, at: pendingPath)
    } catch let error as POSIXError where error.code == .EEXIST {
      throw VaultError.rotation(
        "cannot rotate: \(pendingPath) exists, so another rotation is running or was interrupted; "
          + "restart mlc (it resolves the interrupted rotation on load) and try again")
    }
    do {
      try vault.rotateKey(to: newKey)
    } catch {
      unlink(pendingPath)  // nothing was committed: the old key stays current
      throw error
    }
    try Self.check(rename(pendingPath, path), "rename \(pendingPath) to \(path)")
    try Self.syncDirectory(of: path)
    return newKey
  }

  /// Decides between `master.key` and `master.key.new` after an interrupted rotation.
  private func resolvePending(storedKeyIDs ids: Set<String>) throws -> MasterKey {
    let pending = try Self.readKey(at: pendingPath)
    guard exists(path) else {
      try Self.check(rename(pendingPath, path), "rename \(pendingPath) to \(path)")
      return try Self.readKey(at: path)
    }
    let current = try Self.readKey(at: path)
    if ids.isEmpty || ids == [current.id] {
      try Self.check(unlink(pendingPath), "remove \(pendingPath)")
      try Self.syncDirectory(of: path)
      return current
    }
    if ids == [pending.id] {
      try Self.check(rename(pendingPath, path), "rename \(pendingPath) to \(path)")
      try Self.syncDirectory(of: path)
      return try MasterKey(bytes: pending.bytes, source: .file(path))
    }
    throw VaultError.masterKey(
      "an interrupted key rotation left \(path) (key \(current.id)) and \(pendingPath) (key \(pending.id)), "
        + "but the secrets are under key(s) \(ids.sorted().joined(separator: ", ")); set MLC_MASTER_KEY "
        + "to the key that encrypted them, or move both files aside and store the secrets again")
  }

  /// Reads a key file, refusing one that group or others may access.
  static func readKey(at path: String) throws -> MasterKey {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    try check(fd, "open \(path)")
    defer { close(fd) }
    var info = stat()
    try check(fstat(fd, &info), "stat \(path)")
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw VaultError.masterKey("master key file \(path) is not a regular file; remove it or point MLC_MASTER_KEY at the key")
    }
    let mode = info.st_mode & 0o777
    guard mode & 0o077 == 0 else {
      throw VaultError.masterKey(
        "master key file \(path) is accessible by group or others (mode \(String(mode, radix: 8))); "
          + "run `chmod 600 \(path)` and try again")
    }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = read(fd, &buffer, buffer.count)
    try check(count < 0 ? -1 : 0, "read \(path)")
    return try MasterKey(base64: String(decoding: buffer.prefix(count), as: UTF8.self), source: .file(path))
  }

  /// Writes `key` to `path` atomically with mode 0600; throws `POSIXError(.EEXIST)` and
  /// leaves the existing file untouched if `path` already exists.
  static func create(_ key: MasterKey, at path: String) throws {
    let suffix = try CryptoPrimitives.randomBytes(6).map { String(format: "%02x", $0) }.joined()
    let temporary = "\(path).tmp-\(getpid())-\(suffix)"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    try check(fd, "create \(temporary)")
    defer { unlink(temporary) }
    do {
      defer { close(fd) }
      // The umask can only remove bits from 0600, but a umask of 0177+ would leave the
      // owner unable to read it back: set the mode explicitly.
      try check(fchmod(fd, 0o600), "chmod \(temporary)")
      let text = Array((key.base64 + "\n").utf8)
      try check(write(fd, text, text.count) == text.count ? 0 : -1, "write \(temporary)")
      try check(fsync(fd), "fsync \(temporary)")
    }
    try check(link(temporary, path), "link \(temporary) to \(path)")
    try syncDirectory(of: path)
  }

  /// Fsyncs the directory holding `path`, so a create or rename survives a power loss.
  static func syncDirectory(of path: String) throws {
    let directory = (path as NSString).deletingLastPathComponent
    let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    try check(fd, "open directory \(directory)")
    defer { close(fd) }
    try check(fsync(fd), "fsync directory \(directory)")
  }

  private func exists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
  }

  /// Throws a `POSIXError` carrying errno when a libc call returned a negative value;
  /// EEXIST is thrown bare so `create`'s callers can recognise it.
  @discardableResult
  private static func check(_ result: Int32, _ action: String) throws -> Int32 {
    guard result < 0 else { return result }
    let code = errno
    if code == EEXIST { throw POSIXError(.EEXIST) }
    throw VaultError.masterKey("cannot \(action): \(String(cString: strerror(code)))")
  }
}
