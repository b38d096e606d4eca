import MLCPluginKit
import ServiceNow

/// The one symbol `libmlc-servicenow.so` exports: the host calls it with its ABI version and
/// index 0, 1, ... and gets the ServiceNow connector's descriptor at index 0 (NULL past it, or for
/// another ABI major).
@_cdecl("mlc_plugin_entry")
public func mlc_plugin_entry(_ major: UInt32, _ minor: UInt32, _ index: UInt32) -> UnsafeRawPointer? {
  PluginExport.entry(ServiceNowConnector.self, hostMajor: major, hostMinor: minor, index: index)
}
