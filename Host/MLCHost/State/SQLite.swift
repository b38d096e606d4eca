import CSQLite
import Foundation

/// A small SQLite connection wrapper: one `check` for every call, prepared statements
/// cached by SQL text, and transactions that roll back when their body throws.
///
/// Not thread-safe: use one instance per thread (the state store opens one per process).
final class SQLite {
  /// A failed SQLite call, with the extended result code and the database's message.
  struct Failure: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    let path: String
    var description: String { "\(path): SQLite error \(code): \(message)" }
  }

  /// A value bound to a `?` parameter or read from a column.
  enum Value: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
  }

  let path: String
  private var db: OpaquePointer?
  private var statements: [String: OpaquePointer] = [:]

  /// Opens (creating if needed) the database at `path` in WAL mode with a busy timeout, so
  /// a second `mlc` process waits for the lock instead of failing at once.
  init(path: String, readOnly: Bool = false) throws {
    self.path = path
    let flags = readOnly
      ? SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX
      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
    let rc = sqlite3_open_v2(path, &db, flags, nil)
    if rc != SQLITE_OK {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
      sqlite3_close(db)
      db = nil
      throw Failure(code: rc, message: message, path: path)
    }
    sqlite3_extended_result_codes(db, 1)
    sqlite3_busy_timeout(db, 10_000)
    if !readOnly {
      try execute("PRAGMA journal_mode=WAL")
      try execute("PRAGMA synchronous=NORMAL")
    }
    try execute("PRAGMA foreign_keys=ON")
  }

  deinit {
    for statement in statements.values { sqlite3_finalize(statement) }
    sqlite3_close_v2(db)
  }

  /// Runs one or more statements that take no parameters and return no rows.
  func execute(_ sql: String) throws {
    var message: UnsafeMutablePointer<CChar>?
    let rc = sqlite3_exec(db, sql, nil, nil, &message)
    if rc != SQLITE_OK {
      let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
      sqlite3_free(message)
      throw Failure(code: rc, message: text, path: path)
    }
  }

  /// Runs a statement with bindings and returns how many rows it changed.
  @discardableResult
  func run(_ sql: String, _ bindings: [Value] = []) throws -> Int {
    let statement = try prepared(sql)
    defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
    try bind(bindings, to: statement)
    var rc = sqlite3_step(statement)
    while rc == SQLITE_ROW { rc = sqlite3_step(statement) }
    try check(rc, expecting: SQLITE_DONE)
    return Int(sqlite3_changes(db))
  }

  /// Runs a query and calls `row` for each result row; the row is valid only inside the call.
  func query(_ sql: String, _ bindings: [Value] = [], row: (Row) throws -> Void) throws {
    let statement = try prepared(sql)
    defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
    try bind(bindings, to: statement)
    while true {
      let rc = sqlite3_step(statement)
      if rc == SQLITE_DONE { return }
      try check(rc, expecting: SQLITE_ROW)
      try row(Row(statement: statement))
    }
  }

  /// Returns all rows of a query as arrays of values (for small results).
  func rows(_ sql: String, _ bindings: [Value] = []) throws -> [[Value]] {
    var result: [[Value]] = []
    try query(sql, bindings) { row in result.append((0..<row.count).map { row.value($0) }) }
    return result
  }

  /// The rowid of the last inserted row on this connection.
  var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(db) }

  /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`; rolls back if it throws.
  func transaction<T>(_ body: () throws -> T) throws -> T {
    try execute("BEGIN IMMEDIATE")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  /// Direct access for hot paths that bind without building `Value` arrays.
  func withStatement<T>(_ sql: String, _ body: (Statement) throws -> T) throws -> T {
    let statement = try prepared(sql)
    defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
    return try body(Statement(owner: self, handle: statement))
  }

  /// Inserts `rows` rows with `INSERT … VALUES (…), (…), …` statements of up to `rowsPerStatement`
  /// rows each: SQLite's fixed cost per statement run (start, halt, reset) then falls on a
  /// batch rather than on every record. `head` is the SQL before `VALUES`, `tail` what follows
  /// the rows (e.g. an `ON CONFLICT` clause); `bind(statement, row, firstParameter)` binds one
  /// row's `columns` values from `firstParameter` on.
  func insertRows(head: String, columns: Int, tail: String = "", rows: Int, rowsPerStatement: Int = 32,
                  bind: (Statement, Int, Int32) -> Void) throws {
    var row = 0
    while row < rows {
      let count = min(rowsPerStatement, rows - row)
      let placeholders = "(" + Array(repeating: "?", count: columns).joined(separator: ",") + ")"
      let sql = head + " VALUES " + Array(repeating: placeholders, count: count).joined(separator: ",") + " " + tail
      try withStatement(sql) { statement in
        for offset in 0..<count { bind(statement, row + offset, Int32(offset * columns + 1)) }
        try statement.step()
      }
      row += count
    }
  }

  /// A prepared statement for hot paths: bind, step, reset, without allocations.
  struct Statement {
    fileprivate let owner: SQLite
    fileprivate let handle: OpaquePointer

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }
    func bind(_ index: Int32, _ value: String) { bindString(handle, index, value) }
    func bindNull(_ index: Int32) { sqlite3_bind_null(handle, index) }
    /// Binds UTF-8 text from a byte buffer without building a String.
    func bindText(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
      sqlite3_bind_text(handle, index, bytes.baseAddress?.assumingMemoryBound(to: CChar.self),
                        Int32(bytes.count), SQLITE_TRANSIENT)
    }
    func bindBlob(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
      sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), SQLITE_TRANSIENT)
    }
    /// Steps to completion and resets, keeping the statement for the next row. Bindings
    /// stay: the caller binds every parameter of every row (`withStatement` clears them at
    /// the end).
    func step() throws {
      var rc = sqlite3_step(handle)
      while rc == SQLITE_ROW { rc = sqlite3_step(handle) }
      sqlite3_reset(handle)
      try owner.check(rc, expecting: SQLITE_DONE)
    }
  }

  /// One result row.
  struct Row {
    fileprivate let statement: OpaquePointer
    var count: Int { Int(sqlite3_column_count(statement)) }

    func value(_ index: Int) -> Value {
      let i = Int32(index)
      switch sqlite3_column_type(statement, i) {
      case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, i))
      case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, i))
      case SQLITE_TEXT: return .text(string(index) ?? "")
      case SQLITE_BLOB: return .blob(blob(index))
      default: return .null
      }
    }
    func int(_ index: Int) -> Int64 { sqlite3_column_int64(statement, Int32(index)) }
    func string(_ index: Int) -> String? {
      guard let text = sqlite3_column_text(statement, Int32(index)) else { return nil }
      return String(cString: text)
    }
    func blob(_ index: Int) -> [UInt8] {
      let count = Int(sqlite3_column_bytes(statement, Int32(index)))
      guard count > 0, let base = sqlite3_column_blob(statement, Int32(index)) else { return [] }
      return Array(UnsafeRawBufferPointer(start: base, count: count))
    }
    func isNull(_ index: Int) -> Bool { sqlite3_column_type(statement, Int32(index)) == SQLITE_NULL }
  }

  private func prepared(_ sql: String) throws -> OpaquePointer {
    if let statement = statements[sql] { return statement }
    var statement: OpaquePointer?
    try check(sqlite3_prepare_v2(db, sql, -1, &statement, nil), expecting: SQLITE_OK)
    guard let statement else { throw Failure(code: SQLITE_MISUSE, message: "empty statement: \(sql)", path: path) }
    statements[sql] = statement
    return statement
  }

  private func bind(_ values: [Value], to statement: OpaquePointer) throws {
    for (offset, value) in values.enumerated() {
      let index = Int32(offset + 1)
      let rc: Int32
      switch value {
      case .null: rc = sqlite3_bind_null(statement, index)
      case .integer(let v): rc = sqlite3_bind_int64(statement, index, v)
      case .real(let v): rc = sqlite3_bind_double(statement, index, v)
      case .text(let v): rc = bindString(statement, index, v)
      case .blob(let v) where v.isEmpty:
        // An empty array has no base address; binding nil would store NULL, not an empty blob.
        rc = sqlite3_bind_zeroblob(statement, index, 0)
      case .blob(let v):
        rc = v.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT) }
      }
      try check(rc, expecting: SQLITE_OK)
    }
  }

  fileprivate func check(_ rc: Int32, expecting expected: Int32) throws {
    guard rc != expected else { return }
    throw Failure(code: rc, message: String(cString: sqlite3_errmsg(db)), path: path)
  }
}

/// SQLite's "copy this buffer now" destructor, which the C macro hides from Swift.
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// Binds a string's UTF-8 bytes in place. Passing a Swift String where C wants a `char *`
/// copies it into a fresh NUL-terminated array first, an allocation per bound value.
@discardableResult
private func bindString(_ statement: OpaquePointer, _ index: Int32, _ value: String) -> Int32 {
  var value = value
  return value.withUTF8 { bytes in
    // An empty buffer may have no address, and a NULL pointer would bind SQL NULL.
    guard let base = bytes.baseAddress else { return sqlite3_bind_text(statement, index, "", 0, SQLITE_TRANSIENT) }
    return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: bytes.count) {
      sqlite3_bind_text(statement, index, $0, Int32(bytes.count), SQLITE_TRANSIENT)
    }
  }
}
