import CMLCPlugin

/// A push event as the host stored it, and the borrowed `mlc_event_t` view of it that
/// `decode_event` receives.
struct StoredEvent {
  let route: String
  let id: String
  /// RFC 3339 UTC, when the host stored it.
  let receivedAt: String
  /// Names lowercased.
  let headers: [(name: String, value: String)]
  let body: [UInt8]

  /// Calls `body` with a C view of the event, valid only during the call.
  func withCEvent<Result>(_ call: (UnsafePointer<mlc_event_t>) -> Result) -> Result {
    var texts: [[UInt8]] = [Array(route.utf8), Array(id.utf8), Array(receivedAt.utf8)]
    for header in headers { texts += [Array(header.name.utf8), Array(header.value.utf8)] }
    return withViews(texts, body) { views, bodyView in
      let headerViews = stride(from: 3, to: views.count, by: 2).map { mlc_http_header_t(name: views[$0], value: views[$0 + 1]) }
      return headerViews.withUnsafeBufferPointer { headerBuffer in
        var event = mlc_event_t(
          struct_size: ABI.size(of: mlc_event_t.self), abi_major: ABI.major, abi_minor: ABI.minor,
          route: views[0], event_id: views[1], received_at: views[2],
          headers: headerBuffer.baseAddress, header_count: UInt64(headerBuffer.count), body: bodyView)
        return call(&event)
      }
    }
  }

  /// Pins every byte array for the duration of `body` and hands it their views.
  private func withViews<Result>(_ texts: [[UInt8]], _ payload: [UInt8],
                                 _ body: ([mlc_bytes_t], mlc_bytes_t) -> Result) -> Result {
    // One contiguous copy keeps every view valid without nesting a closure per header.
    let joined = texts.flatMap { $0 } + payload
    return joined.withUnsafeBufferPointer { buffer in
      var views: [mlc_bytes_t] = []
      var offset = 0
      for text in texts {
        views.append(mlc_bytes_t(ptr: buffer.baseAddress.map { $0 + offset }, len: UInt64(text.count)))
        offset += text.count
      }
      let bodyView = mlc_bytes_t(ptr: buffer.baseAddress.map { $0 + offset }, len: UInt64(payload.count))
      return body(views, bodyView)
    }
  }
}
