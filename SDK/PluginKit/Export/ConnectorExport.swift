import CMLCPlugin
import Foundation

/// Everything the C thunks need to know about one exported connector type: how to create
/// an instance, what it reads and writes, and its descriptor.
///
/// Created once per type by `ExportRegistry` and never freed: the host may hold the
/// descriptor and the manifest string for the life of the process.
final class ConnectorExport: @unchecked Sendable {
  /// The manifest as the connector declared it.
  let manifest: Manifest
  /// Entities `read_open` accepts.
  let reads: Set<String>
  /// Entities `write` accepts.
  let writes: Set<String>
  /// Creates an instance of the connector type from a config and the host's services.
  let make: (ConfigObject, PluginHost) throws -> any Connector
  /// The static descriptor `mlc_plugin_entry` returns, with the strdup'ed manifest.
  private(set) var descriptor: UnsafeMutablePointer<mlc_plugin_t>?

  init<C: Connector>(_ type: C.Type, manifest: Manifest) {
    self.manifest = manifest
    self.reads = Set(manifest.reads)
    self.writes = Set(manifest.writes)
    self.make = { config, host in try C(config: config, host: host) }
  }

  /// Allocates the descriptor, whose `open` is the thunk of `slot` and whose read and
  /// write functions are NULL when the type is not a `Source` or not a `Sink`.
  func makeDescriptor<C: Connector>(for type: C.Type, open: PluginThunks.OpenFunction) -> UnsafePointer<mlc_plugin_t>? {
    if let descriptor { return UnsafePointer(descriptor) }
    guard let manifestText = strdup(manifest.json()) else { return nil }
    let isSource = type is any Source.Type
    let isSink = type is any Sink.Type
    let descriptor = UnsafeMutablePointer<mlc_plugin_t>.allocate(capacity: 1)
    descriptor.initialize(to: mlc_plugin_t(
      struct_size: UInt32(MemoryLayout<mlc_plugin_t>.size),
      abi_major: UInt16(MLC_ABI_MAJOR),
      abi_minor: PluginExport.requiredHostMinor,
      manifest_json: UnsafePointer(manifestText),
      open: open,
      close: PluginThunks.close,
      check: PluginThunks.check,
      read_open: isSource ? PluginThunks.readOpen : nil,
      read_next: isSource ? PluginThunks.readNext : nil,
      read_close: isSource ? PluginThunks.readClose : nil,
      write: isSink ? PluginThunks.write : nil))
    self.descriptor = descriptor
    return UnsafePointer(descriptor)
  }
}
