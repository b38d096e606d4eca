import CMLCPlugin
import Foundation

/// An `mlc_host_t` built in Swift: records what a plugin logs and reports, answers id-map
/// lookups, HMAC checks, JWT signing and HTTP from canned values, and counts releases.
///
/// The table lives in memory this object owns, so it stays valid (as the header requires)
/// until the test drops the host after closing the instance.
final class FakeHost {
  /// One `http` call as the plugin made it.
  struct SeenRequest {
    var method: String
    var target: String
    var query: String
    var headers: [String: String]
    var body: String
    var flags: UInt32
    var timeout: UInt32
  }

  /// What the fake's `http` returns.
  struct CannedResponse {
    var status: mlc_status = mlc_status(MLC_OK)
    var httpStatus: Int32 = 200
    var headers: [(String, String)] = []
    var body: String = ""
  }

  var logs: [(level: mlc_log_level, message: String)] = []
  var errors: [(message: String, retryAfter: UInt32)] = []
  var idMap: [String: String] = [:]
  var secrets: [String: [UInt8]] = [:]
  /// When set, `hmac_sha256_verify` answers MLC_FATAL: the host could not verify at all.
  var verifyFailsInHost = false
  var requests: [SeenRequest] = []
  var response = CannedResponse()
  var releases = 0
  /// Bytes lent to the plugin in the last response, freed on `http_release`.
  private var lent: [UnsafeMutableRawBufferPointer] = []
  private var lentHeaders: UnsafeMutableBufferPointer<mlc_http_header_t>?

  private(set) var table: UnsafeMutablePointer<mlc_host_t>

  init() {
    table = .allocate(capacity: 1)
    table.initialize(to: mlc_host_t(
      struct_size: UInt32(MemoryLayout<mlc_host_t>.size),
      abi_major: UInt16(MLC_ABI_MAJOR), abi_minor: UInt16(MLC_ABI_MINOR),
      host_data: nil,
      log: { data, level, message in FakeHost.from(data).logs.append((level, text(message))) },
      error: { data, message, retry in FakeHost.from(data).errors.append((text(message), retry)) },
      extension: { _, id in String(cString: id) == "mlc.test/1" ? UnsafeRawPointer(bitPattern: 0x1000) : nil },
      http: { data, request, response in FakeHost.from(data).http(request.pointee, response) },
      http_release: { data, response in FakeHost.from(data).release(response) },
      hmac_sha256_verify: { data, name, message, signature in
        FakeHost.from(data).verify(text(name), bytes(message), bytes(signature))
      },
      jwt_sign: { data, name, alg, claims, out in
        guard FakeHost.from(data).secrets[text(name)] != nil else { return mlc_status(MLC_NOT_FOUND) }
        let token = "jwt.\(text(alg)).\(text(claims))"
        return token.withCString { out.pointee.put(out.pointee.context, mlc_bytes_t(ptr: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), len: UInt64(strlen($0)))) }
      },
      lookup: { data, entity, key, out in
        guard let target = FakeHost.from(data).idMap["\(text(entity))|\(text(key))"] else {
          return mlc_status(MLC_NOT_FOUND)
        }
        return Array(target.utf8).withUnsafeBufferPointer {
          out.pointee.put(out.pointee.context, mlc_bytes_t(ptr: $0.baseAddress, len: UInt64($0.count)))
        }
      },
      mapping: { _, _, _, _ in mlc_status(MLC_NOT_FOUND) }))
    table.pointee.host_data = Unmanaged.passUnretained(self).toOpaque()
  }

  deinit {
    freeLent()
    table.deinitialize(count: 1)
    table.deallocate()
  }

  static func from(_ data: UnsafeMutableRawPointer?) -> FakeHost {
    guard let data else { fatalError("the plugin passed a NULL host_data") }
    return Unmanaged<FakeHost>.fromOpaque(data).takeUnretainedValue()
  }

  private func http(_ request: mlc_http_request_t, _ out: UnsafeMutablePointer<mlc_http_response_t>) -> mlc_status {
    var headers: [String: String] = [:]
    if let first = request.headers {
      for header in UnsafeBufferPointer(start: first, count: Int(request.header_count)) {
        headers[text(header.name)] = text(header.value)
      }
    }
    requests.append(SeenRequest(method: text(request.method), target: text(request.target),
                                query: text(request.query), headers: headers, body: text(request.body),
                                flags: request.flags, timeout: request.timeout_ms))
    guard response.status == MLC_OK else { return response.status }
    freeLent()
    let names = response.headers.map { lend($0.0) }
    let values = response.headers.map { lend($0.1) }
    let headerTable = UnsafeMutableBufferPointer<mlc_http_header_t>.allocate(capacity: max(names.count, 1))
    for index in names.indices {
      headerTable[index] = mlc_http_header_t(name: names[index], value: values[index])
    }
    lentHeaders = headerTable
    out.pointee.status = response.httpStatus
    out.pointee.attempts = 2
    out.pointee.headers = UnsafePointer(headerTable.baseAddress)
    out.pointee.header_count = UInt64(names.count)
    out.pointee.body = lend(response.body)
    return mlc_status(MLC_OK)
  }

  private func release(_ response: UnsafeMutablePointer<mlc_http_response_t>) {
    releases += 1
    freeLent()
    response.pointee.body = mlc_bytes_t(ptr: nil, len: 0)
  }

  private func verify(_ name: String, _ message: [UInt8], _ signature: [UInt8]) -> mlc_status {
    guard let secret = secrets[name] else { return mlc_status(MLC_NOT_FOUND) }
    // Not HMAC: the fake only needs a deterministic function of secret and message.
    let expected = message.enumerated().map { $0.element ^ secret[$0.offset % secret.count] }
    if verifyFailsInHost { return mlc_status(MLC_FATAL) }
    return expected == signature ? mlc_status(MLC_OK) : mlc_status(MLC_MISMATCH)
  }

  private func lend(_ value: String) -> mlc_bytes_t {
    let utf8 = Array(value.utf8)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(utf8.count, 1), alignment: 1)
    buffer.copyBytes(from: utf8)
    lent.append(buffer)
    return mlc_bytes_t(ptr: UnsafePointer(buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)),
                       len: UInt64(utf8.count))
  }

  private func freeLent() {
    for buffer in lent { buffer.deallocate() }
    lent = []
    lentHeaders?.deallocate()
    lentHeaders = nil
  }
}

/// A byte view's text.
func text(_ view: mlc_bytes_t) -> String {
  guard let pointer = view.ptr else { return "" }
  return String(decoding: UnsafeBufferPointer(start: pointer, count: Int(view.len)), as: UTF8.self)
}

/// A byte view's bytes.
func bytes(_ view: mlc_bytes_t) -> [UInt8] {
  guard let pointer = view.ptr else { return [] }
  return Array(UnsafeBufferPointer(start: pointer, count: Int(view.len)))
}
