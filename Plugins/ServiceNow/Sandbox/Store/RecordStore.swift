import Foundation
import MLCSandboxKit

/// Every table of the sandbox instance and the platform behaviour of writing to them:
/// sys_ids, auto-numbers, `sys_created_on`/`sys_updated_on`/`sys_mod_count`.
///
/// Not thread-safe on its own: the sandbox's `ServiceNowState` holds the one lock every
/// reader and writer takes. sys_ids come from a `SplitMix64` seeded with the sandbox seed, so
/// the same seed and the same requests give the same sys_ids on every run.
final class RecordStore {
  let clock: ServiceNowClock
  private var tables: [String: Table] = [:]
  private var ids: SplitMix64
  private var counters: [String: Int] = [:]

  /// Creates empty tables for `schemas`.
  init(schemas: [TableSchema], seed: UInt64, clock: ServiceNowClock) {
    self.clock = clock
    ids = SplitMix64(seed: seed ^ 0x5345_5256_4943_454E)
    for schema in schemas { tables[schema.name] = Table(schema: schema) }
  }

  /// The table named `name`, if the instance has it.
  func table(_ name: String) -> Table? { tables[name] }

  /// The schema of `name`, if the instance has that table.
  func schema(_ name: String) -> TableSchema? { tables[name]?.schema }

  /// Every table name, sorted.
  var tableNames: [String] { tables.keys.sorted() }

  /// The row `sysID` of `table`, if both exist.
  func row(_ table: String, _ sysID: String) -> Row? { tables[table]?.row(sysID) }

  /// A fresh sys_id: 32 lower-case hex digits, like every platform sys_id.
  func newSysID() -> String {
    hex(ids.next()) + hex(ids.next())
  }

  /// The next auto-number with `prefix`: `PO0001001`, then `PO0001002`; import sets start at
  /// `ISET0010001` as in the Import Set API doc example.
  func nextNumber(_ prefix: String) -> String {
    let value = counters[prefix] ?? (prefix == "ISET" ? 10001 : 1001)
    counters[prefix] = value + 1
    let digits = String(value)
    return prefix + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
  }

  /// Inserts a row into `table` and returns it as stored, every column present.
  ///
  /// Unknown columns are dropped, as the Table API ignores them. A caller-supplied `sys_id` is
  /// kept when it is 32 hex digits and unused (the platform allows setting sys_id on insert);
  /// system timestamps come from the clock unless `keepingTimestamps` (seed data only).
  @discardableResult
  func insert(_ table: String, _ values: Row, user: String, keepingTimestamps: Bool = false) -> Row? {
    guard let target = tables[table] else { return nil }
    let schema = target.schema
    var row = Row(minimumCapacity: schema.columns.count)
    for column in schema.columns { row[column.name] = values[column.name] ?? "" }
    let requested = values["sys_id"]?.lowercased() ?? ""
    row["sys_id"] = RecordStore.isSysID(requested) && target.row(requested) == nil ? requested : newSysID()
    if let prefix = schema.numberPrefix, schema.has("number"), row["number"]?.isEmpty != false {
      row["number"] = nextNumber(prefix)
    }
    let now = GlideDateTime.format(clock.now)
    if !keepingTimestamps || row["sys_created_on"]?.isEmpty != false { row["sys_created_on"] = now }
    if !keepingTimestamps || row["sys_updated_on"]?.isEmpty != false { row["sys_updated_on"] = row["sys_created_on"] }
    if !keepingTimestamps || row["sys_created_by"]?.isEmpty != false { row["sys_created_by"] = user }
    if !keepingTimestamps || row["sys_updated_by"]?.isEmpty != false { row["sys_updated_by"] = user }
    if !keepingTimestamps || row["sys_mod_count"]?.isEmpty != false { row["sys_mod_count"] = "0" }
    target.insert(row)
    return row
  }

  /// Applies `changes` to row `sysID` of `table` and returns the row as stored.
  ///
  /// Unknown columns and system columns are ignored. When nothing actually changes, the row
  /// is returned untouched: the platform does not bump `sys_mod_count` for a no-op update.
  @discardableResult
  func update(_ table: String, _ sysID: String, _ changes: Row, user: String) -> Row? {
    guard let target = tables[table], var row = target.row(sysID) else { return nil }
    var changed = false
    for (name, value) in changes where isWritable(name, in: target.schema) {
      if row[name] != value {
        row[name] = value
        changed = true
      }
    }
    guard changed else { return row }
    row["sys_updated_on"] = GlideDateTime.format(clock.now)
    row["sys_updated_by"] = user
    row["sys_mod_count"] = String((Int(row["sys_mod_count"] ?? "0") ?? 0) + 1)
    target.replace(sysID, with: row)
    return row
  }

  /// Deletes row `sysID` of `table`; returns whether it existed.
  @discardableResult
  func delete(_ table: String, _ sysID: String) -> Bool {
    tables[table]?.delete(sysID) ?? false
  }

  /// Whether `text` looks like a sys_id.
  static func isSysID(_ text: String) -> Bool {
    text.utf8.count == 32 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
  }

  /// Whether an update may set `name`: any known non-system column, plus the `sys_import_*`
  /// columns of staging tables, which the transform writes.
  private func isWritable(_ name: String, in schema: TableSchema) -> Bool {
    guard schema.has(name) else { return false }
    return !name.hasPrefix("sys_") || TableSchema.importRowColumns.contains { $0.name == name }
  }

  /// `value` as 16 lower-case hex digits.
  private func hex(_ value: UInt64) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: 16 - text.count) + text
  }
}
