/// A connector that writes records to its system.
public protocol Sink: Connector {
  /// Writes one batch of records of one entity and reports one outcome per record with
  /// `outcomes.report(index, …)`; a record left unreported counts as failed. Return
  /// normally once every record is reported (failed ones included); throw
  /// `PluginError.retry` only when nothing was written and the whole batch may be sent
  /// again. Writes must be idempotent: the host resends records after a crash. The kit
  /// has already checked that the manifest lists the entity under `writes`.
  func write(_ batch: WriteBatch, outcomes: OutcomeReporter) throws
}
