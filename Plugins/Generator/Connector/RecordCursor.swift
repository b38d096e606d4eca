import MLCPluginKit

/// Where one read of one generated entity stands, and the walk to its next record, in
/// non-decreasing `updated_at` order.
///
/// The records of a read at epoch E come in segments: first epoch 0's records that never
/// changed since, in index order; then, for each epoch e = 1…E, the records whose latest
/// change is e, in index order. Every segment's timestamps lie after the previous one's
/// (see `Timeline`), so the whole read is ordered. `since` is applied per segment by
/// arithmetic or by counting change hashes; no record before it is ever built.
///
/// A non-copyable struct inside `GeneratorReader`, so the per-record bookkeeping needs no
/// exclusivity checks at run time (a class's stored properties get one per access).
struct RecordCursor: ~Copyable {
  private let entity: GeneratedEntity
  private let timeline: Timeline
  private var builder: RecordBuilder
  private let pageSize: Int
  private let since: Int64?
  private let count: Int

  /// The epoch whose changes are being walked (0 = the initial data).
  private var segment = 0
  /// The next index to examine in `segment`.
  private var index = 0
  /// How many records changed in `segment` (≥ 1) before `index`: the next one's rank.
  private var rank = 0
  /// The next record to emit, found one step ahead so a page can report `done`.
  private var upcoming: (index: Int, version: Int, updatedAt: Int64)?

  /// Positions the read at the first record whose `updated_at` is at or after `since`
  /// (Unix seconds, rounded up), or at the very first record.
  init(entity: GeneratedEntity, world: GeneratorWorld, texts: RecordTexts, pageSize: Int, since: Int64?) {
    self.entity = entity
    self.timeline = world.timeline
    self.builder = RecordBuilder(world: world, texts: texts)
    self.pageSize = max(pageSize, 1)
    self.since = since
    self.count = world.config.count(entity)
    enter(segment: 0)
    advance()
  }

  /// Emits up to `pageSize` records and returns true when none follows.
  mutating func nextPage(into emitter: RecordEmitter) throws -> Bool {
    while emitter.count < pageSize, let record = upcoming {
      builder.build(entity, index: record.index, version: record.version, updatedAt: record.updatedAt)
      try emitter.emit(builder.writer)
      advance()
    }
    return upcoming == nil
  }

  /// Starts walking epoch `segment`'s records from where `since` says.
  private mutating func enter(segment: Int) {
    self.segment = segment
    (index, rank) = timeline.start(entity, epoch: segment, since: since)
  }

  /// Finds the next record to emit, or sets `upcoming` to nil at the end.
  private mutating func advance() {
    let lastEpoch = timeline.config.epoch
    while segment <= lastEpoch {
      while index < count {
        let candidate = index
        index += 1
        if segment == 0 {
          if lastEpoch == 0 || timeline.version(entity, candidate) == 0 {
            upcoming = (candidate, 0, timeline.timestamp(epoch: 0, rank: candidate))
            return
          }
        } else if timeline.changes(entity, candidate, in: segment) {
          let candidateRank = rank
          rank += 1
          if !timeline.changesAfter(entity, candidate, epoch: segment) {
            upcoming = (candidate, segment, timeline.timestamp(epoch: segment, rank: candidateRank))
            return
          }
        }
      }
      enter(segment: segment + 1)
    }
    upcoming = nil
  }
}
