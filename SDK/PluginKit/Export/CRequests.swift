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

  /// The `PushEvent` an `mlc_event_t` describes, copied.
  static func event(_ event: UnsafePointer<mlc_event_t>, connector: String) throws -> PushEvent {
    let view = CStructView(event)
    guard let route = view.load(\.route), let id = view.load(\.event_id), let body = view.load(\.body) else {
      throw PluginError.fatal("\(connector) decode_event: the host's event (struct_size \(view.declaredSize)) is too short")
    }
    let count = view.load(\.header_count) ?? 0
    let list = view.load(\.headers, as: UnsafePointer<mlc_http_header_t>?.self) ?? nil
    var headers: [(name: String, value: String)] = []
    if let list {
      for index in 0..<Int(clamping: count) {
        headers.append((CBytes.string(list[index].name).lowercased(), CBytes.string(list[index].value)))
      }
    }
    return PushEvent(route: CBytes.string(route), id: CBytes.string(id),
                     receivedAt: view.load(\.received_at).map(CBytes.string) ?? "",
                     headers: headers, body: Array(CBytes.buffer(body)))
  }
}
