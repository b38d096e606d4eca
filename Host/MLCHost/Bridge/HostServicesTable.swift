import CMLCPlugin

/// Builds the C `mlc_host_t` a plugin instance receives, whose functions call into its
/// `HostContext`. The table and context outlive the instance (freed after `close`).
enum HostServicesTable {
  static func make(for context: HostContext) -> UnsafeMutablePointer<mlc_host_t> {
    let table = UnsafeMutablePointer<mlc_host_t>.allocate(capacity: 1)
    table.initialize(to: mlc_host_t(
      struct_size: ABI.size(of: mlc_host_t.self), abi_major: ABI.major, abi_minor: ABI.minor,
      host_data: Unmanaged.passUnretained(context).toOpaque(),
      log: hostLog, error: hostError, extension: hostExtension, http: hostHTTP,
      http_release: hostHTTPRelease, hmac_sha256_verify: hostHMACVerify, jwt_sign: hostJWTSign,
      lookup: hostLookup, mapping: hostMapping))
    return table
  }
}

/// Reads a borrowed view as text (invalid UTF-8 is repaired, never trusted).
func string(_ bytes: mlc_bytes_t) -> String {
  guard let pointer = bytes.ptr, bytes.len > 0 else { return "" }
  return String(decoding: UnsafeBufferPointer(start: pointer, count: Int(bytes.len)), as: UTF8.self)
}

func byteArray(_ bytes: mlc_bytes_t) -> [UInt8] {
  guard let pointer = bytes.ptr, bytes.len > 0 else { return [] }
  return Array(UnsafeBufferPointer(start: pointer, count: Int(bytes.len)))
}

/// Hands `text` to a plugin's emitter.
func emit(_ text: String, to out: UnsafePointer<mlc_emit_t>) -> mlc_status {
  var copy = text
  return copy.withUTF8 { buffer in
    out.pointee.put(out.pointee.context, mlc_bytes_t(ptr: buffer.baseAddress, len: UInt64(buffer.count)))
  }
}

private func context(_ data: UnsafeMutableRawPointer?) -> HostContext {
  Unmanaged<HostContext>.fromOpaque(data!).takeUnretainedValue()
}

/// Runs a service body and turns a thrown `HostServiceError` into the status and explanation.
private func serve(_ context: HostContext, _ body: () throws -> mlc_status) -> mlc_status {
  do {
    return try body()
  } catch let error as HostServiceError {
    context.recordError(context.logger.redact(error.message), retryAfter: error.retryAfterMilliseconds)
    return error.status
  } catch let error as SecretError {
    context.recordError(context.logger.redact("\(error)"), retryAfter: 0)
    if case .notFound = error { return ABI.notFound }
    return ABI.configError
  } catch {
    context.recordError(context.logger.redact("\(error)"), retryAfter: 0)
    return ABI.fatal
  }
}

private let hostLog: @convention(c) (UnsafeMutableRawPointer?, mlc_log_level, mlc_bytes_t) -> Void = { data, level, message in
  let context = context(data)
  let mapped = Logger.Level(rawValue: Int(max(0, min(3, level)))) ?? .info
  context.logger.log(mapped, string(message), source: context.connection)
}

private let hostError: @convention(c) (UnsafeMutableRawPointer?, mlc_bytes_t, UInt32) -> Void = { data, message, retryAfter in
  context(data).recordError(string(message), retryAfter: retryAfter)
}

private let hostExtension: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>) -> UnsafeRawPointer? = { _, _ in
  nil  // No optional services in this host version; plugins must cope with NULL.
}

private let hostHTTP: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<mlc_http_request_t>, UnsafeMutablePointer<mlc_http_response_t>) -> mlc_status = { data, requestPointer, responsePointer in
  let context = context(data)
  return serve(context) {
    guard let http = context.http else {
      throw HostServiceError(status: ABI.configError,
                             message: "connection \"\(context.connection)\" has no base_url, so it cannot make HTTP requests; set connections.\(context.connection).base_url")
    }
    let request = requestPointer.pointee
    var headers = HeaderList()
    if let list = request.headers {
      for index in 0..<Int(request.header_count) { headers.add(string(list[index].name), string(list[index].value)) }
    }
    let response: OutboundResponse
    do {
      response = try http.send(OutboundRequest(
        method: string(request.method).uppercased(), target: string(request.target), query: string(request.query),
        headers: headers, body: byteArray(request.body), flags: request.flags, timeoutMilliseconds: request.timeout_ms))
    } catch let error as HTTPServiceError {
      throw HostServiceError(status: error.status, message: error.message, retryAfterMilliseconds: error.retryAfterMilliseconds)
    }
    let storage = HTTPResponseStorage(response)
    context.keep(storage)
    responsePointer.pointee = mlc_http_response_t(
      struct_size: ABI.size(of: mlc_http_response_t.self), abi_major: ABI.major, abi_minor: ABI.minor,
      status: Int32(response.status), attempts: UInt32(response.attempts),
      headers: UnsafePointer(storage.headers), header_count: UInt64(storage.headerCount),
      body: storage.body, host_handle: storage.handle)
    return ABI.ok
  }
}

private let hostHTTPRelease: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<mlc_http_response_t>) -> Void = { data, response in
  guard let handle = response.pointee.host_handle else { return }
  context(data).release(handle: handle)
  response.pointee.host_handle = nil
}

private let hostHMACVerify: @convention(c) (UnsafeMutableRawPointer?, mlc_bytes_t, mlc_bytes_t, mlc_bytes_t) -> mlc_status = { data, name, message, signature in
  let context = context(data)
  return serve(context) {
    guard let crypto = context.crypto else {
      throw HostServiceError(status: ABI.unsupported, message: "crypto by secret name is not available to connection \"\(context.connection)\"")
    }
    return try crypto.hmacSHA256Verify(secretName: string(name), message: byteArray(message), signature: byteArray(signature)) ? ABI.ok : ABI.mismatch
  }
}

private let hostJWTSign: @convention(c) (UnsafeMutableRawPointer?, mlc_bytes_t, mlc_bytes_t, mlc_bytes_t, UnsafePointer<mlc_emit_t>) -> mlc_status = { data, name, alg, claims, out in
  let context = context(data)
  return serve(context) {
    guard let crypto = context.crypto else {
      throw HostServiceError(status: ABI.unsupported, message: "crypto by secret name is not available to connection \"\(context.connection)\"")
    }
    let token = try crypto.jwtSign(secretName: string(name), alg: string(alg), claims: byteArray(claims))
    return emit(token, to: out)
  }
}

private let hostLookup: @convention(c) (UnsafeMutableRawPointer?, mlc_bytes_t, mlc_bytes_t, UnsafePointer<mlc_emit_t>) -> mlc_status = { data, entity, sourceKey, out in
  let context = context(data)
  return serve(context) {
    guard let lookup = context.lookup, let key = try lookup.targetKey(entity: string(entity), sourceKey: string(sourceKey)) else {
      return ABI.notFound
    }
    return emit(key, to: out)
  }
}

private let hostMapping: @convention(c) (UnsafeMutableRawPointer?, mlc_bytes_t, mlc_bytes_t, UnsafePointer<mlc_emit_t>) -> mlc_status = { data, table, value, out in
  let context = context(data)
  return serve(context) {
    guard let mappings = context.mappings, let mapped = try mappings.value(table: string(table), from: string(value)) else {
      return ABI.notFound
    }
    return emit(mapped, to: out)
  }
}
