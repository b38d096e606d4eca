/// What the opaque `instance` pointer of the C ABI holds: one connector instance, the
/// host table it was opened with, and its type's export.
///
/// Retained once at `open` (via `Unmanaged`) and released at `close`, which the header
/// guarantees comes after every other call on the instance has returned.
final class ConnectorInstance {
  let connector: any Connector
  let host: PluginHost
  let export: ConnectorExport
  /// The connector as a source, when it is one (cast once, not per call).
  let source: (any Source)?
  /// The connector as a sink, when it is one.
  let sink: (any Sink)?

  init(connector: any Connector, host: PluginHost, export: ConnectorExport) {
    self.connector = connector
    self.host = host
    self.export = export
    self.source = connector as? any Source
    self.sink = connector as? any Sink
  }

  /// The connector's manifest name, for messages.
  var name: String { export.manifest.name }

  /// The instance behind an opaque pointer the host passed back, or nil for NULL.
  static func from(_ pointer: UnsafeMutableRawPointer?) -> ConnectorInstance? {
    guard let pointer else { return nil }
    return Unmanaged<ConnectorInstance>.fromOpaque(pointer).takeUnretainedValue()
  }
}
