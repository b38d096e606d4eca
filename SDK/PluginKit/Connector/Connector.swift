/// A connector: the Swift side of one `libmlc-<system>.so`. Conform to `Source`, `Sink` or
/// both, and export the type with one line:
///
/// ```swift
/// @_cdecl("mlc_plugin_entry")
/// public func mlc_plugin_entry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
///   PluginExport.entry(MyConnector.self, hostMajor: major, hostMinor: minor)
/// }
/// ```
///
/// The host creates one instance per connection (`open`) and frees it at `close`. Calls on
/// one instance come one at a time unless the manifest says `concurrent`. Every method runs
/// on a host thread that may block: call `PluginHost.http` synchronously. Throw
/// `PluginError` to choose the status the host sees; anything else thrown becomes a fatal
/// error with its description.
public protocol Connector: AnyObject {
  /// The connector's manifest, read once when the library is first loaded.
  static var manifest: Manifest { get }

  /// Creates an instance for one connection. Validate `config` here and throw
  /// `PluginError.config` naming the field when it is wrong; keep `host` for later calls.
  init(config: ConfigObject, host: PluginHost) throws

  /// Proves the connection works with one cheap authenticated call.
  func check() throws -> CheckReport
}
