import Foundation
import MLCSandboxKit

/// The test-facing API: look at the data, change a record the way a user would, count
/// requests per entity set, move the clock, and steer the fault injector.
///
/// Tables are named as Epicor's tablesets name them: `Vendor`, `POHeader`, `PODetail`,
/// `APInvHed`, `APInvDtl`, `APInvExp`, `APInvGrp`, `CheckHed`, `APTran`, `GLAccount`,
/// `COASegValues`, `Part`. Values come back as text: strings as they are, numbers in their
/// exact decimal form (`1234.5`), dates as `2026-01-15T00:00:00`, booleans `true`/`false`,
/// null as "". Keys are given without `Company`, in key order.
extension EpicorSandbox {
  /// The table names the sandbox holds.
  public var tableNames: [String] {
    EpicorCatalog.tables.keys.sorted()
  }

  /// The number of rows in `table` (0 for an unknown table).
  public func count(_ table: String) -> Int {
    withStore { $0.tables[table]?.count ?? 0 }
  }

  /// The row of `table` with `key` (without `Company`), or `nil`.
  public func row(_ table: String, key: [String]) -> [String: String]? {
    withStore { store in
      guard let schema = EpicorCatalog.tables[table], let values = try? keyValues(schema, key),
            let position = store.table(table).position(forKey: values) else { return nil }
      return Self.describe(store.table(table), position)
    }
  }

  /// The rows of `table` whose column `field` equals `value` (compared as text), in key order.
  public func rows(_ table: String, where field: String, equals value: String) -> [[String: String]] {
    withStore { store in
      guard let storeTable = store.tables[table], let index = storeTable.schema.position(of: field) else { return [] }
      return storeTable.keyOrder
        .filter { storeTable.value(storeTable.rows[$0], index).text == value }
        .map { Self.describe(storeTable, $0) }
    }
  }

  /// All rows of `table` in key order (mind the size on big sandboxes).
  public func allRows(_ table: String) -> [[String: String]] {
    withStore { store in
      guard let storeTable = store.tables[table] else { return [] }
      return storeTable.keyOrder.map { Self.describe(storeTable, $0) }
    }
  }

  /// Changes columns of one row as a user in Epicor's screens would: business rules run,
  /// `SysRevID` takes the next value, `ChangeDate`/`ChangedOn` becomes now and `ChangedBy`
  /// becomes `user`. Values are text in the same forms `row` returns. Throws
  /// `EpicorSandboxError` with Epicor's message when the rules refuse the change.
  @discardableResult
  public func edit(_ table: String, key: [String], set changes: [String: String], user: String = "manager") throws -> [String: String] {
    try withStore { store in
      guard let schema = EpicorCatalog.tables[table] else { throw EpicorSandboxError("no table named \(table); use one of \(tableNames)") }
      let values = try keyValues(schema, key)
      var members: [SandboxJSON.Member] = []
      for (name, text) in changes.sorted(by: { $0.key < $1.key }) {
        guard let index = schema.position(of: name) else { throw EpicorSandboxError("\(table) has no column \(name)") }
        switch schema.fields[index].type {
        case .int, .decimal: members.append(.init(name, .number(text)))
        case .bool: members.append(.init(name, .bool(text == "true")))
        case .string, .dateTime: members.append(.init(name, .string(text)))
        }
      }
      let writer = EpicorWriter(store: store, user: user, now: clock.now)
      do {
        try store.transaction { _ = try writer.change(table, members, path: table, key: values) }
      } catch let error as EpicorError {
        throw EpicorSandboxError("editing \(table) \(key) failed: \(error.message)")
      }
      return Self.describe(store.table(table), store.table(table).position(forKey: values)!)
    }
  }

  /// How many requests reached each BO path, by `Svc/EntitySetOrMethod` (`POSvc/POes`,
  /// `APInvoiceSvc/Update`); key and navigation access count under the entity set. Requests
  /// refused for auth, and injected faults, are not counted.
  public var requestCounts: [String: Int] {
    withStore { _ in counts }
  }

  /// The count for one path, 0 when none.
  public func requestCount(_ path: String) -> Int {
    requestCounts[path] ?? 0
  }

  /// Sets every request count back to zero.
  public func resetRequestCounts() {
    withStore { _ in counts.removeAll() }
  }

  /// Moves the sandbox clock by `seconds` (negative moves it back): tokens expire and new
  /// writes get later `ChangeDate`s without waiting.
  public func advanceClock(by seconds: Double) {
    clock.advance(by: seconds)
  }

  /// The sandbox's current time.
  public var now: Date { clock.now.date }

  /// The highest `SysRevID` given out so far.
  public var currentSysRevID: Int {
    withStore { $0.revision }
  }

  /// What the fault injector has done so far.
  public var faultCounts: FaultCounts { faults.counts }

  /// Replaces the fault plan mid-run (reseeded from `seed`, the plan's seed, or 0).
  public func setFaults(_ plan: FaultPlan, seed: UInt64? = nil) {
    faults.update(plan: plan, seed: seed)
  }

  private func withStore<T>(_ body: (EpicorStore) throws -> T) rethrows -> T {
    storeLock.lock()
    defer { storeLock.unlock() }
    return try body(store)
  }

  private func keyValues(_ schema: EpicorTableSchema, _ key: [String]) throws -> [EpicorValue] {
    let fields = schema.keyWithoutCompany
    guard fields.count == key.count else {
      throw EpicorSandboxError("\(schema.name) keys are \(fields.map { schema.fields[$0].name }) (without Company); got \(key)")
    }
    var values: [EpicorValue] = [.string(company)]
    for (index, text) in zip(fields, key) {
      let field = schema.fields[index]
      let json: SandboxJSON = field.type == .int || field.type == .decimal ? .number(text) : field.type == .bool ? .bool(text == "true") : .string(text)
      do {
        values.append(try field.type.coerce(json, path: field.name))
      } catch {
        throw EpicorSandboxError("key value '\(text)' is not a valid \(field.name)")
      }
    }
    return values
  }

  private static func describe(_ table: EpicorTable, _ position: Int) -> [String: String] {
    var result: [String: String] = [:]
    for (index, field) in table.schema.fields.enumerated() {
      result[field.name] = table.value(table.rows[position], index).text
    }
    return result
  }
}
