/// A connector that reads records from its system.
///
/// `openReader` starts one read of one entity; the kit then calls `nextPage` until it
/// reports done, and `close` exactly once, even after an error.
public protocol Source: Connector {
  /// Starts reading `request.entity`; the kit has already checked that the manifest lists
  /// it under `reads`. Copy from the request what you keep (it is a Swift value, so
  /// keeping it is fine).
  func openReader(_ request: ReadRequest) throws -> any RecordReader
}
