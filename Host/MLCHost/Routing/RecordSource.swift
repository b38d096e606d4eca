/// What the router reads records from: a source connection. `PluginInstance` is the real
/// one; router tests use in-memory doubles, so they need no compiled connector.
protocol RecordSource: AnyObject {
  /// The connection's name, for messages.
  var connectionName: String { get }
  /// Starts reading `entity` from `since` (nil: everything), about `pageSize` records a page.
  func openReader(entity: String, since: String?, pageSize: Int, full: Bool) throws -> any PageReader
  /// HTTP work the connection did so far, when it makes HTTP calls.
  var traffic: HTTPTraffic? { get }
}

/// One open read of one entity. Calls come one at a time; `close` exactly once, also after
/// an error.
protocol PageReader: AnyObject {
  var entity: String { get }
  /// Fills `page` with the next page (after `page.reset`). Returns true when nothing follows.
  func next(into page: RecordPage) throws -> Bool
  func close()
}
