import CMLCPlugin
import Foundation

/// The process-wide table of exported connector types, each with its descriptor and the
/// `open` thunk slot it was given.
///
/// Why slots: `open` receives no descriptor or context pointer, only the host and the
/// config, and a C function pointer cannot capture a Swift generic type. So each exported
/// type takes one of a fixed set of non-generic `open` thunks (`OpenThunks`), and the
/// thunk finds its type here by slot number. A connector library exports one type; tests
/// export a few; running out of slots is reported, not trapped.
final class ExportRegistry: @unchecked Sendable {
  static let shared = ExportRegistry()

  /// Why a type could not be exported.
  struct Refusal: Error, CustomStringConvertible {
    let description: String
  }

  private let lock = NSLock()
  private var slotsByType: [ObjectIdentifier: Int] = [:]
  private var exports: [ConnectorExport] = []

  /// The descriptor for `type`, built on first use under a lock so concurrent first calls
  /// of `mlc_plugin_entry` get the same one.
  func descriptor<C: Connector>(for type: C.Type) throws -> UnsafePointer<mlc_plugin_t> {
    lock.lock()
    defer { lock.unlock() }
    if let slot = slotsByType[ObjectIdentifier(type)],
       let descriptor = exports[slot].makeDescriptor(for: type, open: OpenThunks.table[slot]) {
      return descriptor
    }
    let manifest = C.manifest
    if let problem = manifest.problem() {
      throw Refusal(description: "\(C.self): \(problem)")
    }
    let slot = exports.count
    guard slot < OpenThunks.table.count else {
      throw Refusal(description: "\(C.self): one process can export at most \(OpenThunks.table.count) connector types")
    }
    let export = ConnectorExport(type, manifest: manifest)
    guard let descriptor = export.makeDescriptor(for: type, open: OpenThunks.table[slot]) else {
      throw Refusal(description: "\(C.self): out of memory building the descriptor")
    }
    exports.append(export)
    slotsByType[ObjectIdentifier(type)] = slot
    return descriptor
  }

  /// The export that took `slot`, or nil for a slot no type took.
  func export(slot: Int) -> ConnectorExport? {
    lock.lock()
    defer { lock.unlock() }
    return slot < exports.count ? exports[slot] : nil
  }
}
