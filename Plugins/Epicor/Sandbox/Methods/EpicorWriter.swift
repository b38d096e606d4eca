import Foundation
import MLCSandboxKit

/// Applies row writes the way Epicor's `Update`/`UpdateExt` do: `RowMod` "A" adds a row
/// (defaults, then the client's columns, then business rules), "U" changes the row with the
/// same key, "D" deletes it, "" leaves it alone [RowMod convention: V EPI-DOCS for "U", U for
/// "A"; both are how every Epicor client writes].
///
/// Server-managed columns (`SysRevID`, `SysRowID`, `ChangeDate`, `ChangedBy`, `RowMod`) are
/// never taken from the client. A "U" row whose `SysRevID` differs from the stored one fails
/// as Epicor's optimistic concurrency check does ("Row has been modified by another user") [U
/// text]. Unknown columns are ignored in method tablesets (Newtonsoft's default) and rejected
/// in entity-set bodies (OData's).
struct EpicorWriter {
  let store: EpicorStore
  let user: String
  let now: SandboxDateTime

  private static let serverManaged: Set<String> = ["SysRevID", "SysRowID", "ChangeDate", "ChangedBy", "RowMod", "ChangedOn"]

  /// Adds a row from the client's columns; returns the stored row.
  @discardableResult
  func add(_ tableName: String, _ members: [SandboxJSON.Member], path: String, strict: Bool = false) throws -> EpicorRecord {
    let schema = store.table(tableName).schema
    var record = EpicorRecord(schema, company: store.company)
    try overlay(&record, members, path: path, strict: strict)
    try EpicorRules(writer: self).prepareNew(&record)
    let stored = try store.insert(tableName, record.values, user: user, now: now)
    let result = EpicorRecord(schema, values: stored)
    try EpicorRules(writer: self).afterWrite(result)
    return result
  }

  /// Changes the row whose key the members carry; returns the stored row.
  @discardableResult
  func change(_ tableName: String, _ members: [SandboxJSON.Member], path: String, strict: Bool = false,
              key explicitKey: [EpicorValue]? = nil) throws -> EpicorRecord {
    let table = store.table(tableName)
    let schema = table.schema
    var probe = EpicorRecord(schema, company: store.company)
    try overlay(&probe, members, path: path, strict: strict)
    let key = explicitKey ?? probe.key
    guard let position = table.position(forKey: key) else { throw EpicorError.recordNotFound(tableName) }
    var record = EpicorRecord(schema, values: table.rows[position].values)
    if let sent = members.last(where: { $0.key == "SysRevID" })?.value.intValue, sent != 0, sent != record.int("SysRevID") {
      throw EpicorError.validation("Row has been modified by another user and couldn't be updated.", table: tableName, field: "SysRevID")
    }
    try overlay(&record, members.filter { member in !schema.key.contains { schema.fields[$0].name == member.key } },
                path: path, strict: strict)
    try EpicorRules(writer: self).prepareChange(&record)
    let stored = store.update(tableName, at: position, record.values, user: user, now: now)
    let result = EpicorRecord(schema, values: stored)
    try EpicorRules(writer: self).afterWrite(result)
    return result
  }

  /// Deletes the row with `key`.
  func remove(_ tableName: String, key: [EpicorValue]) throws {
    let table = store.table(tableName)
    guard let position = table.position(forKey: key) else { throw EpicorError.recordNotFound(tableName) }
    let record = EpicorRecord(table.schema, values: table.rows[position].values)
    try EpicorRules(writer: self).prepareDelete(record)
    store.delete(tableName, at: table.position(forKey: key) ?? position)
    try EpicorRules(writer: self).afterWrite(record, deleted: true)
  }

  /// Stores a recomputed row (a parent's totals) as a write of its own.
  func rewrite(_ record: EpicorRecord) {
    let table = store.table(record.schema.name)
    guard let position = table.position(forKey: record.key) else { return }
    guard table.rows[position].values != record.values else { return }
    store.update(record.schema.name, at: position, record.values, user: user, now: now)
  }

  /// The stored row of `tableName` with `key`.
  func find(_ tableName: String, _ key: [EpicorValue]) -> EpicorRecord? {
    store.row(tableName, key: key).map { EpicorRecord(store.table(tableName).schema, values: $0) }
  }

  /// The stored rows of `tableName` whose `fields` equal `values`, in key order.
  func children(_ tableName: String, where fields: [String], equal values: [EpicorValue]) -> [EpicorRecord] {
    let table = store.table(tableName)
    let positions = table.positions(where: fields.map { table.schema.position(of: $0)! }, equal: values)
    return positions.map { EpicorRecord(table.schema, values: table.rows[$0].values) }
  }

  /// Copies the client's columns into `record`, converting types (400 on a bad value).
  private func overlay(_ record: inout EpicorRecord, _ members: [SandboxJSON.Member], path: String, strict: Bool) throws {
    for member in members {
      guard let index = record.schema.position(of: member.key) else {
        if strict && !member.key.hasPrefix("@") && !member.key.contains("odata.") {
          throw EpicorError.odata("The property '\(member.key)' does not exist on type '\(record.schema.typeName)'. Make sure to only use property names that are defined by the type.")
        }
        continue
      }
      if Self.serverManaged.contains(member.key) { continue }
      record.values[index] = try record.schema.fields[index].type.coerce(member.value, path: "\(path).\(member.key)")
    }
  }
}
