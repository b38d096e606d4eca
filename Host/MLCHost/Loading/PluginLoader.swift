import CMLCPlugin
import Foundation
import Glibc

/// Finds connector libraries in a directory and loads the connectors that pass every check.
///
/// A file that fails a check is refused with a reason naming the file and the problem, and
/// the scan goes on: one bad file never stops the host. Libraries are never unloaded
/// (`dlclose` on Swift code is unsafe), so a scan is done once per process.
struct PluginLoader {
  /// What a scan found.
  struct Scan {
    var plugins: [LoadedPlugin] = []
    var refused: [Refused] = []
    /// Valid plugins that the deployment does not enable.
    var disabled: [LoadedPlugin] = []

    func plugin(named name: String) -> LoadedPlugin? { plugins.first { $0.name == name } }
  }

  /// A library, or one connector in it, that is not loaded, and why.
  struct Refused: Error {
    let path: String
    /// The manifest name when the refusal came after the manifest was read.
    var name: String?
    let reason: String
  }

  /// A library exports at most this many connectors; a plugin whose entry never returns
  /// NULL would otherwise be asked forever.
  static let maxConnectorsPerLibrary: UInt32 = 64

  /// Scans `directory` for `*.so` files in name order. With `enabled` set, valid plugins not in
  /// it are reported as disabled and are never opened. Two connectors with one name are both
  /// refused: which one would win must not depend on how files sort.
  static func scan(directory: String, enabled: Set<String>?) -> Scan {
    var scan = Scan()
    let files: [String]
    do {
      files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".so") }.sorted()
    } catch {
      scan.refused.append(Refused(path: directory, reason: "cannot list the plugin directory: \((error as NSError).localizedDescription)"))
      return scan
    }
    var loaded: [LoadedPlugin] = []
    for file in files {
      let path = URL(fileURLWithPath: directory).appendingPathComponent(file).path
      let result = load(path: path)
      loaded += result.plugins
      scan.refused += result.refused
    }
    let byName = Dictionary(grouping: loaded, by: \.name)
    for plugin in loaded {
      let twins = byName[plugin.name]!.filter { $0 !== plugin }
      if !twins.isEmpty {
        let others = twins.map { $0.index == 0 ? $0.path : "\($0.path) (connector \($0.index))" }.joined(separator: ", ")
        scan.refused.append(Refused(path: plugin.path, name: plugin.name,
                                    reason: "a connector named \"\(plugin.name)\" is also declared by \(others); remove all but one file"))
      } else if let enabled, !enabled.contains(plugin.name) {
        scan.disabled.append(plugin)
      } else {
        scan.plugins.append(plugin)
      }
    }
    return scan
  }

  /// Loads one library and checks each connector it exports: entry point, ABI, descriptor
  /// and manifest. A library with no usable connector yields only refusals.
  static func load(path: String) -> (plugins: [LoadedPlugin], refused: [Refused]) {
    guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
      let detail = dlerror().map { String(cString: $0) } ?? "unknown error"
      return ([], [Refused(path: path, reason: "not a loadable shared library: \(detail)")])
    }
    guard let symbol = dlsym(handle, "mlc_plugin_entry") else {
      return ([], [Refused(path: path, reason: "does not export mlc_plugin_entry; is it an ml-connector plugin?")])
    }
    let entry = unsafeBitCast(symbol, to: mlc_plugin_entry_fn.self)
    var plugins: [LoadedPlugin] = []
    var refused: [Refused] = []
    var seen = Set<UnsafeRawPointer>()
    for index in 0..<maxConnectorsPerLibrary {
      guard let raw = entry(UInt32(MLC_ABI_MAJOR), UInt32(MLC_ABI_MINOR), index) else {
        if index == 0 {
          refused.append(Refused(path: path, reason: "mlc_plugin_entry returned NULL: the plugin refused host ABI \(MLC_ABI_MAJOR).\(MLC_ABI_MINOR) (a plugin built for another ABI major does this; rebuild it against this mlc's SDK/include)"))
        }
        break
      }
      // An ABI 1 entry ignores the index and returns its one descriptor every time.
      guard seen.insert(UnsafeRawPointer(raw)).inserted else { break }
      switch check(raw, path: path, index: index) {
      case .success(let plugin): plugins.append(plugin)
      case .failure(let refusal):
        refused.append(refusal)
        if refusal.name == nil && index == 0 && readVersion(UnsafeRawPointer(raw)).major != ABI.major { return (plugins, refused) }
      }
    }
    return (plugins, refused)
  }

  /// Checks one descriptor: version, required functions, manifest.
  private static func check(_ raw: UnsafePointer<mlc_plugin_t>, path: String, index: UInt32) -> Result<LoadedPlugin, Refused> {
    let label = index == 0 ? "" : "connector \(index): "
    let descriptor: mlc_plugin_t
    switch readDescriptor(UnsafeRawPointer(raw)) {
    case .failure(let problem): return .failure(Refused(path: path, reason: label + problem.reason))
    case .success(let value): descriptor = value
    }
    let manifest: Manifest
    do {
      manifest = try Manifest.parse(String(cString: descriptor.manifest_json))
    } catch {
      return .failure(Refused(path: path, reason: label + "\(error)"))
    }
    if let missing = missingFunctions(descriptor, manifest: manifest) {
      return .failure(Refused(path: path, name: manifest.name, reason: label + missing))
    }
    return .success(LoadedPlugin(path: path, index: index, manifest: manifest,
                                 abi: "\(descriptor.abi_major).\(descriptor.abi_minor)", exported: raw, descriptor: descriptor))
  }

  private static func readVersion(_ raw: UnsafeRawPointer) -> (size: UInt32, major: UInt16, minor: UInt16) {
    (raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self), raw.loadUnaligned(fromByteOffset: 4, as: UInt16.self),
     raw.loadUnaligned(fromByteOffset: 6, as: UInt16.self))
  }

  /// Copies the plugin's descriptor into host memory: reads min(struct_size, what this host
  /// knows) bytes and zero-fills the rest, so an older minor's shorter struct is safe and a
  /// newer plugin's longer one is fine too. The fields Swift sees as non-optional (the
  /// manifest, `open`, `close`, `check`) are checked for NULL in the raw bytes first.
  static func readDescriptor(_ raw: UnsafeRawPointer) -> Result<mlc_plugin_t, DescriptorProblem> {
    let (size, major, minor) = readVersion(raw)
    guard major == ABI.major else {
      return .failure(DescriptorProblem("built for ABI \(major).\(minor); this host speaks ABI \(MLC_ABI_MAJOR).\(MLC_ABI_MINOR) (majors must match: rebuild the plugin against this mlc's SDK/include)"))
    }
    guard minor <= ABI.minor else {
      return .failure(DescriptorProblem("needs host ABI minor \(minor) or later; this host speaks \(MLC_ABI_MAJOR).\(MLC_ABI_MINOR): upgrade mlc"))
    }
    // ABI 2.0's descriptor ends after `decode_event`; anything shorter is not a 2.x plugin.
    let minimum = MemoryLayout<mlc_plugin_t>.offset(of: \mlc_plugin_t.decode_event)! + MemoryLayout<UnsafeRawPointer?>.size
    guard Int(size) >= minimum else {
      return .failure(DescriptorProblem("descriptor struct_size \(size) is smaller than the \(minimum) bytes ABI \(MLC_ABI_MAJOR).0 requires"))
    }
    let required: [(String, PartialKeyPath<mlc_plugin_t>)] = [
      ("manifest_json", \mlc_plugin_t.manifest_json), ("open", \mlc_plugin_t.open), ("close", \mlc_plugin_t.close),
      ("check", \mlc_plugin_t.check),
    ]
    for (field, path) in required {
      let offset = MemoryLayout<mlc_plugin_t>.offset(of: path)!
      if raw.loadUnaligned(fromByteOffset: offset, as: UInt.self) == 0 { return .failure(DescriptorProblem("descriptor has no \(field)")) }
    }
    let known = MemoryLayout<mlc_plugin_t>.size
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: known, alignment: MemoryLayout<mlc_plugin_t>.alignment)
    defer { buffer.deallocate() }
    buffer.initializeMemory(as: UInt8.self, repeating: 0, count: known)
    buffer.copyMemory(from: raw, byteCount: min(Int(size), known))
    return .success(buffer.load(as: mlc_plugin_t.self))
  }

  /// Why a descriptor cannot be used.
  struct DescriptorProblem: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
  }

  /// Names the first optional function a plugin left NULL that its manifest needs.
  private static func missingFunctions(_ d: mlc_plugin_t, manifest: Manifest) -> String? {
    if !manifest.reads.isEmpty && (d.read_open == nil || d.read_next == nil || d.read_close == nil) {
      return "manifest lists entities to read but read_open, read_next or read_close is NULL"
    }
    if !manifest.writes.isEmpty && d.write == nil {
      return "manifest lists entities to write but write is NULL"
    }
    if !manifest.webhooks.isEmpty && d.decode_event == nil {
      return "manifest declares webhooks but decode_event is NULL"
    }
    return nil
  }
}
