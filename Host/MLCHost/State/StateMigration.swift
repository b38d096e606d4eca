/// Brings a state database written by an older `mlc` to the current `StateSchema`, in one
/// transaction, before the schema's statements run: a crash mid-way leaves the old shape.
enum StateMigration {
  /// Readies `database` for the current schema: refuses one written by a newer `mlc`
  /// (rather than write rows it would misread) and migrates an older one. A fresh database
  /// (no `meta` table yet) needs nothing.
  static func prepare(_ database: SQLite) throws {
    guard let version = try recordedVersion(database), version != StateSchema.version else { return }
    if version > StateSchema.version {
      throw StateError("\(database.path) was written by a newer mlc (state schema \(version), this build knows \(StateSchema.version)); run that version or restore a backup")
    }
    try database.transaction {
      if version < 2 { try streamsFromTextColumns(database) }
      if version < 3 { try vocabularyChecks(database) }
      try database.run("UPDATE meta SET value = ? WHERE key = 'schema_version'", [.text(String(StateSchema.version))])
    }
  }

  private static func recordedVersion(_ database: SQLite) throws -> Int? {
    guard try hasTable("meta", database) else { return nil }
    var version: Int?
    try database.query("SELECT value FROM meta WHERE key = 'schema_version'") { row in version = row.string(0).flatMap { Int($0) } }
    return version
  }

  /// Version 1 kept `flow` and `entity` text in every audit and id-map row; version 2 keeps
  /// a `streams` id. Rows keep their ids, so audit ids users noted stay valid.
  private static func streamsFromTextColumns(_ database: SQLite) throws {
    for statement in [
      StateSchema.streams,
      "INSERT OR IGNORE INTO streams(flow, entity) SELECT flow, entity FROM audit UNION SELECT flow, entity FROM id_map",
      "DROP INDEX IF EXISTS audit_by_key",
      "ALTER TABLE audit RENAME TO audit_v1",
      "ALTER TABLE id_map RENAME TO id_map_v1",
    ] {
      try database.execute(statement)
    }
    for statement in [StateSchema.audit, StateSchema.auditByKey, StateSchema.idMap] {
      try database.execute(statement)
    }
    for statement in [
      """
      INSERT INTO audit(id, run_id, stream, source_key, target_key, outcome, message, attempts, cursor, at)
      SELECT a.id, a.run_id, s.id, a.source_key, a.target_key, a.outcome, a.message, a.attempts, a.cursor, a.at
      FROM audit_v1 a JOIN streams s ON s.flow = a.flow AND s.entity = a.entity
      """,
      """
      INSERT INTO id_map(stream, source_key, target_key, updated_at)
      SELECT s.id, m.source_key, m.target_key, m.updated_at
      FROM id_map_v1 m JOIN streams s ON s.flow = m.flow AND s.entity = m.entity
      """,
      "DROP TABLE audit_v1",
      "DROP TABLE id_map_v1",
    ] {
      try database.execute(statement)
    }
  }

  /// Version 3 names parked failures "dead_letter" (as the CLI always called them) and adds
  /// the run statuses "incomplete" and "outage"; SQLite cannot alter a CHECK, so both tables
  /// are rebuilt with their rows and ids.
  private static func vocabularyChecks(_ database: SQLite) throws {
    if try hasTable("runs", database) {
      for statement in ["ALTER TABLE runs RENAME TO runs_v2", StateSchema.runs, "INSERT INTO runs SELECT * FROM runs_v2",
                        "DROP TABLE runs_v2"] {
        try database.execute(statement)
      }
    }
    if try hasTable("parked", database) {
      for statement in [
        "ALTER TABLE parked RENAME TO parked_v2",
        StateSchema.parked,
        """
        INSERT INTO parked(id, flow, entity, source_key, kind, reason, payload, attempts, run_id, created_at, updated_at)
        SELECT id, flow, entity, source_key, CASE kind WHEN 'failed' THEN 'dead_letter' ELSE kind END, reason, payload,
               attempts, run_id, created_at, updated_at FROM parked_v2
        """,
        "DROP TABLE parked_v2",
      ] {
        try database.execute(statement)
      }
    }
  }

  private static func hasTable(_ name: String, _ database: SQLite) throws -> Bool {
    var found = false
    try database.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(name)]) { _ in found = true }
    return found
  }
}
