/// A connector that turns push events (webhooks) into canonical records.
///
/// The manifest declares the routes (`Manifest.webhooks`); the host verifies each event's
/// signature, stores it durably, answers the sender, and later hands the stored event to
/// `decode`. Polling stays the source of truth: events make changes arrive sooner.
public protocol EventDecoder: Connector {
  /// Emits the canonical records `event` describes (zero or more). A thin event that only
  /// names an object may be enriched with `PluginHost.http`. Throw `PluginError.retry` to
  /// be asked again later (the event stays stored), `PluginError.fatal` when the event can
  /// never be decoded (the host keeps it as a dead letter with the message).
  func decode(_ event: PushEvent, into emitter: RecordEmitter) throws
}
