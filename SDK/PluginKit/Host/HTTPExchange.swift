import CMLCPlugin

/// One `PluginHost.http` call: lays the request out as borrowed C views, calls the host,
/// copies the response into Swift values and releases the host's copy at once.
///
/// Releasing early matters for long reads that make thousands of requests in one plugin
/// call: otherwise every response would stay alive until that call returns.
struct HTTPExchange {
  let host: PluginHost
  let hostData: UnsafeMutableRawPointer?

  /// Sends `request` and returns the copied response (see `PluginHost.http`).
  func send(_ request: HTTPRequest) throws -> HTTPResponse {
    // Method, target, query and every header live in one buffer, so a single
    // `withUnsafeBytes` keeps them all valid during the call.
    var text: [UInt8] = []
    func append(_ value: String) -> Range<Int> {
      let start = text.count
      text.append(contentsOf: value.utf8)
      return start..<text.count
    }
    let method = append(request.method)
    let target = append(request.target)
    let query = append(request.query)
    let headerRanges = request.headers.map { (name: append($0.name), value: append($0.value)) }
    var flags: UInt32 = 0
    if request.withoutAuth { flags |= UInt32(MLC_HTTP_NO_AUTH) }
    if request.idempotent { flags |= UInt32(MLC_HTTP_IDEMPOTENT) }

    var response = mlc_http_response_t()
    response.struct_size = UInt32(MemoryLayout<mlc_http_response_t>.size)
    response.abi_major = UInt16(MLC_ABI_MAJOR)
    response.abi_minor = UInt16(MLC_ABI_MINOR)

    let status = text.withUnsafeBytes { textBuffer in
      request.body.withUnsafeBytes { bodyBuffer in
        func view(_ range: Range<Int>) -> mlc_bytes_t {
          CBytes.view(UnsafeRawBufferPointer(rebasing: textBuffer[range]))
        }
        let headers = headerRanges.map { mlc_http_header_t(name: view($0.name), value: view($0.value)) }
        return headers.withUnsafeBufferPointer { headerBuffer in
          var cRequest = mlc_http_request_t(
            struct_size: UInt32(MemoryLayout<mlc_http_request_t>.size),
            abi_major: UInt16(MLC_ABI_MAJOR), abi_minor: UInt16(MLC_ABI_MINOR),
            method: view(method), target: view(target), query: view(query),
            headers: headerBuffer.baseAddress, header_count: UInt64(headerBuffer.count),
            body: CBytes.view(bodyBuffer), flags: flags, timeout_ms: request.timeoutMilliseconds)
          return withUnsafePointer(to: &cRequest) { host.httpFunction(hostData, $0, &response) }
        }
      }
    }
    guard status == MLC_OK else {
      throw failure(status, request)
    }
    let copied = copy(response)
    host.releaseFunction(hostData, &response)
    return copied
  }

  /// The error for a request that got no final response. The host has recorded the
  /// precise reason already; this message only stands in where the host's is not shown.
  private func failure(_ status: mlc_status, _ request: HTTPRequest) -> PluginError {
    let what = "HTTP \(request.method) \(request.target)"
    switch status {
    case mlc_status(MLC_RETRY):
      return PluginError(code: .retry, message: "\(what) failed (retry budget exhausted); try again later",
                         explainedByHost: true)
    case mlc_status(MLC_CONFIG_ERROR):
      return PluginError(code: .config,
                         message: "\(what) was refused: the connection's config or credentials are wrong",
                         explainedByHost: true)
    default:
      return PluginError(code: .fatal, message: "\(what) failed (status \(status))", explainedByHost: true)
    }
  }

  /// Copies everything the host's response points at into Swift values.
  private func copy(_ response: mlc_http_response_t) -> HTTPResponse {
    var headers: [(name: String, value: String)] = []
    if let first = response.headers {
      let count = Int(clamping: response.header_count)
      headers.reserveCapacity(count)
      for header in UnsafeBufferPointer(start: first, count: count) {
        headers.append((name: CBytes.string(header.name), value: CBytes.string(header.value)))
      }
    }
    return HTTPResponse(status: Int(response.status), attempts: Int(response.attempts),
                        headers: headers, body: Array(CBytes.buffer(response.body)))
  }
}
