/// One read of one entity, handed out by `Source.openReader`.
///
/// Emit records in non-decreasing cursor order (`cursor` when present, else
/// `updated_at`, compared byte by byte: use fixed-width timestamps), about
/// `ReadRequest.pageSize` per page: the host commits each page before asking for the next.
public protocol RecordReader: AnyObject {
  /// Emits the next page of records and returns true when nothing follows (the page may
  /// still hold records). Not called again after it returned true.
  func nextPage(into emitter: RecordEmitter) throws -> Bool

  /// Releases what the read holds. Called exactly once per reader, also after an error.
  func close()
}

extension RecordReader {
  /// Default: nothing to release.
  public func close() {}
}
