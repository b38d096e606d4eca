import CMLCPlugin
import Foundation

/// One exported connector type: how to create an instance, what it reads and writes, and
/// the static descriptor `mlc_plugin_entry` hands the host.
///
/// The descriptor's `plugin_data` points back at this export, so the single `open` thunk
/// finds the Swift type from the `self` descriptor the host passes in: any number of types
/// can be exported from one library with no per-type C function. Created once per type and
/// never freed: the host may hold the descriptor and the manifest string for the life of
/// the process.
final class ConnectorExport: @unchecked Sendable {
  /// The manifest as the connector declared it.
  let manifest: Manifest
  /// Entities `read_open` accepts.
  let reads: Set<String>
  /// Entities `write` accepts.
  let writes: Set<String>
  /// Routes `decode_event` accepts.
  let routes: Set<String>
  /// Creates an instance of the connector type from a config and the host's services.
  let make: (ConfigObject, PluginHost) throws -> any Connector
  /// The static descriptor, with the strdup'ed manifest.
  private(set) var descriptor: UnsafePointer<mlc_plugin_t>!

  /// Builds the export and its descriptor, or throws when the manifest is unusable.
  init<C: Connector>(_ type: C.Type) throws {
    let manifest = C.manifest
    if let problem = manifest.problem() {
      throw PluginExport.Refusal(description: "\(C.self): \(problem)")
    }
    let isSource = type is any Source.Type
    let isSink = type is any Sink.Type
    let decodes = type is any EventDecoder.Type
    if !manifest.webhooks.isEmpty && !decodes {
      throw PluginExport.Refusal(description: "\(C.self): the manifest declares webhooks but the type is not an EventDecoder")
    }
    self.manifest = manifest
    reads = Set(manifest.reads)
    writes = Set(manifest.writes)
    routes = Set(manifest.webhooks.map(\.route))
    make = { config, host in try C(config: config, host: host) }
    guard let manifestText = strdup(manifest.json()) else {
      throw PluginExport.Refusal(description: "\(C.self): out of memory building the descriptor")
    }
    let descriptor = UnsafeMutablePointer<mlc_plugin_t>.allocate(capacity: 1)
    descriptor.initialize(to: mlc_plugin_t(
      struct_size: UInt32(MemoryLayout<mlc_plugin_t>.size),
      abi_major: UInt16(MLC_ABI_MAJOR),
      abi_minor: PluginExport.requiredHostMinor,
      manifest_json: UnsafePointer(manifestText),
      plugin_data: Unmanaged.passUnretained(self).toOpaque(),
      open: PluginThunks.open,
      close: PluginThunks.close,
      check: PluginThunks.check,
      read_open: isSource ? PluginThunks.readOpen : nil,
      read_next: isSource ? PluginThunks.readNext : nil,
      read_close: isSource ? PluginThunks.readClose : nil,
      write: isSink ? PluginThunks.write : nil,
      decode_event: decodes ? PluginThunks.decodeEvent : nil))
    self.descriptor = UnsafePointer(descriptor)
  }

  /// The export a descriptor passed back by the host belongs to, or nil when its
  /// `plugin_data` is not one of ours.
  static func from(_ descriptor: UnsafePointer<mlc_plugin_t>) -> ConnectorExport? {
    guard let data = CStructView(descriptor).load(\.plugin_data) ?? nil else { return nil }
    return Unmanaged<ConnectorExport>.fromOpaque(data).takeUnretainedValue()
  }
}
