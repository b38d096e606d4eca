import MLCPluginKit

/// What happened to one record the sink was given: the outcome, the record's key in Epicor
/// (`EPIC06/42`, empty when none) and, for failed and held records, why.
struct SinkResult {
  let outcome: Outcome
  let targetKey: String
  let message: String

  static func inserted(_ key: String) -> SinkResult { SinkResult(outcome: .inserted, targetKey: key, message: "") }
  static func updated(_ key: String, _ message: String = "") -> SinkResult {
    SinkResult(outcome: .updated, targetKey: key, message: message)
  }
  static func skipped(_ key: String, _ message: String) -> SinkResult {
    SinkResult(outcome: .skipped, targetKey: key, message: message)
  }
  static func failed(_ message: String, key: String = "") -> SinkResult {
    SinkResult(outcome: .failed, targetKey: key, message: message)
  }
  static func held(_ message: String) -> SinkResult { SinkResult(outcome: .held, targetKey: "", message: message) }
}
