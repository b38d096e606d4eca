import CMLCPlugin

/// A connector that passed every load check: its descriptor as the plugin exported it (the
/// `self` that `open` receives), a copy in host memory (zero-filled past what the plugin
/// provided, its required functions checked non-NULL), and its manifest.
final class LoadedPlugin: @unchecked Sendable {
  let path: String
  /// Which of the library's connectors this is (`mlc_plugin_entry`'s index).
  let index: UInt32
  let manifest: Manifest
  /// The ABI the plugin was built against, as "major.minor".
  let abi: String
  /// The plugin's own descriptor, static in the library.
  let exported: UnsafePointer<mlc_plugin_t>
  let descriptor: mlc_plugin_t

  init(path: String, index: UInt32, manifest: Manifest, abi: String, exported: UnsafePointer<mlc_plugin_t>,
       descriptor: mlc_plugin_t) {
    self.path = path
    self.index = index
    self.manifest = manifest
    self.abi = abi
    self.exported = exported
    self.descriptor = descriptor
  }

  var name: String { manifest.name }
}
