import Foundation

/// The deployment's mapping tables, kept in the state database and edited with `mlc map`.
/// Connectors read them through the `mapping` host service.
final class MappingStore: MappingLookup, @unchecked Sendable {
  struct Row: Equatable {
    let table: String
    let source: String
    let target: String
    let updatedAt: String
  }

  private let database: SQLite
  private let lock = NSLock()

  init(database: SQLite) {
    self.database = database
  }

  func value(table: String, from source: String) throws -> String? {
    try lock.withLock {
      var target: String?
      try database.query("SELECT target_value FROM mappings WHERE table_name = ? AND source_value = ?",
                         [.text(table), .text(source)]) { row in target = row.string(0) }
      return target
    }
  }

  func set(table: String, source: String, target: String) throws {
    try Self.validate(table: table)
    _ = try lock.withLock {
      try database.run(
        "INSERT INTO mappings(table_name, source_value, target_value, updated_at) VALUES (?,?,?,?) ON CONFLICT(table_name, source_value) DO UPDATE SET target_value = excluded.target_value, updated_at = excluded.updated_at",
        [.text(table), .text(source), .text(target), .text(Timestamp.now())])
    }
  }

  /// Removes one mapping; returns false when there was none.
  func remove(table: String, source: String) throws -> Bool {
    try lock.withLock {
      try database.run("DELETE FROM mappings WHERE table_name = ? AND source_value = ?", [.text(table), .text(source)]) > 0
    }
  }

  func rows(table: String?) throws -> [Row] {
    try lock.withLock {
      var rows: [Row] = []
      let sql = "SELECT table_name, source_value, target_value, updated_at FROM mappings"
        + (table == nil ? "" : " WHERE table_name = ?") + " ORDER BY table_name, source_value"
      try database.query(sql, table.map { [.text($0)] } ?? []) { row in
        rows.append(Row(table: row.string(0) ?? "", source: row.string(1) ?? "", target: row.string(2) ?? "", updatedAt: row.string(3) ?? ""))
      }
      return rows
    }
  }

  /// Table names are identifiers people type: letters, digits, `_`, `-`, `.`.
  static func validate(table: String) throws {
    let allowed = table.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D || $0 == 0x2E }
    guard !table.isEmpty, table.utf8.count <= 64, allowed else {
      throw UsageError("mapping table name \"\(table)\" must be 1–64 letters, digits, '_', '-' or '.'")
    }
  }
}
