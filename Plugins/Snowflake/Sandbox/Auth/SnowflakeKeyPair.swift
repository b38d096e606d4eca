import CCrypto
import Foundation

/// An RSA key registered for a Snowflake user, as `ALTER USER ... SET RSA_PUBLIC_KEY` registers
/// one, with the fingerprint Snowflake expects in a key-pair JWT's `iss` claim.
///
/// The fingerprint is `SHA256:` + base64 of the SHA-256 of the public key's DER
/// SubjectPublicKeyInfo, which is what `DESC USER` shows as RSA_PUBLIC_KEY_FP
/// (docs.snowflake.com/en/developer-guide/sql-api/authenticating; snowflake-connector-python
/// `auth/keypair.py`). Holds the private half when the sandbox generated the key or was given
/// it, so tests and the host can sign tokens; verification needs only the public half.
public final class SnowflakeKeyPair: @unchecked Sendable {
  /// The EVP_PKEY; immutable after init, and OpenSSL allows concurrent use of a key for
  /// signing and verifying through separate contexts.
  private let key: OpaquePointer
  /// The public key as PEM (`-----BEGIN PUBLIC KEY-----`).
  public let publicKeyPEM: String
  /// The private key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), when held.
  public let privateKeyPEM: String?
  /// `SHA256:<base64>` of the DER SubjectPublicKeyInfo.
  public let fingerprint: String

