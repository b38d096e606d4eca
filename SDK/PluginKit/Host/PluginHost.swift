import CMLCPlugin

/// The host's services for one connector instance: logging, HTTP with the connection's
/// credentials, crypto by secret name, and the id map. Wraps the `mlc_host_t` table
/// passed to `open`.
///
/// Valid until the instance is closed; the kit hands it to `Connector.init`. Every service
/// may be called from any thread (one instance only gets concurrent calls when its
/// manifest says `concurrent`). Secrets never enter plugin memory: the host attaches
/// credentials to requests and signs or verifies by secret *name*.
public struct PluginHost: @unchecked Sendable {
  typealias LogFunction = @convention(c) (UnsafeMutableRawPointer?, mlc_log_level, mlc_bytes_t) -> Void
  typealias ErrorFunction = @convention(c) (UnsafeMutableRawPointer?, mlc_bytes_t, UInt32) -> Void
  typealias ExtensionFunction = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>) -> UnsafeRawPointer?
  typealias HTTPFunction = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<mlc_http_request_t>,
                                           UnsafeMutablePointer<mlc_http_response_t>) -> mlc_status
  typealias ReleaseFunction = @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<mlc_http_response_t>) -> Void
  typealias VerifyFunction = @convention(c) (UnsafeMutableRawPointer?, mlc_bytes_t, mlc_bytes_t, mlc_bytes_t) -> mlc_status
  typealias SignFunction = @convention(c) (UnsafeMutableRawPointer?, mlc_bytes_t, mlc_bytes_t, mlc_bytes_t,
                                           UnsafePointer<mlc_emit_t>) -> mlc_status
  typealias LookupFunction = @convention(c) (UnsafeMutableRawPointer?, mlc_bytes_t, mlc_bytes_t,
                                             UnsafePointer<mlc_emit_t>) -> mlc_status

  private let hostData: UnsafeMutableRawPointer?
  private let logFunction: LogFunction
  private let errorFunction: ErrorFunction
  private let extensionFunction: ExtensionFunction
  let httpFunction: HTTPFunction
  let releaseFunction: ReleaseFunction
  private let verifyFunction: VerifyFunction
  private let signFunction: SignFunction
  private let lookupFunction: LookupFunction
  private let mappingFunction: LookupFunction

  /// Why a host table cannot be used, for the cases where the table is so broken that
  /// not even its `error` function can be called.
  struct Unusable: Error {
    let reason: String
  }

  /// Copies the service pointers out of the host's table, checking the table is of this
  /// ABI major and holds every service of its major (the header promises none is NULL; a host that
  /// breaks that promise gets an error here instead of a crash later).
  init(_ table: UnsafePointer<mlc_host_t>) throws {
    let view = CStructView(table)
    guard let major = view.load(\.abi_major), major == UInt16(MLC_ABI_MAJOR) else {
      throw Unusable(reason: "the host's service table is of ABI major \(view.load(\.abi_major).map(String.init) ?? "?"), not \(MLC_ABI_MAJOR)")
    }
    guard let log = view.load(\.log, as: LogFunction?.self) ?? nil,
          let error = view.load(\.error, as: ErrorFunction?.self) ?? nil,
          let service = view.load(\.extension, as: ExtensionFunction?.self) ?? nil,
          let http = view.load(\.http, as: HTTPFunction?.self) ?? nil,
          let release = view.load(\.http_release, as: ReleaseFunction?.self) ?? nil,
          let verify = view.load(\.hmac_sha256_verify, as: VerifyFunction?.self) ?? nil,
          let sign = view.load(\.jwt_sign, as: SignFunction?.self) ?? nil,
          let lookup = view.load(\.lookup, as: LookupFunction?.self) ?? nil,
          let mapping = view.load(\.mapping, as: LookupFunction?.self) ?? nil
    else {
      throw Unusable(reason: "the host's service table (struct_size \(view.declaredSize)) lacks a service of ABI \(MLC_ABI_MAJOR).0 or holds NULL")
    }
    hostData = view.load(\.host_data) ?? nil
    logFunction = log
    errorFunction = error
    extensionFunction = service
    httpFunction = http
    releaseFunction = release
    verifyFunction = verify
    signFunction = sign
    lookupFunction = lookup
    mappingFunction = mapping
  }

  /// Writes a log line attributed to this connection. The host redacts known secret
  /// values from it before it reaches any log.
  public func log(_ level: LogLevel, _ message: String) {
    CBytes.withView(message) { logFunction(hostData, level.cValue, $0) }
  }

  /// Explains the status the current plugin call is about to return; the boundary calls
  /// it for every error a connector throws.
  func reportError(_ message: String, retryAfterMilliseconds: UInt32) {
    CBytes.withView(message) { errorFunction(hostData, $0, retryAfterMilliseconds) }
  }

  /// An optional host service table by id, such as `"mlc.webhook/1"`, or nil when this
  /// host lacks it. Valid until the instance is closed.
  public func service(_ id: String) -> UnsafeRawPointer? {
    id.withCString { extensionFunction(hostData, $0) }
  }

  /// Sends one request on this connection (see `HTTPRequest`) and returns the final
  /// response, 4xx and 5xx included. Throws a `PluginError` when no final response came:
  /// `.retry` when the host's retry budget ran out, `.config` when the connection's config
  /// or credentials are wrong, `.fatal` otherwise. The host has already recorded the exact
  /// reason then, so the error is marked `explainedByHost`.
  public func http(_ request: HTTPRequest) throws -> HTTPResponse {
    try HTTPExchange(host: self, hostData: hostData).send(request)
  }

  /// Finds the target system's key for a record this flow already delivered, or nil when
  /// it has not been delivered (the id map is filled from sink outcomes).
  public func lookup(entity: String, sourceKey: String) throws -> String? {
    try find(lookupFunction, entity, sourceKey, failure: "id map lookup of \(entity) \"\(sourceKey)\" failed")
  }

  /// Translates `value` through the deployment mapping table `table` (`mlc map set`), or
  /// nil when the table has no row for it: report the record `.held` naming the table and
  /// value, and the host retries it once someone sets the mapping.
  public func mapping(table: String, value: String) throws -> String? {
    try find(mappingFunction, table, value, failure: "mapping of \"\(value)\" through table \(table) failed")
  }

  /// Calls a two-argument host lookup (`lookup`, `mapping`): its answer, nil for
  /// MLC_NOT_FOUND, a thrown `PluginError` for anything else.
  private func find(_ function: LookupFunction, _ first: String, _ second: String, failure: String) throws -> String? {
    let collector = ByteCollector()
    let status = CBytes.withView(first) { firstView in
      CBytes.withView(second) { secondView in
        collector.withEmit { function(hostData, firstView, secondView, $0) }
      }
    }
    switch status {
    case mlc_status(MLC_OK): return collector.text
    case mlc_status(MLC_NOT_FOUND): return nil
    default: throw Self.failure(status, failure)
    }
  }

  /// Verifies, in constant time inside the host, that `signature` (raw bytes) is the
  /// HMAC-SHA256 of `message` under the secret named `secret`: false when it does not
  /// match. Throws `.config` when no such secret exists, and a `PluginError` when the host
  /// could not verify at all.
  public func hmacSHA256Verify(secret: String, message: [UInt8], signature: [UInt8]) throws -> Bool {
    let status = CBytes.withView(secret) { name in
      CBytes.withView(message) { text in
        CBytes.withView(signature) { mac in verifyFunction(hostData, name, text, mac) }
      }
    }
    switch status {
    case mlc_status(MLC_OK): return true
    case mlc_status(MLC_MISMATCH): return false
    case mlc_status(MLC_NOT_FOUND):
      throw PluginError.config("no secret named \"\(secret)\" for HMAC verification; store it with `mlc secret set \(secret)`")
    default:
      throw Self.failure(status, "HMAC-SHA256 verification with secret \"\(secret)\" failed")
    }
  }

  /// Signs a JWT over `claimsJSON` with the key in the secret named `secret` (`alg`
  /// `"RS256"` for an RSA private key in PEM, `"HS256"` for a shared secret) and returns
  /// the compact token.
  public func jwtSign(secret: String, alg: String, claimsJSON: String) throws -> String {
    let collector = ByteCollector()
    let status = CBytes.withView(secret) { name in
      CBytes.withView(alg) { algorithm in
        CBytes.withView(claimsJSON) { claims in
          collector.withEmit { signFunction(hostData, name, algorithm, claims, $0) }
        }
      }
    }
    switch status {
    case mlc_status(MLC_OK): return collector.text
    case mlc_status(MLC_NOT_FOUND):
      throw PluginError.config("no secret named \"\(secret)\" for JWT signing; store it with `mlc secret set \(secret)`")
    default:
      throw Self.failure(status, "\(alg) JWT signing with secret \"\(secret)\" failed")
    }
  }

  /// The error for a host service that returned `status`.
  static func failure(_ status: mlc_status, _ what: String, explainedByHost: Bool = false) -> PluginError {
    switch status {
    case mlc_status(MLC_RETRY):
      return PluginError(code: .retry, message: "\(what): temporarily unavailable, try again later",
                         explainedByHost: explainedByHost)
    case mlc_status(MLC_CONFIG_ERROR):
      return PluginError(code: .config, message: "\(what): the connection's config or credentials are wrong",
                         explainedByHost: explainedByHost)
    case mlc_status(MLC_UNSUPPORTED):
      return PluginError(code: .unsupported, message: "\(what): this host does not support it",
                         explainedByHost: explainedByHost)
    default:
      return PluginError(code: .fatal, message: "\(what) (status \(status))", explainedByHost: explainedByHost)
    }
  }
}
