/// What the opaque `reader` pointer of the C ABI holds: one open `RecordReader` and the
/// entity it reads (for messages).
///
/// Retained at `read_open`, released at `read_close`.
final class ReaderHandle {
  let reader: any RecordReader
  let entity: String
  /// Set once the reader reported done; a further `read_next` then emits nothing rather
  /// than calling the reader again.
  var finished = false

  init(reader: any RecordReader, entity: String) {
    self.reader = reader
    self.entity = entity
  }

  /// The handle behind an opaque pointer the host passed back, or nil for NULL.
  static func from(_ pointer: UnsafeMutableRawPointer?) -> ReaderHandle? {
    guard let pointer else { return nil }
    return Unmanaged<ReaderHandle>.fromOpaque(pointer).takeUnretainedValue()
  }
}