  private init(key: OpaquePointer, hasPrivate: Bool) throws {
    self.key = key
    publicKeyPEM = try Self.pem { PEM_write_bio_PUBKEY($0, key) }
    privateKeyPEM = hasPrivate ? try Self.pem { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) } : nil
    let length = i2d_PUBKEY(key, nil)
    guard length > 0 else { throw Self.failure("encode the public key as DER") }
    var der = [UInt8](repeating: 0, count: Int(length))
    der.withUnsafeMutableBufferPointer { buffer in
      var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
      _ = i2d_PUBKEY(key, &cursor)
    }
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var digestLength: UInt32 = 0
    guard EVP_Digest(der, der.count, &digest, &digestLength, EVP_sha256(), nil) == 1 else {
      throw Self.failure("hash the public key")
    }
    fingerprint = "SHA256:" + Data(digest.prefix(Int(digestLength))).base64EncodedString()
  }

  deinit {
    EVP_PKEY_free(key)
  }

  /// Generates a new RSA key pair (2048 bits, as Snowflake's key-pair guide uses).
  public static func generate(bits: Int32 = 2048) throws -> SnowflakeKeyPair {
    guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nil) else { throw failure("create a key generation context") }
    defer { EVP_PKEY_CTX_free(context) }
    var key: OpaquePointer?
    guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_CTX_set_rsa_keygen_bits(context, bits) == 1,
          EVP_PKEY_keygen(context, &key) == 1, let key else {
      throw failure("generate an RSA key")
    }
    return try SnowflakeKeyPair(key: key, hasPrivate: true)
  }

  /// Loads a private key from PEM (PKCS#8 or PKCS#1, unencrypted).
  public convenience init(privateKeyPEM pem: String) throws {
    let key = try Self.read(pem) { PEM_read_bio_PrivateKey($0, nil, nil, nil) }
    try self.init(key: key, hasPrivate: true)
  }

  /// Loads a public key from PEM (`BEGIN PUBLIC KEY`), or from the bare base64 body that
  /// `ALTER USER ... SET RSA_PUBLIC_KEY='MIIB...'` takes.
  public convenience init(publicKeyPEM pem: String) throws {
    let text = pem.contains("-----BEGIN") ? pem : "-----BEGIN PUBLIC KEY-----\n\(pem)\n-----END PUBLIC KEY-----\n"
    let key = try Self.read(text) { PEM_read_bio_PUBKEY($0, nil, nil, nil) }
    try self.init(key: key, hasPrivate: false)
  }

  /// Signs `data` with RS256 (RSASSA-PKCS1-v1_5 over SHA-256); needs the private key.
  public func sign(_ data: [UInt8]) throws -> [UInt8] {
    guard privateKeyPEM != nil else { throw Self.failure("sign: this key holds no private half") }
    guard let context = EVP_MD_CTX_new() else { throw Self.failure("create a signing context") }
    defer { EVP_MD_CTX_free(context) }
    var length = 0
    guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1,
          EVP_DigestSign(context, nil, &length, data, data.count) == 1 else { throw Self.failure("start signing") }
    var signature = [UInt8](repeating: 0, count: length)
    guard EVP_DigestSign(context, &signature, &length, data, data.count) == 1 else { throw Self.failure("sign") }
    return Array(signature.prefix(length))
  }

  /// Whether `signature` is a valid RS256 signature of `data` by this key.
  func verify(signature: [UInt8], of data: [UInt8]) -> Bool {
    guard let context = EVP_MD_CTX_new() else { return false }
    defer { EVP_MD_CTX_free(context) }
    guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key) == 1 else { return false }
    return EVP_DigestVerify(context, signature, signature.count, data, data.count) == 1
  }

  /// A key-pair JWT as Snowflake's connectors build one: `iss` = `ACCOUNT.USER.<fingerprint>`,
  /// `sub` = `ACCOUNT.USER` (both upper-cased here, as the connectors do), `iat` and `exp` in
  /// seconds.
  public func jwt(account: String, user: String, issuedAt: Date, lifetime: TimeInterval = 60) throws -> String {
    let subject = account.uppercased() + "." + user.uppercased()
    let iat = Int64(issuedAt.timeIntervalSince1970)
    let claims = #"{"iss":"\#(subject).\#(fingerprint)","sub":"\#(subject)","iat":\#(iat),"exp":\#(iat + Int64(lifetime))}"#
    return try signJWT(claims: claims)
  }

  /// Signs any claims JSON as an RS256 JWT, for tests that need malformed or hostile tokens.
  public func signJWT(claims: String, header: String = #"{"alg":"RS256","typ":"JWT"}"#) throws -> String {
    let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.utf8))
    return input + "." + Base64URL.encode(try sign(Array(input.utf8)))
  }

  private static func pem(_ write: (OpaquePointer) -> Int32) throws -> String {
    guard let bio = BIO_new(BIO_s_mem()) else { throw failure("allocate a memory BIO") }
    defer { BIO_free(bio) }
    guard write(bio) == 1 else { throw failure("write PEM") }
    let pending = Int(BIO_ctrl_pending(bio))
    var bytes = [UInt8](repeating: 0, count: pending)
    guard BIO_read(bio, &bytes, Int32(pending)) == Int32(pending) else { throw failure("read PEM") }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func read(_ pem: String, _ parse: (OpaquePointer) -> OpaquePointer?) throws -> OpaquePointer {
    let bytes = Array(pem.utf8)
    guard let bio = BIO_new_mem_buf(bytes, Int32(bytes.count)) else { throw failure("allocate a memory BIO") }
    defer { BIO_free(bio) }
    guard let key = parse(bio) else {
      throw failure("read the key PEM; pass an unencrypted RSA key as '-----BEGIN PRIVATE KEY-----' or '-----BEGIN PUBLIC KEY-----' text")
    }
    return key
  }

  private static func failure(_ what: String) -> SnowflakeKeyError {
    let code = ERR_get_error()
    var buffer = [CChar](repeating: 0, count: 256)
    ERR_error_string_n(code, &buffer, buffer.count)
    return SnowflakeKeyError(message: "Snowflake sandbox: cannot \(what): \(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
  }
}

/// An OpenSSL failure while creating, loading or using a key, with OpenSSL's reason.
public struct SnowflakeKeyError: Error, CustomStringConvertible, Sendable {
  public let message: String
  public var description: String { message }
}

/// Base64url without padding (RFC 7515 §2), as JWTs use.
enum Base64URL {
  static func encode(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
  }

  static func decode(_ text: Substring) -> [UInt8]? {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    guard !base64.contains("=") else { return nil }
    base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
    return Data(base64Encoded: base64).map { Array($0) }
  }
}
