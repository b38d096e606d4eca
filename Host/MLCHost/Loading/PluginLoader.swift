import CMLCPlugin
import Foundation
import Glibc

/// Finds connector libraries in a directory and loads the ones that pass every check.
///
/// A file that fails a check is refused with a reason naming the file and the problem, and
/// the scan goes on: one bad file never stops the host. Libraries are never unloaded
/// (`dlclose` on Swift code is unsafe), so a scan is done once per process.
struct PluginLoader {
  /// What a scan found.
  struct Scan {
    var plugins: [LoadedPlugin] = []
    var refused: [(path: String, reason: String)] = []
    /// Valid plugins that the deployment does not enable.
    var disabled: [LoadedPlugin] = []

    func plugin(named name: String) -> LoadedPlugin? { plugins.first { $0.name == name } }
  }

  /// Scans `directory` for `*.so` files in name order. With `enabled` set, valid plugins not in
  /// it are reported as disabled and are never opened.
  static func scan(directory: String, enabled: Set<String>?) -> Scan {
    var scan = Scan()
    let files: [String]
    do {
      files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".so") }.sorted()
    } catch {
      scan.refused.append((directory, "cannot list the plugin directory: \((error as NSError).localizedDescription)"))
      return scan
    }
    for file in files {
      let path = URL(fileURLWithPath: directory).appendingPathComponent(file).path
      switch load(path: path) {
      case .failure(let refusal):
        scan.refused.append((path, refusal.reason))
      case .success(let plugin):
        if let earlier = (scan.plugins + scan.disabled).first(where: { $0.name == plugin.name }) {
          scan.refused.append((path, "a connector named \"\(plugin.name)\" is already loaded from \(earlier.path)"))
        } else if let enabled, !enabled.contains(plugin.name) {
          scan.disabled.append(plugin)
        } else {
          scan.plugins.append(plugin)
        }
      }
    }
    return scan
  }

  /// A reason a library is not loaded.
  struct Refusal: Error {
    let reason: String
  }

  /// Loads one library and checks its entry point, ABI, descriptor and manifest.
  static func load(path: String) -> Result<LoadedPlugin, Refusal> {
    guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
      let detail = dlerror().map { String(cString: $0) } ?? "unknown error"
      return .failure(Refusal(reason: "not a loadable shared library: \(detail)"))
    }
    guard let symbol = dlsym(handle, "mlc_plugin_entry") else {
      return .failure(Refusal(reason: "does not export mlc_plugin_entry; is it an ml-connector plugin?"))
    }
    let entry = unsafeBitCast(symbol, to: mlc_plugin_entry_fn.self)
    guard let raw = entry(UInt32(MLC_ABI_MAJOR), UInt32(MLC_ABI_MINOR)) else {
      return .failure(Refusal(reason: "mlc_plugin_entry returned NULL: the plugin refused host ABI \(MLC_ABI_MAJOR).\(MLC_ABI_MINOR)"))
    }
    let descriptor: mlc_plugin_t
    switch readDescriptor(UnsafeRawPointer(raw)) {
    case .failure(let refusal): return .failure(refusal)
    case .success(let value): descriptor = value
    }
    guard let manifestPointer = descriptor.manifest_json else {
      return .failure(Refusal(reason: "descriptor has no manifest_json"))
    }
    let manifestText = String(cString: manifestPointer)
    let manifest: Manifest
    do {
      manifest = try Manifest.parse(manifestText)
    } catch {
      return .failure(Refusal(reason: "\(error)"))
    }
    if let missing = missingFunctions(descriptor, manifest: manifest) {
      return .failure(Refusal(reason: missing))
    }
    return .success(LoadedPlugin(path: path, manifest: manifest,
                                 abi: "\(descriptor.abi_major).\(descriptor.abi_minor)", descriptor: descriptor))
  }

  /// Copies the plugin's descriptor into host memory: reads min(struct_size, what this host
  /// knows) bytes and zero-fills the rest, so an older plugin's shorter struct is safe and a
  /// newer plugin's longer one is fine too.
  static func readDescriptor(_ raw: UnsafeRawPointer) -> Result<mlc_plugin_t, Refusal> {
    let size = raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
    let major = raw.loadUnaligned(fromByteOffset: 4, as: UInt16.self)
    let minor = raw.loadUnaligned(fromByteOffset: 6, as: UInt16.self)
    guard major == ABI.major else {
      return .failure(Refusal(reason: "built for ABI \(major).\(minor); this host speaks ABI \(MLC_ABI_MAJOR).\(MLC_ABI_MINOR) (majors must match)"))
    }
    guard minor <= ABI.minor else {
      return .failure(Refusal(reason: "needs host ABI minor \(minor) or later; this host speaks \(MLC_ABI_MAJOR).\(MLC_ABI_MINOR): upgrade mlc"))
    }
    // The first version's descriptor ends after `write`; anything shorter is not a v1 plugin.
    let minimum = MemoryLayout<mlc_plugin_t>.offset(of: \mlc_plugin_t.write)! + MemoryLayout<UnsafeRawPointer?>.size
    guard Int(size) >= minimum else {
      return .failure(Refusal(reason: "descriptor struct_size \(size) is smaller than the \(minimum) bytes ABI 1.0 requires"))
    }
    let known = MemoryLayout<mlc_plugin_t>.size
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: known, alignment: MemoryLayout<mlc_plugin_t>.alignment)
    defer { buffer.deallocate() }
    buffer.initializeMemory(as: UInt8.self, repeating: 0, count: known)
    buffer.copyMemory(from: raw, byteCount: min(Int(size), known))
    return .success(buffer.load(as: mlc_plugin_t.self))
  }

  /// Names the first required function a plugin left NULL, given what its manifest claims.
  private static func missingFunctions(_ d: mlc_plugin_t, manifest: Manifest) -> String? {
    if d.open == nil { return "descriptor has no open function" }
    if d.close == nil { return "descriptor has no close function" }
    if d.check == nil { return "descriptor has no check function" }
    if !manifest.reads.isEmpty && (d.read_open == nil || d.read_next == nil || d.read_close == nil) {
      return "manifest lists entities to read but read_open, read_next or read_close is NULL"
    }
    if !manifest.writes.isEmpty && d.write == nil {
      return "manifest lists entities to write but write is NULL"
    }
    return nil
  }
}
