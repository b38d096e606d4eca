import Foundation
import Glibc

/// The host's durable state in `<state_dir>/state.db` (SQLite, WAL): runs, cursors, audit,
/// id map and parked records. One store per process; not thread-safe.
final class StateStore {
  let directory: String
  let database: SQLite
  /// Stream ids by (flow, entity); ids never change once created.
  private var streamIDs: [StreamName: Int64] = [:]

  private struct StreamName: Hashable {
    let flow: String
    let entity: String
  }

  /// Opens (creating) the store; the directory is created 0700 because it holds secrets.
  init(directory: String) throws {
    self.directory = directory
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                              attributes: [.posixPermissions: 0o700])
    } catch {
      throw StateError("cannot create the state directory \(directory): \((error as NSError).localizedDescription)")
    }
    database = try SQLite(path: URL(fileURLWithPath: directory).appendingPathComponent("state.db").path)
    try StateMigration.prepare(database)
    try database.transaction {
      for statement in StateSchema.statements { try database.execute(statement) }
      try database.run("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", [.text(String(StateSchema.version))])
    }
  }

  // MARK: Runs

  /// Starts a run record; earlier runs of the flow still marked running died with their
  /// process (the flow lock guarantees that) and are marked interrupted.
  func beginRun(flow: String, full: Bool, kind: RunKind = .sync) throws -> Int64 {
    try database.transaction {
      try database.run("UPDATE runs SET status = 'interrupted', finished_at = ? WHERE flow = ? AND status = 'running'",
                       [.text(Timestamp.now()), .text(flow)])
      try database.run("INSERT INTO runs(flow, kind, started_at, status, full, pid) VALUES (?, ?, ?, 'running', ?, ?)",
                       [.text(flow), .text(kind.rawValue), .text(Timestamp.now()), .integer(full ? 1 : 0), .integer(Int64(getpid()))])
      return database.lastInsertRowID
    }
  }

  func finishRun(id: Int64, status: RunStatus, summary: String, error: String?) throws {
    try database.run("UPDATE runs SET status = ?, finished_at = ?, summary = ?, error = ? WHERE id = ?",
                     [.text(status.rawValue), .text(Timestamp.now()), .text(summary),
                      error.map { .text($0) } ?? .null, .integer(id)])
  }

  // MARK: Cursors

  /// The stored high-water mark of a flow's entity, with the keys delivered at that value.
  func cursor(flow: String, entity: String) throws -> CursorMark? {
    var value: String?
    try database.query("SELECT value FROM cursors WHERE flow = ? AND entity = ?", [.text(flow), .text(entity)]) { row in
      value = row.string(0)
    }
    guard let value else { return nil }
    var ties = Set<String>()
    try database.query("SELECT key FROM cursor_ties WHERE flow = ? AND entity = ?", [.text(flow), .text(entity)]) { row in
      if let key = row.string(0) { ties.insert(key) }
    }
    return CursorMark(value: value, ties: ties)
  }

  // MARK: Streams

  /// The id of a flow's entity in the per-record tables, created on first use.
  func streamID(flow: String, entity: String) throws -> Int64 {
    let name = StreamName(flow: flow, entity: entity)
    if let id = streamIDs[name] { return id }
    try database.run("INSERT OR IGNORE INTO streams(flow, entity) VALUES (?, ?)", [.text(flow), .text(entity)])
    var id: Int64?
    try database.query("SELECT id FROM streams WHERE flow = ? AND entity = ?", [.text(flow), .text(entity)]) { row in
      id = row.int(0)
    }
    guard let id else { throw StateError("stream \(flow)/\(entity) vanished from \(database.path) while in use") }
    streamIDs[name] = id
    return id
  }

  // MARK: Pages

  /// Commits one page atomically: audit rows, id map, parked records and the cursor.
  func commit(_ page: PageCommit) throws {
    let now = Timestamp.now()
    let stream = try streamID(flow: page.flow, entity: page.entity)
    try database.transaction {
      let deliveries = page.deliveries
      try database.insertRows(
        head: "INSERT INTO audit(run_id, stream, source_key, target_key, outcome, message, attempts, cursor, at)",
        columns: 9, rows: deliveries.count
      ) { insert, row, first in
        let delivery = deliveries[row]
        insert.bind(first, page.runID)
        insert.bind(first + 1, stream)
        insert.bind(first + 2, delivery.sourceKey)
        if delivery.targetKey.isEmpty { insert.bindNull(first + 3) } else { insert.bind(first + 3, delivery.targetKey) }
        insert.bind(first + 4, delivery.outcome.name)
        if delivery.message.isEmpty { insert.bindNull(first + 5) } else { insert.bind(first + 5, delivery.message) }
        insert.bind(first + 6, Int64(delivery.attempts))
        insert.bind(first + 7, delivery.cursor)
        insert.bind(first + 8, now)
      }
      // Most pages have nothing parked for their entity; skip the per-record delete then.
      var anyParked = false
      try database.query("SELECT EXISTS(SELECT 1 FROM parked WHERE flow = ? AND entity = ?)",
                         [.text(page.flow), .text(page.entity)]) { row in anyParked = row.int(0) != 0 }
      let mapped = deliveries.filter { $0.outcome.landed && !$0.targetKey.isEmpty }
      try database.insertRows(
        head: "INSERT INTO id_map(stream, source_key, target_key, updated_at)", columns: 4,
        tail: "ON CONFLICT(stream, source_key) DO UPDATE SET target_key = excluded.target_key, updated_at = excluded.updated_at",
        rows: mapped.count
      ) { upsert, row, first in
        upsert.bind(first, stream)
        upsert.bind(first + 1, mapped[row].sourceKey)
        upsert.bind(first + 2, mapped[row].targetKey)
        upsert.bind(first + 3, now)
      }
      for delivery in page.deliveries {
        if let kind = ParkedKind(delivery.outcome) {
          try database.run(
            """
            INSERT INTO parked(flow, entity, source_key, kind, reason, payload, attempts, run_id, created_at, updated_at)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            ON CONFLICT(flow, entity, source_key) DO UPDATE SET kind = excluded.kind, reason = excluded.reason,
              payload = excluded.payload, attempts = parked.attempts + 1, run_id = excluded.run_id,
              updated_at = excluded.updated_at
            """,
            [.text(page.flow), .text(page.entity), .text(delivery.sourceKey), .text(kind.rawValue),
             .text(delivery.message), .blob(Array(delivery.payload ?? [])), .integer(Int64(delivery.attempts)),
             .integer(page.runID), .text(now), .text(now)])
        } else if delivery.outcome.landed {
          // A newer version landed: an older parked copy of this record is obsolete.
          if anyParked {
            try database.run("DELETE FROM parked WHERE flow = ? AND entity = ? AND source_key = ?",
                             [.text(page.flow), .text(page.entity), .text(delivery.sourceKey)])
          }
        }
      }
      for seed in page.mappingSeeds {
        try database.run("INSERT OR IGNORE INTO mappings(table_name, source_value, target_value, updated_at) VALUES (?,?,?,?)",
                         [.text(seed.table), .text(seed.source), .text(seed.target), .text(now)])
      }
      if let value = page.cursorValue {
        try database.run(
          "INSERT INTO cursors(flow, entity, value, updated_at) VALUES (?,?,?,?) ON CONFLICT(flow, entity) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
          [.text(page.flow), .text(page.entity), .text(value), .text(now)])
        if page.resetTies {
          try database.run("DELETE FROM cursor_ties WHERE flow = ? AND entity = ?", [.text(page.flow), .text(page.entity)])
        }
        try database.withStatement("INSERT OR IGNORE INTO cursor_ties(flow, entity, key) VALUES (?,?,?)") { insert in
          for key in page.addedTies {
            insert.bind(1, page.flow)
            insert.bind(2, page.entity)
            insert.bind(3, key)
            try insert.step()
          }
        }
      }
    }
  }
}

