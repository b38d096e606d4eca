import Foundation

/// Answers a sink's `lookup` from the id map of the flow it writes for.
final class IdMapLookup: TargetKeyLookup, @unchecked Sendable {
  private let state: StateStore
  private let flow: String
  private let lock = NSLock()

  init(state: StateStore, flow: String) {
    self.state = state
    self.flow = flow
  }

  func targetKey(entity: String, sourceKey: String) throws -> String? {
    try lock.withLock {
      var key: String?
      try state.database.query("SELECT target_key FROM id_map WHERE flow = ? AND entity = ? AND source_key = ?",
                               [.text(flow), .text(entity), .text(sourceKey)]) { row in key = row.string(0) }
      return key
    }
  }
}
