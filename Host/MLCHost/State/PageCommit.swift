/// Everything one page changes in the state, written in one transaction: what happened to
/// each record, where the cursor now stands, and which records are parked for replay.
struct PageCommit {
  struct Delivery {
    let sourceKey: String
    let cursor: String
    let outcome: Outcome
    let targetKey: String
    let message: String
    let attempts: Int
    /// The source record, kept when the record is parked (a dead letter or held).
    let payload: ArraySlice<UInt8>?
  }

  let runID: Int64
  let flow: String
  let entity: String
  var deliveries: [Delivery] = []
  /// The cursor after this page, or nil when the page delivered nothing new.
  var cursorValue: String?
  /// True when `cursorValue` differs from the stored one, so the stored ties are obsolete.
  var resetTies = false
  var addedTies: [String] = []
  /// Mapping rows derived from delivered records, inserted unless a row already exists.
  var mappingSeeds: [(table: String, source: String, target: String)] = []

  /// Adds what the sink said about `page`'s record at `index`: the message redacted, and the
  /// source bytes kept when the record did not land (so it can be replayed).
  mutating func record(_ result: SinkResult, of page: RecordPage, at index: Int, sourceKey: String, attempts: Int,
                       redact: (String) -> String) {
    deliveries.append(Delivery(
      sourceKey: sourceKey, cursor: page.envelopes[index].cursorValue ?? "", outcome: result.outcome,
      targetKey: result.targetKey, message: redact(result.message), attempts: attempts,
      payload: ParkedKind(result.outcome) == nil ? nil : page.bytes(at: index)))
  }
}
