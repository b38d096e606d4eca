import Foundation

/// Answers a sink's `lookup` from the id map of the flow it writes for.
///
/// Plugin threads call it while the router commits pages, so in a flow it gets a connection
/// of its own: it then sees committed pages only, and never shares a statement cache with
/// the router's thread.
final class IdMapLookup: TargetKeyLookup, @unchecked Sendable {
  private let database: SQLite
  private let flow: String
  private let lock = NSLock()

  init(database: SQLite, flow: String) {
    self.database = database
    self.flow = flow
  }

  func targetKey(entity: String, sourceKey: String) throws -> String? {
    try lock.withLock {
      var key: String?
      try database.query(
        "SELECT m.target_key FROM id_map m JOIN streams s ON s.id = m.stream WHERE s.flow = ? AND s.entity = ? AND m.source_key = ?",
        [.text(flow), .text(entity), .text(sourceKey)]) { row in key = row.string(0) }
      return key
    }
  }
}
