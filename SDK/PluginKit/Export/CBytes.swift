import CMLCPlugin

/// Conversions between `mlc_bytes_t` views and Swift values at the C boundary.
///
/// Lengths cross as `uint64_t`; converting with `Int(_:)` would trap on a corrupt length,
/// and nothing at the boundary may trap, so they clamp instead.
enum CBytes {
  /// The bytes a view points at, borrowed for as long as the view is.
  static func buffer(_ view: mlc_bytes_t) -> UnsafeRawBufferPointer {
    guard let pointer = view.ptr else { return UnsafeRawBufferPointer(start: nil, count: 0) }
    return UnsafeRawBufferPointer(start: pointer, count: Int(clamping: view.len))
  }

  /// The view's bytes decoded as UTF-8 (invalid sequences become U+FFFD).
  static func string(_ view: mlc_bytes_t) -> String {
    String(decoding: buffer(view), as: UTF8.self)
  }

  /// A view of `buffer`, valid as long as the buffer is.
  static func view(_ buffer: UnsafeRawBufferPointer) -> mlc_bytes_t {
    mlc_bytes_t(ptr: buffer.baseAddress?.assumingMemoryBound(to: UInt8.self),
                len: UInt64(buffer.count))
  }

  /// Calls `body` with a view of `text`'s UTF-8, valid only during the call.
  static func withView<Result>(_ text: String, _ body: (mlc_bytes_t) throws -> Result) rethrows -> Result {
    var text = text
    return try text.withUTF8 { try body(view(UnsafeRawBufferPointer($0))) }
  }

  /// Calls `body` with a view of `bytes`, valid only during the call.
  static func withView<Result>(_ bytes: [UInt8], _ body: (mlc_bytes_t) throws -> Result) rethrows -> Result {
    try bytes.withUnsafeBytes { try body(view($0)) }
  }
}