extension StateStore {
  /// One record that did not land, as kept for replay.
  struct ParkedRecord {
    let id: Int64
    let flow: String
    let entity: String
    let sourceKey: String
    let kind: ParkedKind
    let reason: String
    let payload: [UInt8]
    let attempts: Int64
    let updatedAt: String

    /// The record as `mlc dead-letters --json` and `mlc held --json` show it; `payload` is
    /// the source record as it was read (a JSON object), so a script can inspect or fix it.
    var json: [String: Any] {
      ["id": id, "flow": flow, "entity": entity, "source_key": sourceKey, "kind": kind.rawValue, "reason": reason,
       "attempts": attempts, "updated_at": updatedAt,
       "payload": (try? JSONSerialization.jsonObject(with: Data(payload))) ?? String(decoding: payload, as: UTF8.self)]
    }
  }

  /// Parked records matching the filters, oldest first.
  func parked(flow: String? = nil, kind: ParkedKind? = nil, entity: String? = nil, id: Int64? = nil) throws -> [ParkedRecord] {
    var conditions: [String] = []
    var bindings: [SQLite.Value] = []
    for (column, value) in [("flow", flow), ("kind", kind?.rawValue), ("entity", entity)] {
      if let value { conditions.append("\(column) = ?"); bindings.append(.text(value)) }
    }
    if let id { conditions.append("id = ?"); bindings.append(.integer(id)) }
    var sql = "SELECT id, flow, entity, source_key, kind, reason, payload, attempts, updated_at FROM parked"
    if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
    sql += " ORDER BY id"
    var records: [ParkedRecord] = []
    try database.query(sql, bindings) { row in
      records.append(ParkedRecord(id: row.int(0), flow: row.string(1) ?? "", entity: row.string(2) ?? "",
                                  sourceKey: row.string(3) ?? "", kind: ParkedKind(rawValue: row.string(4) ?? "") ?? .deadLetter,
                                  reason: row.string(5) ?? "",
                                  payload: row.blob(6), attempts: row.int(7), updatedAt: row.string(8) ?? ""))
    }
    return records
  }
}

/// A state-store problem that is not a SQLite error (paths, permissions, locks).
struct StateError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
