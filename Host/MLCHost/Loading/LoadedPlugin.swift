import CMLCPlugin

/// A connector library that passed every load check: its descriptor (copied into host
/// memory, zero-filled past what the plugin provided) and its manifest.
final class LoadedPlugin: @unchecked Sendable {
  let path: String
  let manifest: Manifest
  /// The ABI the plugin was built against, as "major.minor".
  let abi: String
  let descriptor: mlc_plugin_t

  init(path: String, manifest: Manifest, abi: String, descriptor: mlc_plugin_t) {
    self.path = path
    self.manifest = manifest
    self.abi = abi
    self.descriptor = descriptor
  }

  var name: String { manifest.name }
}
