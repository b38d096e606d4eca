import CMLCPlugin

/// Turns a connector type into the C descriptor `mlc_plugin_entry` returns.
///
/// ```swift
/// @_cdecl("mlc_plugin_entry")
/// public func mlc_plugin_entry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
///   PluginExport.entry(GeneratorConnector.self, hostMajor: major, hostMinor: minor)
/// }
/// ```
public enum PluginExport {
  /// The lowest host ABI minor the kit needs (it uses only v1.0 services).
  static let requiredHostMinor: UInt16 = 0

  /// The static `mlc_plugin_t` for `type`, or nil when the host's ABI major is not the one
  /// this kit was built for. Built once per type and thread-safe, as the header requires
  /// of `mlc_plugin_entry` ([any-thread], may be called more than once). A type whose
  /// manifest is malformed is refused with a message on stderr, since there is no host
  /// table yet to report it to.
  public static func entry<C: Connector>(_ type: C.Type, hostMajor: UInt32, hostMinor: UInt32) -> UnsafeRawPointer? {
    guard hostMajor == UInt32(MLC_ABI_MAJOR) else { return nil }
    do {
      return UnsafeRawPointer(try ExportRegistry.shared.descriptor(for: type))
    } catch {
      StandardError.write("cannot export \(error)")
      return nil
    }
  }
}
