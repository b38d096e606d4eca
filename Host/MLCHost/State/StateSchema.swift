/// The state database's tables. Each statement is idempotent, so opening a store creates
/// what is missing; `StateMigration` reshapes databases written by older versions first.
enum StateSchema {
  static let version = 3

  static let statements = [
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    runs,
    // The high-water mark per flow and entity: the last delivered cursor value...
    """
    CREATE TABLE IF NOT EXISTS cursors(
      flow TEXT NOT NULL, entity TEXT NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL,
      PRIMARY KEY(flow, entity))
    """,
    // ...and the keys already delivered at exactly that value, so ties are never skipped
    // nor delivered twice when the next read starts at >= value.
    """
    CREATE TABLE IF NOT EXISTS cursor_ties(
      flow TEXT NOT NULL, entity TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY(flow, entity, key)) WITHOUT ROWID
    """,
    streams, audit, auditByKey, idMap,
    parked,
    // Deployment mapping tables: a GL account to a cost center, a vendor code to a target id.
    """
    CREATE TABLE IF NOT EXISTS mappings(
      table_name TEXT NOT NULL, source_value TEXT NOT NULL, target_value TEXT NOT NULL,
      updated_at TEXT NOT NULL, PRIMARY KEY(table_name, source_value))
    """,
  ]

  // Tables `StateMigration` recreates are named. The CHECK lists are the enums' names.
  static let runs = """
    CREATE TABLE IF NOT EXISTS runs(
      id INTEGER PRIMARY KEY, flow TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
      kind TEXT NOT NULL DEFAULT 'sync' CHECK(kind IN ('sync','replay')),
      status TEXT NOT NULL CHECK(status IN (\(names(RunStatus.allCases)))),
      full INTEGER NOT NULL, pid INTEGER NOT NULL, summary TEXT, error TEXT)
    """
  // Records that did not land: dead letters (the target rejected them) and held records (an
  // unresolved reference). One row per record key; the payload is the source record to replay.
  static let parked = """
    CREATE TABLE IF NOT EXISTS parked(
      id INTEGER PRIMARY KEY, flow TEXT NOT NULL, entity TEXT NOT NULL, source_key TEXT NOT NULL,
      kind TEXT NOT NULL CHECK(kind IN (\(names(ParkedKind.allCases)))), reason TEXT NOT NULL, payload BLOB NOT NULL,
      attempts INTEGER NOT NULL, run_id INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
      UNIQUE(flow, entity, source_key))
    """

  private static func names<Names: Sequence>(_ cases: Names) -> String where Names.Element: RawRepresentable<String> {
    cases.map { "'\($0.rawValue)'" }.joined(separator: ",")
  }

  // The per-record tables, named because `StateMigration` recreates them. A stream is one
  // (flow, entity); audit and id-map rows carry its integer id rather than two strings,
  // which makes every per-record insert cheaper.
  static let streams = """
    CREATE TABLE IF NOT EXISTS streams(
      id INTEGER PRIMARY KEY, flow TEXT NOT NULL, entity TEXT NOT NULL, UNIQUE(flow, entity))
    """
  static let audit = """
    CREATE TABLE IF NOT EXISTS audit(
      id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, stream INTEGER NOT NULL REFERENCES streams(id),
      source_key TEXT NOT NULL, target_key TEXT, outcome TEXT NOT NULL, message TEXT,
      attempts INTEGER NOT NULL, cursor TEXT, at TEXT NOT NULL)
    """
  static let auditByKey = "CREATE INDEX IF NOT EXISTS audit_by_key ON audit(stream, source_key)"
  static let idMap = """
    CREATE TABLE IF NOT EXISTS id_map(
      stream INTEGER NOT NULL REFERENCES streams(id), source_key TEXT NOT NULL, target_key TEXT NOT NULL,
      updated_at TEXT NOT NULL, PRIMARY KEY(stream, source_key)) WITHOUT ROWID
    """
}
