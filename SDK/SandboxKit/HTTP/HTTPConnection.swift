/// One accepted connection: reads requests in order, calls the handler, writes each response,
/// and closes when either side asks to, a limit is breached, or the server stops.
///
/// Runs on its own thread and owns its socket, which it alone closes, so a descriptor can never
/// be closed twice or reused under another thread's feet. Pipelined requests are answered in
/// order because one loop reads, handles and writes them one at a time.
struct HTTPConnection {
  let socket: Socket
  let peer: String
  let configuration: HTTPServer.Configuration
  let handler: HTTPHandler
  /// The read end of the server's wake pipe: readable once the server stops.
  let wake: Int32
  /// Whether the server is stopping, checked before keeping a connection open.
  let isStopping: @Sendable () -> Bool

  /// Serves requests until the connection ends, then closes the socket.
  func run() {
    defer { socket.close() }
    let decoder = HTTPDecoder(limits: configuration.limits)
    var reader = SocketReader(socket: socket, wake: wake)
    var idleTimeout = configuration.readTimeout
    while reader.waitForBytes(until: .after(idleTimeout)) {
      reader.deadline = .after(configuration.readTimeout)
      let request: HTTPRequest
      do {
        request = try readRequest(decoder: decoder, reader: &reader)
      } catch let error as HTTPRequestError {
        if error.status != nil { fail(error, reader: &reader) }
        return
      } catch {
        return
      }
      guard respond(to: request, reader: &reader) else { return }
      idleTimeout = configuration.keepAliveIdleTimeout
    }
  }

  /// Reads one request, sending `100 Continue` when the client waits for it.
  private func readRequest(decoder: HTTPDecoder, reader: inout SocketReader) throws -> HTTPRequest {
    let head = try decoder.readHead(from: &reader)
    let framing = try decoder.framing(of: head)
    // A client that already started sending the body isn't waiting, so it gets no interim.
    if try decoder.expectsContinue(head), framing != .none, reader.bufferedCount == 0 {
      guard socket.sendAll(HTTPEncoder.continueResponse, wake: wake, deadline: .after(configuration.writeTimeout))
      else { throw HTTPRequestError.closed }
    }
    let body = try decoder.readBody(framing, from: &reader)
    return decoder.makeRequest(head, body: body, remoteAddress: peer)
  }

  /// Calls the handler and sends its response; `false` when the connection must end.
  private func respond(to request: HTTPRequest, reader: inout SocketReader) -> Bool {
    let response = handler(request)
    if response.dropConnection {
      log("dropped the connection without answering \(request.method) \(request.rawPath), as the handler asked")
      return false
    }
    let closing = !request.wantsKeepAlive || response.closesConnection
      || response.headers.hasToken("close", in: "Connection") || isStopping()
    let bytes = HTTPEncoder.encode(
      response, headOnly: request.method == "HEAD", closing: closing,
      keepAliveHTTP10: !closing && request.version == "HTTP/1.0")
    guard socket.sendAll(bytes, wake: wake, deadline: .after(configuration.writeTimeout)) else {
      log("could not send the response to \(request.method) \(request.rawPath): the client went away or read too slowly")
      return false
    }
    if closing { linger(reader: &reader) }
    return !closing
  }

  /// Answers a request that could not be read with its error status, then closes.
  private func fail(_ error: HTTPRequestError, reader: inout SocketReader) {
    log("answered \(error.status ?? 0): \(error)")
    let bytes = HTTPEncoder.encode(HTTPEncoder.errorResponse(error), headOnly: false, closing: true)
    if socket.sendAll(bytes, wake: wake, deadline: .after(configuration.writeTimeout)) {
      linger(reader: &reader)
    }
  }

  /// Half-closes and drains the socket before it is closed.
  ///
  /// Closing a socket with unread input makes the kernel send a reset, which can destroy the
  /// response still in flight, so the client would see "connection reset" instead of the 413.
  private func linger(reader: inout SocketReader) {
    socket.shutdownWrite()
    reader.drain(until: .after(configuration.lingerTimeout), maxBytes: configuration.maxBodyBytes)
  }

  private func log(_ message: String) {
    configuration.log?("\(peer): \(message)")
  }
}
