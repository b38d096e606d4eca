import CMLCPlugin

/// Where a reader puts the records of one page; wraps the host's `mlc_emit_t`.
///
/// Valid only during the `nextPage` call it is passed to. Each `emit` hands one complete
/// canonical record (a JSON object) to the host, which copies it before `emit` returns, so
/// the caller may reuse its buffer at once.
public final class RecordEmitter {
  private let context: UnsafeMutableRawPointer?
  private let put: @convention(c) (UnsafeMutableRawPointer?, mlc_bytes_t) -> mlc_status

  /// How many records this page holds so far.
  public private(set) var count = 0

  /// Wraps the host's emit table, or throws when it lacks a `put` function.
  init(_ emit: UnsafePointer<mlc_emit_t>) throws {
    let view = CStructView(emit)
    typealias Put = @convention(c) (UnsafeMutableRawPointer?, mlc_bytes_t) -> mlc_status
    guard let put = view.load(\.put, as: Put?.self) ?? nil else {
      throw PluginError.fatal("the host passed an emit table without a put function (struct_size \(view.declaredSize))")
    }
    self.context = view.load(\.context) ?? nil
    self.put = put
  }

  /// Emits one record. Throws `PluginError.fatal` when the host refuses it (not a JSON
  /// object, or larger than it accepts): stop emitting then.
  public func emit(_ record: UnsafeRawBufferPointer) throws {
    let status = put(context, CBytes.view(record))
    guard status == MLC_OK else {
      throw PluginError.fatal(
        "the host refused record \(count + 1) of this page (status \(status)): it must be one JSON object within the host's size limit")
    }
    count += 1
  }

  /// Emits one record held in an array.
  public func emit(_ record: [UInt8]) throws {
    try record.withUnsafeBytes { try emit($0) }
  }

  /// Emits the document a `JSONWriter` holds.
  public func emit(_ writer: borrowing JSONWriter) throws {
    try writer.withBytes { try emit($0) }
  }
}
