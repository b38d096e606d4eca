/// What the router writes records to: a sink connection. `PluginInstance` is the real one;
/// router tests use in-memory doubles.
protocol RecordSink: AnyObject {
  /// The connection's name, for messages.
  var connectionName: String { get }
  /// Writes `page`'s records and returns one result per record (unreported records are
  /// failures). Throws `PluginCallError` when the sink refused the whole batch.
  func write(_ page: RecordPage) throws -> [SinkResult]
  /// HTTP work the connection did so far, when it makes HTTP calls.
  var traffic: HTTPTraffic? { get }
}
