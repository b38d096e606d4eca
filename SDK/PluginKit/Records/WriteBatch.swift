import CMLCPlugin

/// The records of one `write` call: one entity, `count` canonical records as borrowed
/// UTF-8 JSON bytes.
///
/// Borrowed from the host: valid only during the `Sink.write` call it is passed to. Copy
/// (`bytes(at:)`, `string(at:)`) what must outlive the call.
public struct WriteBatch: RandomAccessCollection {
  /// The canonical entity of every record in the batch.
  public let entity: String
  private let records: UnsafeBufferPointer<mlc_bytes_t>

  /// Wraps a batch that lives elsewhere (for the C boundary and tests).
  init(entity: String, records: UnsafeBufferPointer<mlc_bytes_t>) {
    self.entity = entity
    self.records = records
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { records.count }

  /// Record `index`'s bytes, borrowed for the duration of the `write` call.
  public subscript(index: Int) -> UnsafeRawBufferPointer {
    CBytes.buffer(records[index])
  }

  /// A copy of record `index`'s bytes.
  public func bytes(at index: Int) -> [UInt8] {
    Array(self[index])
  }

  /// A copy of record `index` as text.
  public func string(at index: Int) -> String {
    String(decoding: self[index], as: UTF8.self)
  }

  /// Record `index`'s envelope fields (see `RecordFields.scan`).
  public func fields(at index: Int) throws -> RecordFields {
    try RecordFields.scan(self[index])
  }
}
