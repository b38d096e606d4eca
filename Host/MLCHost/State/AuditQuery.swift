/// A filtered read of the audit table, newest first.
struct AuditQuery {
  var flow: String?
  var entity: String?
  var key: String?
  var outcome: String?
  var run: Int64?
  /// 0 means no limit.
  var limit: Int = 100

  struct Row {
    let id: Int64
    let run: Int64
    let flow: String
    let entity: String
    let sourceKey: String
    let targetKey: String?
    let outcome: String
    let message: String?
    let attempts: Int64
    let cursor: String?
    let at: String

    var json: [String: Any] {
      var object: [String: Any] = [
        "id": id, "run": run, "flow": flow, "entity": entity, "source_key": sourceKey, "outcome": outcome,
        "attempts": attempts, "at": at,
      ]
      if let targetKey { object["target_key"] = targetKey }
      if let message { object["message"] = message }
      if let cursor { object["cursor"] = cursor }
      return object
    }
  }

  func rows(in state: StateStore) throws -> [Row] {
    var conditions: [String] = []
    var bindings: [SQLite.Value] = []
    for (column, value) in [("s.flow", flow), ("s.entity", entity), ("a.source_key", key), ("a.outcome", outcome)] {
      if let value { conditions.append("\(column) = ?"); bindings.append(.text(value)) }
    }
    if let run { conditions.append("a.run_id = ?"); bindings.append(.integer(run)) }
    var sql = """
      SELECT a.id, a.run_id, s.flow, s.entity, a.source_key, a.target_key, a.outcome, a.message, a.attempts, a.cursor, a.at
      FROM audit a JOIN streams s ON s.id = a.stream
      """
    if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
    sql += " ORDER BY a.id DESC"
    if limit > 0 { sql += " LIMIT \(limit)" }
    var rows: [Row] = []
    try state.database.query(sql, bindings) { row in
      rows.append(Row(id: row.int(0), run: row.int(1), flow: row.string(2) ?? "", entity: row.string(3) ?? "",
                      sourceKey: row.string(4) ?? "", targetKey: row.string(5), outcome: row.string(6) ?? "",
                      message: row.string(7), attempts: row.int(8), cursor: row.string(9), at: row.string(10) ?? ""))
    }
    return rows
  }
}
