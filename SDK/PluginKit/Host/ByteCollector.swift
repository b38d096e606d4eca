import CMLCPlugin

/// An `mlc_emit_t` receiver that copies what the host puts into a byte array: how the
/// kit gets a lookup's target key or a signed JWT back from the host.
final class ByteCollector {
  private(set) var bytes: [UInt8] = []

  /// Calls `body` with an emit table that appends into this collector, valid only during
  /// the call.
  func withEmit<Result>(_ body: (UnsafePointer<mlc_emit_t>) throws -> Result) rethrows -> Result {
    try withExtendedLifetime(self) {
      var emit = mlc_emit_t(
        struct_size: UInt32(MemoryLayout<mlc_emit_t>.size),
        abi_major: UInt16(MLC_ABI_MAJOR), abi_minor: UInt16(MLC_ABI_MINOR),
        context: Unmanaged.passUnretained(self).toOpaque(),
        put: { context, bytes in
          guard let context else { return mlc_status(MLC_FATAL) }
          let collector = Unmanaged<ByteCollector>.fromOpaque(context).takeUnretainedValue()
          collector.bytes.append(contentsOf: CBytes.buffer(bytes))
          return mlc_status(MLC_OK)
        })
      return try withUnsafePointer(to: &emit) { try body($0) }
    }
  }

  /// The collected bytes as text.
  var text: String { String(decoding: bytes, as: UTF8.self) }
}
