import Foundation

/// Signs compact JWS tokens (RFC 7515) for the `jwt_sign` host function: `RS256` with an
/// RSA private key in PEM, `HS256` with a shared secret.
///
/// The token is `base64url(header) "." base64url(claims) "." base64url(signature)`, base64url
/// without padding, with the header `{"alg":"<alg>","typ":"JWT"}`. The claims bytes are
/// signed exactly as given (after checking they are a JSON object), so the caller controls
/// claim order and formatting.
struct JWTSigner {
  /// The JWS algorithms the host implements.
  enum Algorithm: String, Sendable, CaseIterable {
    case rs256 = "RS256"
    case hs256 = "HS256"

    /// Parses an `alg` name as plugins send it; anything else is `unsupportedAlgorithm`.
    init(name: String) throws {
      guard let algorithm = Algorithm(rawValue: name) else { throw CryptoError.unsupportedAlgorithm(name) }
      self = algorithm
    }
  }

  let algorithm: Algorithm
  private let key: [UInt8]

  /// A signer for `algorithm`: `key` is the PEM text of an RSA private key (PKCS#8 or
  /// PKCS#1) for RS256, or the raw shared secret for HS256.
  init(algorithm: Algorithm, key: [UInt8]) {
    self.algorithm = algorithm
    self.key = key
  }

  /// A compact JWS over `claims` (a JSON object, UTF-8) with the standard header.
  func sign(claims: [UInt8]) throws -> String {
    let header = Array("{\"alg\":\"\(algorithm.rawValue)\",\"typ\":\"JWT\"}".utf8)
    return try token(header: header, claims: claims)
  }

  /// A compact JWS with an explicit protected header; `sign(claims:)` is the usual entry.
  /// Separate so tests can reproduce published examples byte for byte.
  func token(header: [UInt8], claims: [UInt8]) throws -> String {
    guard (try? JSONSerialization.jsonObject(with: Data(claims))) is [String: Any] else {
      throw CryptoError.invalidInput("JWT claims must be a JSON object (UTF-8); got \(claims.count) bytes that are not")
    }
    let signingInput = Self.base64URL(header) + "." + Self.base64URL(claims)
    let signature = try self.signature(signingInput: Array(signingInput.utf8))
    return signingInput + "." + Self.base64URL(signature)
  }

  /// The raw signature over `signingInput` (the ASCII `header.payload` part).
  func signature(signingInput: [UInt8]) throws -> [UInt8] {
    switch algorithm {
    case .hs256:
      guard !key.isEmpty else { throw CryptoError.invalidKey("HS256 needs a non-empty shared secret") }
      return try HMAC.sha256(key: key, message: signingInput)
    case .rs256:
      return try RSAKey(privateKeyPEM: key).signSHA256(signingInput)
    }
  }

  /// Base64url without padding (RFC 7515 section 2).
  static func base64URL(_ bytes: [UInt8]) -> String {
    var text = Data(bytes).base64EncodedString()
    text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    while text.hasSuffix("=") { text.removeLast() }
    return text
  }

  /// Decodes base64url with or without padding; nil when `text` is not base64url.
  static func base64URLDecode(_ text: String) -> [UInt8]? {
    var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
    return Data(base64Encoded: standard).map { Array($0) }
  }
}
