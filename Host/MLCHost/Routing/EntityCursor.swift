/// Where one entity's read stands during a run: the mark the state holds, the mark the
/// records admitted so far reach, and the last cursor the source emitted.
///
/// `admit` drops what was already delivered and checks the source's order; `stamp` writes
/// the mark into a page's commit; `committed` makes it the stored mark once that commit
/// went through. The mark moves only when a whole page checks out, so after an error it
/// still describes exactly what was delivered or gathered.
struct EntityCursor {
  let flow: String
  let entity: String
  /// The source connection, for messages.
  let source: String
  private(set) var stored: CursorMark?
  private(set) var mark: CursorMark?
  private var previous: String?

  init(flow: String, entity: String, source: String, stored: CursorMark?) {
    self.flow = flow
    self.entity = entity
    self.source = source
    self.stored = stored
    mark = stored
  }

  /// The indices of `page`'s records not delivered yet, and how many were dropped as
  /// already delivered (ties at the mark). Throws `RunError` when the source broke cursor
  /// order; the mark is then unchanged.
  mutating func admit(_ page: RecordPage) throws -> (kept: [Int], alreadyDelivered: Int) {
    var pageMark = mark
    var previous = self.previous
    var kept: [Int] = []
    kept.reserveCapacity(page.count)
    for index in 0..<page.count {
      let envelope = page.envelopes[index]
      // RecordPage admits only records with a key and a cursor value.
      let cursor = envelope.cursorValue ?? "", key = envelope.key ?? ""
      if let previous, CursorOrder.compare(cursor, previous) < 0 {
        throw RunError("connection \"\(source)\" emitted \(entity) out of cursor order: record \"\(key)\" has cursor \"\(cursor)\" after \"\(previous)\"; a source must emit records in non-decreasing cursor order")
      }
      previous = cursor
      if let current = pageMark, !current.admits(cursor: cursor, key: key) { continue }
      kept.append(index)
      if pageMark == nil { pageMark = CursorMark(value: cursor, ties: [key]) } else { pageMark?.advance(cursor: cursor, key: key) }
    }
    mark = pageMark
    self.previous = previous
    return (kept, page.count - kept.count)
  }

  /// Writes the mark reached so far into `commit`: the new value, and the ties to add (all
  /// of them when the value moved, so the stored ties are replaced).
  func stamp(_ commit: inout PageCommit) {
    guard let mark else { return }
    commit.cursorValue = mark.value
    if mark.value != stored?.value {
      commit.resetTies = true
      commit.addedTies = Array(mark.ties)
    } else {
      commit.addedTies = Array(mark.ties.subtracting(stored?.ties ?? []))
    }
  }

  /// Records that the commit `stamp` wrote into went through.
  mutating func committed() {
    stored = mark
  }
}
