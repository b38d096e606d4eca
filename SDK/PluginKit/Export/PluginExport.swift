import CMLCPlugin
import Foundation

/// Turns connector types into the C descriptors `mlc_plugin_entry` returns.
///
/// ```swift
/// @_cdecl("mlc_plugin_entry")
/// public func mlc_plugin_entry(_ major: UInt32, _ minor: UInt32, _ index: UInt32) -> UnsafeRawPointer? {
///   PluginExport.entry([AcmeERP.self, AcmeCRM.self], hostMajor: major, hostMinor: minor, index: index)
/// }
/// ```
public enum PluginExport {
  /// The lowest host ABI minor the kit needs (it uses only 2.0 services).
  static let requiredHostMinor: UInt16 = 0

  /// Why a type could not be exported.
  struct Refusal: Error, CustomStringConvertible {
    let description: String
  }

  /// The static `mlc_plugin_t` for `types[index]`, or nil past the last type, or when the
  /// host's ABI major is not the one this kit was built for. Each descriptor is built once
  /// and the same pointer is returned on every call, from any thread, as the header
  /// requires. A type whose manifest is malformed is refused with a message on stderr,
  /// since there is no host table yet to report it to.
  public static func entry(_ types: [any Connector.Type], hostMajor: UInt32, hostMinor: UInt32,
                           index: UInt32) -> UnsafeRawPointer? {
    guard hostMajor == UInt32(MLC_ABI_MAJOR), index < types.count else { return nil }
    do {
      return UnsafeRawPointer(try exports.export(for: types[Int(index)]).descriptor)
    } catch {
      StandardError.write("cannot export \(error)")
      return nil
    }
  }

  /// `entry` for a library that exports one connector type.
  public static func entry(_ type: any Connector.Type, hostMajor: UInt32, hostMinor: UInt32,
                           index: UInt32 = 0) -> UnsafeRawPointer? {
    entry([type], hostMajor: hostMajor, hostMinor: hostMinor, index: index)
  }

  private static let exports = Exports()

  /// The exports made so far, one per type, under a lock so concurrent first calls of
  /// `mlc_plugin_entry` get the same descriptor.
  private final class Exports: @unchecked Sendable {
    private let lock = NSLock()
    private var byType: [ObjectIdentifier: ConnectorExport] = [:]

    func export(for type: any Connector.Type) throws -> ConnectorExport {
      try lock.withLock {
        if let made = byType[ObjectIdentifier(type)] { return made }
        let made = try make(type)
        byType[ObjectIdentifier(type)] = made
        return made
      }
    }

    private func make<C: Connector>(_ type: C.Type) throws -> ConnectorExport {
      try ConnectorExport(type)
    }
  }
}
