/// What a sink reported about one record: the outcome, the record's key in the target, and
/// why (for failed and held records). A named struct rather than a tuple, so arrays of it
/// need no run-time type lookup on the per-record path.
struct SinkResult: Equatable {
  var outcome: Outcome
  var targetKey = ""
  var message = ""
}
