import CMLCPlugin
import Foundation

/// The host side of one plugin instance: what the C host-services functions act on.
///
/// Lives at least as long as the instance; the C table's `host_data` points at it.
final class HostContext: @unchecked Sendable {
  let connection: String
  let plugin: String
  let logger: Logger
  var http: ConnectionHTTP?
  var crypto: ConnectionCrypto?
  var lookup: TargetKeyLookup?
  var mappings: MappingLookup?

  private let lock = NSLock()
  private var lastError: (message: String, retryAfter: UInt32)?
  private var responses: [UnsafeMutableRawPointer: HTTPResponseStorage] = [:]

  init(connection: String, plugin: String, logger: Logger) {
    self.connection = connection
    self.plugin = plugin
    self.logger = logger
  }

  /// Called before each plugin call: forgets the previous call's explanation.
  func beginCall() {
    lock.withLock { lastError = nil }
  }

  /// Called after each plugin call: frees responses the plugin did not release, and returns
  /// the explanation it gave for its status, redacted.
  func endCall() -> (message: String, retryAfter: UInt32) {
    lock.withLock {
      for storage in responses.values { storage.free() }
      responses.removeAll()
      let error = lastError ?? ("", 0)
      return (logger.redact(error.message), error.retryAfter)
    }
  }

  func recordError(_ message: String, retryAfter: UInt32) {
    lock.withLock { lastError = (message, retryAfter) }
  }

  func keep(_ storage: HTTPResponseStorage) {
    lock.withLock { responses[storage.handle] = storage }
  }

  func release(handle: UnsafeMutableRawPointer) {
    lock.withLock { responses.removeValue(forKey: handle)?.free() }
  }
}

/// The memory behind one `mlc_http_response_t`: header views and body, owned by the host
/// until the plugin releases the response or its call returns.
final class HTTPResponseStorage {
  let handle: UnsafeMutableRawPointer
  let headers: UnsafeMutablePointer<mlc_http_header_t>
  let headerCount: Int
  private let bytes: UnsafeMutablePointer<UInt8>
  let bodyStart: Int
  let bodyCount: Int

  init(_ response: OutboundResponse) {
    handle = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
    let headerBytes = response.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count }
    let headerCount = response.headers.count
    let total = max(1, headerBytes + response.body.count)
    let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: total)
    let headers = UnsafeMutablePointer<mlc_http_header_t>.allocate(capacity: max(1, headerCount))
    var offset = 0
    func put(_ text: String) -> mlc_bytes_t {
      let utf8 = Array(text.utf8)
      utf8.withUnsafeBufferPointer { if let base = $0.baseAddress { (bytes + offset).update(from: base, count: utf8.count) } }
      defer { offset += utf8.count }
      return mlc_bytes_t(ptr: UnsafePointer(bytes + offset), len: UInt64(utf8.count))
    }
    for (index, header) in response.headers.enumerated() {
      let name = put(header.name.lowercased())
      let value = put(header.value)
      (headers + index).initialize(to: mlc_http_header_t(name: name, value: value))
    }
    response.body.withUnsafeBufferPointer { buffer in
      if let base = buffer.baseAddress { (bytes + offset).update(from: base, count: buffer.count) }
    }
    self.bytes = bytes
    self.headers = headers
    self.headerCount = headerCount
    bodyStart = offset
    bodyCount = response.body.count
  }

  var body: mlc_bytes_t { mlc_bytes_t(ptr: UnsafePointer(bytes + bodyStart), len: UInt64(bodyCount)) }

  func free() {
    headers.deallocate()
    bytes.deallocate()
    handle.deallocate()
  }
}
