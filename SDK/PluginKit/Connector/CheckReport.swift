/// What `Connector.check` proved about a connection, rendered as the
/// `{"ok":true,"detail":"…"}` object the host shows to the user.
///
/// A check that fails throws instead (a `PluginError` whose message says what to fix);
/// `ok: false` is for a connection that works but is not ready, e.g. a sandbox without data.
public struct CheckReport: Equatable, Sendable {
  /// Whether the connection is ready to use.
  public var ok: Bool
  /// One sentence on what was proved, e.g. "authenticated as api-user on company EPIC06".
  public var detail: String

  /// Creates a report.
  public init(ok: Bool = true, detail: String) {
    self.ok = ok
    self.detail = detail
  }

  /// The report as the JSON object the host expects.
  public func json() -> [UInt8] {
    var writer = JSONWriter(capacity: 64 + detail.utf8.count)
    writer.beginObject()
    writer.field("ok", bool: ok)
    writer.field("detail", detail)
    writer.endObject()
    return writer.bytes
  }
}
