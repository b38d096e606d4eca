import CMLCPlugin

/// Reads the host's read and write requests into Swift values, field by field within
/// their `struct_size` (see `CStructView`).
enum CRequests {
  /// The `ReadRequest` an `mlc_read_request_t` describes. The entity is required; a host
  /// whose struct stops before `page_size` or `flags` gets the defaults.
  static func readRequest(_ request: UnsafePointer<mlc_read_request_t>, connector: String) throws -> ReadRequest {
    let view = CStructView(request)
    guard let entity = view.load(\.entity) else {
      throw PluginError.fatal("\(connector) read_open: the host's read request (struct_size \(view.declaredSize)) has no entity")
    }
    let since = view.load(\.since).map(CBytes.string) ?? ""
    let pageSize = view.load(\.page_size).map { Int($0) } ?? 0
    let flags = view.load(\.flags) ?? 0
    return ReadRequest(entity: CBytes.string(entity),
                       since: since.isEmpty ? nil : since,
                       pageSize: pageSize == 0 ? 500 : pageSize,
                       full: flags & UInt32(MLC_READ_FULL) != 0)
  }

  /// Calls `body` with the `WriteBatch` an `mlc_write_request_t` describes, valid only
  /// during the call.
  static func withWriteBatch(_ request: UnsafePointer<mlc_write_request_t>, connector: String,
                             _ body: (WriteBatch) throws -> Void) throws {
    let view = CStructView(request)
    guard let entity = view.load(\.entity), let count = view.load(\.count) else {
      throw PluginError.fatal("\(connector) write: the host's write request (struct_size \(view.declaredSize)) is too short")
    }
    let records = view.load(\.records, as: UnsafePointer<mlc_bytes_t>?.self) ?? nil
    guard records != nil || count == 0 else {
      throw PluginError.fatal("\(connector) write: the host passed \(count) records but a NULL records pointer")
    }
    let buffer = UnsafeBufferPointer(start: records, count: records == nil ? 0 : Int(clamping: count))
    try body(WriteBatch(entity: CBytes.string(entity), records: buffer))
  }
}
