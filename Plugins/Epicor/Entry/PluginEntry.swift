import Epicor
import MLCPluginKit

/// The one symbol `libmlc-epicor.so` exports: the host calls it with its ABI version and
/// gets the Epicor connector's descriptor (or NULL for another ABI major).
@_cdecl("mlc_plugin_entry")
public func mlc_plugin_entry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
  PluginExport.entry(EpicorConnector.self, hostMajor: major, hostMinor: minor)
}
