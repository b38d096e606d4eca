import CMLCPlugin
import XCTest
@testable import MLCHost

/// The C host-services table as a plugin sees it: crypto by secret name, the id map, mapping
/// tables, and errors that become the plugin call's explanation.
final class HostServicesTableTests: XCTestCase {
  private let context = HostContext(connection: "c", plugin: "p", logger: Logger(minimum: .error))
  private var table: UnsafeMutablePointer<mlc_host_t>!

  override func setUp() {
    table = HostServicesTable.make(for: context)
  }

  override func tearDown() {
    table.deinitialize(count: 1)
    table.deallocate()
  }

  private func bytes(_ text: String, _ body: (mlc_bytes_t) -> mlc_status) -> mlc_status {
    var copy = text
    return copy.withUTF8 { body(mlc_bytes_t(ptr: $0.baseAddress, len: UInt64($0.count))) }
  }

  private func collecting(_ body: (UnsafePointer<mlc_emit_t>) -> mlc_status) -> (mlc_status, String) {
    let collector = ByteCollector()
    var emit = mlc_emit_t(struct_size: ABI.size(of: mlc_emit_t.self), abi_major: ABI.major, abi_minor: ABI.minor,
                          context: Unmanaged.passUnretained(collector).toOpaque(), put: { context, bytes in
                            Unmanaged<ByteCollector>.fromOpaque(context!).takeUnretainedValue().bytes += byteArray(bytes)
                            return mlc_status(MLC_OK)
                          })
    let status = body(&emit)
    return (status, String(decoding: collector.bytes, as: UTF8.self))
  }

  func testHMACVerifyAndJWTSignUseTheSecretWithoutHandingItOver() throws {
    let secrets = NetTestSecrets(["hook-key": "key", "jwt-key": "your-256-bit-secret"])
    context.crypto = CryptoService(secrets: secrets)
    // RFC 4231 test case 2: HMAC-SHA256("key"... ) is checked by the crypto tests; here the
    // bridge must say OK for a right signature and MISMATCH (not FATAL, not a crash) for a wrong one.
    let message = "what do ya want for nothing?"
    let good = try HMAC.sha256(key: Array("key".utf8), message: Array(message.utf8))
    let verify = table.pointee.hmac_sha256_verify
    let data = table.pointee.host_data
    let ok = bytes("hook-key") { name in bytes(message) { text in
      good.withUnsafeBufferPointer { verify(data, name, text, mlc_bytes_t(ptr: $0.baseAddress, len: UInt64($0.count))) } } }
    XCTAssertEqual(ok, ABI.ok)
    let bad = bytes("hook-key") { name in bytes(message) { text in bytes("not-the-mac") { verify(data, name, text, $0) } } }
    XCTAssertEqual(bad, ABI.mismatch, "a wrong signature is a mismatch, not a failure of the host")
    let missing = bytes("nope") { name in bytes(message) { text in bytes("x") { verify(data, name, text, $0) } } }
    XCTAssertEqual(missing, ABI.notFound)
    XCTAssertTrue(context.endCall().message.contains("mlc secret set nope"))

    let (status, token) = collecting { out in
      bytes("jwt-key") { name in bytes("HS256") { alg in bytes(#"{"sub":"1"}"#) { claims in table.pointee.jwt_sign(data, name, alg, claims, out) } } }
    }
    XCTAssertEqual(status, ABI.ok)
    XCTAssertEqual(token.split(separator: ".").count, 3)
    XCTAssertFalse(token.contains("your-256-bit-secret"))
  }

  func testLookupAndMappingAnswerNotFoundUntilThereIsARow() throws {
    let directory = NSTemporaryDirectory() + "/mlc-table-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let state = try StateStore(directory: directory)
    let mappings = MappingStore(database: state.database)
    context.mappings = mappings
    context.lookup = IdMapLookup(database: state.database, flow: "f")
    let data = table.pointee.host_data
    let mapping = table.pointee.mapping
    let (before, _) = collecting { out in bytes("gl_cost_center") { t in bytes("4000-100") { mapping(data, t, $0, out) } } }
    XCTAssertEqual(before, ABI.notFound)
    try mappings.set(table: "gl_cost_center", source: "4000-100", target: "CC-10")
    let (after, value) = collecting { out in bytes("gl_cost_center") { t in bytes("4000-100") { mapping(data, t, $0, out) } } }
    XCTAssertEqual(after, ABI.ok)
    XCTAssertEqual(value, "CC-10")
    let lookup = table.pointee.lookup
    let (unknown, _) = collecting { out in bytes("vendor") { e in bytes("V1") { lookup(data, e, $0, out) } } }
    XCTAssertEqual(unknown, ABI.notFound)
  }

  func testHTTPWithoutABaseURLIsAConfigErrorThatSaysWhatToSet() {
    var request = mlc_http_request_t()
    request.struct_size = ABI.size(of: mlc_http_request_t.self)
    var response = mlc_http_response_t()
    let status = table.pointee.http(table.pointee.host_data, &request, &response)
    XCTAssertEqual(status, ABI.configError)
    XCTAssertEqual(context.endCall().message,
                   #"connection "c" has no base_url, so it cannot make HTTP requests; set connections.c.base_url"#)
  }
}
