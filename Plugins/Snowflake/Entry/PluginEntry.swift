import MLCPluginKit
import Snowflake

/// The one symbol `libmlc-snowflake.so` exports: the host calls it with its ABI version and
/// index 0, 1, ... and gets the Snowflake connector's descriptor at index 0 (NULL past it, or for
/// another ABI major).
@_cdecl("mlc_plugin_entry")
public func mlc_plugin_entry(_ major: UInt32, _ minor: UInt32, _ index: UInt32) -> UnsafeRawPointer? {
  PluginExport.entry(SnowflakeConnector.self, hostMajor: major, hostMinor: minor, index: index)
}
