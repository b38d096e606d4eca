import CSQLite
import Foundation

/// A value crossing into or out of SQLite.
enum SQLiteValue: Equatable, Sendable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
}

/// What SQLite reported, with its extended result code.
struct SQLiteError: Error, CustomStringConvertible {
  let code: Int32
  let message: String
  var description: String { "SQLite error \(code): \(message)" }

  /// Whether a NOT NULL constraint failed.
  var isNotNullViolation: Bool { code == 1299 }
}

/// The sandbox's own small wrapper over the SQLite C API: one in-memory database, statements
/// prepared per call with every value bound as a parameter (SQL text never carries data), and
/// Swift functions registered as SQL functions.
///
/// Not thread-safe by itself; the engine serializes every call behind its lock.
final class SQLiteConnection {
  private var handle: OpaquePointer?
  /// The error a registered function threw during the current statement, so `query` can
  /// rethrow it typed (a `SnowflakeSQLError`) rather than as SQLite's text.
  fileprivate var functionError: Error?

  /// Opens a private in-memory database.
  init() throws {
    let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY | SQLITE_OPEN_NOMUTEX
    guard sqlite3_open_v2(":memory:", &handle, flags, nil) == SQLITE_OK else {
      let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close(handle)
      throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot open the sandbox's in-memory database: \(message)")
    }
    sqlite3_extended_result_codes(handle, 1)
  }

  deinit {
    sqlite3_close_v2(handle)
  }

  /// Rows changed by the last INSERT, UPDATE or DELETE.
  var changes: Int { Int(sqlite3_changes(handle)) }

  /// Runs `sql` with `parameters` bound to `?1`, `?2`, ... and returns every row. Parameters
  /// beyond the highest `?N` the text uses are ignored, so one statement's compiled steps can
  /// share a parameter list.
  @discardableResult
  func query(_ sql: String, _ parameters: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
    let (text, values) = Self.positionalInOrder(sql, parameters)
    var statement: OpaquePointer?
    try check(sqlite3_prepare_v2(handle, text, -1, &statement, nil), sql: sql)
    defer { sqlite3_finalize(statement) }
    for (offset, value) in values.enumerated() {
      let index = Int32(offset + 1)
      switch value {
      case .null: try check(sqlite3_bind_null(statement, index), sql: sql)
      case .integer(let number): try check(sqlite3_bind_int64(statement, index, number), sql: sql)
      case .real(let number): try check(sqlite3_bind_double(statement, index, number), sql: sql)
      case .text(let text): try check(sqlite3_bind_text(statement, index, text, -1, Self.transient), sql: sql)
      }
    }
    var rows: [[SQLiteValue]] = []
    let columns = sqlite3_column_count(statement)
    while true {
      let result = sqlite3_step(statement)
      if result == SQLITE_DONE { return rows }
      guard result == SQLITE_ROW else { try check(result, sql: sql); return rows }
      rows.append((0..<columns).map { column(statement, $0) })
    }
  }

  /// `sql` with each `?N` occurrence turned into an anonymous `?`, and the values those
  /// stand for in order of appearance (a number used twice is bound twice; unbound numbers
  /// as NULL).
  ///
  /// SQLite looks a `?N` up in a linear list whenever N is not above every number seen so
  /// far, which made preparing a 1000-row MERGE quadratic in its bindings (half of the
  /// simulator's time went to that lookup); an anonymous `?` takes the next number with no
  /// lookup at all. Quotes are skipped, though the compiler never puts a `?` inside one.
  static func positionalInOrder(_ sql: String, _ parameters: [SQLiteValue]) -> (String, [SQLiteValue]) {
    let bytes = Array(sql.utf8)
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var values: [SQLiteValue] = []
    var quote: UInt8? = nil
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      if let open = quote {
        if byte == open { quote = nil }
        output.append(byte)
        continue
      }
      if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") { quote = byte }
      output.append(byte)
      guard byte == UInt8(ascii: "?") else { continue }
      var number = 0, digits = 0
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, digits < 9 {
        number = number * 10 + Int(bytes[index] - 0x30)
        index += 1
        digits += 1
      }
      // A bare `?` was never bound: NULL, as before.
      values.append(digits > 0 && number >= 1 && number <= parameters.count ? parameters[number - 1] : .null)
    }
    return (String(decoding: output, as: UTF8.self), values)
  }

  /// Runs statements without parameters (DDL, `BEGIN`, `COMMIT`).
  func execute(_ sql: String) throws {
    try check(sqlite3_exec(handle, sql, nil, nil, nil), sql: sql)
  }

  /// Registers `body` as the deterministic SQL function `name` taking `arity` arguments.
  /// A thrown error fails the statement and is rethrown from `query` as it was thrown.
  func register(_ name: String, arity: Int32, _ body: @escaping ([SQLiteValue]) throws -> SQLiteValue) {
    let box = Unmanaged.passRetained(FunctionBox(connection: self, body: body)).toOpaque()
    sqlite3_create_function_v2(
      handle, name, arity, SQLITE_UTF8 | SQLITE_DETERMINISTIC, box,
      { context, count, arguments in
        let box = Unmanaged<FunctionBox>.fromOpaque(sqlite3_user_data(context)).takeUnretainedValue()
        let values = (0..<Int(count)).map { SQLiteConnection.value(arguments![$0]) }
        do {
          switch try box.body(values) {
          case .null: sqlite3_result_null(context)
          case .integer(let number): sqlite3_result_int64(context, number)
          case .real(let number): sqlite3_result_double(context, number)
          case .text(let text): sqlite3_result_text(context, text, -1, SQLiteConnection.transient)
          }
        } catch {
          box.connection?.functionError = error
          sqlite3_result_error(context, String(describing: error), -1)
        }
      },
      nil, nil,
      { pointer in pointer.map { Unmanaged<FunctionBox>.fromOpaque($0).release() } })
  }

  private func check(_ result: Int32, sql: String) throws {
    guard result != SQLITE_OK && result != SQLITE_DONE && result != SQLITE_ROW else { return }
    if let error = functionError {
      functionError = nil
      throw error
    }
    throw SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)) + " in: " + sql)
  }

  private func column(_ statement: OpaquePointer?, _ index: Int32) -> SQLiteValue {
    switch sqlite3_column_type(statement, index) {
    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
    case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
    case SQLITE_NULL: return .null
    default: return .text(String(cString: sqlite3_column_text(statement, index)))
    }
  }

  fileprivate static func value(_ argument: OpaquePointer?) -> SQLiteValue {
    switch sqlite3_value_type(argument) {
    case SQLITE_INTEGER: return .integer(sqlite3_value_int64(argument))
    case SQLITE_FLOAT: return .real(sqlite3_value_double(argument))
    case SQLITE_NULL: return .null
    default: return .text(String(cString: sqlite3_value_text(argument)))
    }
  }

  /// `SQLITE_TRANSIENT`: SQLite copies the bytes before the call returns.
  fileprivate static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// The Swift closure behind a registered SQL function.
private final class FunctionBox {
  weak var connection: SQLiteConnection?
  let body: ([SQLiteValue]) throws -> SQLiteValue

  init(connection: SQLiteConnection, body: @escaping ([SQLiteValue]) throws -> SQLiteValue) {
    self.connection = connection
    self.body = body
  }
}
