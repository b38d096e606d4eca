import Foundation
import MLCSandboxKit

/// All of one company's tables, the `SysRevID` counter and the write primitives every write
/// path (methods, entity-set verbs, the test API) goes through.
///
/// Change tracking [V SNO: `SysRevID` "Revision identifier for this row. It is incremented
/// upon each write."; POHeader `ChangeDate` "The date and time that the record was last
/// changed"]: every write takes the next value of one global counter (SQL `rowversion`
/// behaves the same way) and, on tables that have them, sets `ChangeDate`/`ChangedOn` to the
/// sandbox clock (whole seconds) and `ChangedBy` to the writing user.
///
/// Writes inside `transaction` are all-or-nothing, as Epicor's `Update` is: a failure rolls
/// back rows and the counter through an undo log, without copying tables.
final class EpicorStore {
  let company: String
  private(set) var tables: [String: EpicorTable] = [:]
  private(set) var revision = 0
  private var nextRowID = 1
  private var undoLog: [Undo]?

  private enum Undo {
    case inserted(String)
    case replaced(String, Int, [EpicorValue])
    case removed(String, Int, EpicorRow)
  }

  init(company: String) {
    self.company = company
    for (index, schema) in EpicorCatalog.tables.values.sorted(by: { $0.name < $1.name }).enumerated() {
      tables[schema.name] = EpicorTable(schema: schema, idSalt: 0xE91C_0000 &+ UInt64(index) << 32)
    }
  }

  /// The table called `name`; the catalog defines every name the code uses.
  func table(_ name: String) -> EpicorTable {
    guard let table = tables[name] else { preconditionFailure("no Epicor table named \(name)") }
    return table
  }

  /// The next `SysRevID`.
  func nextRevision() -> Int {
    revision += 1
    return revision
  }

  /// Inserts seed data without stamping: the seeder sets every column itself.
  func seed(_ tableName: String, _ values: [EpicorValue]) {
    table(tableName).insert(values, id: takeRowID())
  }

  /// Inserts a new row, stamped as written now by `user`. Throws 409 when the key exists.
  @discardableResult
  func insert(_ tableName: String, _ values: [EpicorValue], user: String, now: SandboxDateTime) throws -> [EpicorValue] {
    let table = self.table(tableName)
    var stamped = values
    stamp(&stamped, schema: table.schema, user: user, now: now)
    let key = table.key(of: stamped)
    guard table.position(forKey: key) == nil else {
      let text = key.map(\.text).joined(separator: ", ")
      throw EpicorError(status: 409, message: "\(tableName) record with key (\(text)) already exists; this is a duplicate key.",
                        type: "Ice.Common.DuplicateRecordException",
                        details: [.init(message: "Duplicate record.", table: tableName)])
    }
    table.insert(stamped, id: takeRowID())
    undoLog?.append(.inserted(tableName))
    return stamped
  }

  /// Replaces the row at `position`, stamped as written now by `user`.
  @discardableResult
  func update(_ tableName: String, at position: Int, _ values: [EpicorValue], user: String, now: SandboxDateTime) -> [EpicorValue] {
    let table = self.table(tableName)
    var stamped = values
    stamp(&stamped, schema: table.schema, user: user, now: now)
    undoLog?.append(.replaced(tableName, position, table.rows[position].values))
    table.replace(at: position, with: stamped)
    return stamped
  }

  /// Deletes the row at `position`.
  func delete(_ tableName: String, at position: Int) {
    let table = self.table(tableName)
    let row = table.remove(at: position)
    undoLog?.append(.removed(tableName, position, row))
  }

  /// Runs `body` so that either all its writes stay or, when it throws, none do.
  func transaction<T>(_ body: () throws -> T) throws -> T {
    guard undoLog == nil else { return try body() }
    undoLog = []
    let savedRevision = revision
    defer { undoLog = nil }
    do {
      return try body()
    } catch {
      for undo in (undoLog ?? []).reversed() {
        switch undo {
        case .inserted(let name): table(name).removeLast()
        case .replaced(let name, let position, let values): table(name).replace(at: position, with: values)
        case .removed(let name, let position, let row): table(name).restore(row, at: position)
        }
      }
      revision = savedRevision
      throw error
    }
  }

  /// The row of `tableName` with key `key`, or `nil`.
  func row(_ tableName: String, key: [EpicorValue]) -> [EpicorValue]? {
    let table = self.table(tableName)
    return table.position(forKey: key).map { table.rows[$0].values }
  }

  /// The largest value of an integer column, or 0 for an empty table (for assigning numbers).
  func maxInt(_ tableName: String, _ field: String) -> Int {
    let table = self.table(tableName)
    guard let index = table.schema.position(of: field) else { return 0 }
    return table.rows.reduce(0) { max($0, $1.values[index].intValue ?? 0) }
  }

  private func stamp(_ values: inout [EpicorValue], schema: EpicorTableSchema, user: String, now: SandboxDateTime) {
    if let index = schema.position(of: "SysRevID") { values[index] = .int(nextRevision()) }
    if let index = schema.changeField { values[index] = .dateTime(now.wholeSeconds) }
    if let index = schema.position(of: "ChangedBy") { values[index] = .string(user) }
    if let index = schema.position(of: "RowMod") { values[index] = .string("") }
    if let index = schema.position(of: "Company") { values[index] = .string(company) }
  }

  private func takeRowID() -> Int {
    defer { nextRowID += 1 }
    return nextRowID
  }
}
