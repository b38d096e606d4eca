import CCrypto
import Foundation

/// An RSA key parsed from PEM, owning its `EVP_PKEY` for the lifetime of this object.
///
/// Private keys may be PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`);
/// public keys are SubjectPublicKeyInfo (`BEGIN PUBLIC KEY`). Encrypted private keys are
/// refused with the command that decrypts them: the vault already encrypts them at rest,
/// and a passphrase would be a second secret to store. Only OpenSSL 3 calls are used
/// (PEM_read_bio_*, EVP_PKEY_is_a, i2d_PUBKEY), no deprecated `RSA_*` API.
final class RSAKey {
  let pointer: OpaquePointer

  /// Parses an unencrypted RSA private key in PEM.
  init(privateKeyPEM pem: [UInt8]) throws {
    if pem.containsASCII("ENCRYPTED") {
      throw CryptoError.invalidKey(
        "the RSA private key is encrypted with a passphrase; store it decrypted "
          + "(`openssl pkcs8 -topk8 -nocrypt -in rsa_key.p8 -out rsa_key.pem`), the vault encrypts it at rest")
    }
    pointer = try Self.read(pem, what: "RSA private key (PEM, PKCS#8 or PKCS#1)") { bio in
      // A callback that supplies no passphrase: without one, libcrypto would prompt on the
      // terminal for an encrypted key that slipped past the check above.
      PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in -1 }, nil)
    }
  }

  /// Parses an RSA public key in PEM (SubjectPublicKeyInfo, `BEGIN PUBLIC KEY`).
  init(publicKeyPEM pem: [UInt8]) throws {
    pointer = try Self.read(pem, what: "RSA public key (PEM `BEGIN PUBLIC KEY`)") { bio in
      PEM_read_bio_PUBKEY(bio, nil, { _, _, _, _ in -1 }, nil)
    }
  }

  deinit { EVP_PKEY_free(pointer) }

  /// The DER encoding of the key's SubjectPublicKeyInfo (what `openssl rsa -pubout
  /// -outform DER` prints), the input to Snowflake's key fingerprint.
  func subjectPublicKeyInfoDER() throws -> [UInt8] {
    let length = i2d_PUBKEY(pointer, nil)
    guard length > 0 else { throw CryptoError.fromQueue("i2d_PUBKEY") }
    var der = [UInt8](repeating: 0, count: Int(length))
    let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
      var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
      return i2d_PUBKEY(pointer, &cursor)
    }
    guard written == length else { throw CryptoError.fromQueue("i2d_PUBKEY") }
    return der
  }

  /// An RSASSA-PKCS1-v1_5 signature over SHA-256 of `message` (JWS `RS256`), made with
  /// EVP_DigestSign.
  func signSHA256(_ message: [UInt8]) throws -> [UInt8] {
    guard let ctx = EVP_MD_CTX_new() else { throw CryptoError.fromQueue("EVP_MD_CTX_new") }
    defer { EVP_MD_CTX_free(ctx) }
    guard EVP_DigestSignInit(ctx, nil, EVP_sha256(), nil, pointer) == 1 else {
      throw CryptoError.fromQueue("EVP_DigestSignInit(SHA-256)")
    }
    var length = 0
    let sized = message.withUnsafeBytes { m in
      EVP_DigestSign(ctx, nil, &length, m.baseAddress, m.count)
    }
    guard sized == 1 else { throw CryptoError.fromQueue("EVP_DigestSign (size)") }
    var signature = [UInt8](repeating: 0, count: length)
    let signed = message.withUnsafeBytes { m in
      EVP_DigestSign(ctx, &signature, &length, m.baseAddress, m.count)
    }
    guard signed == 1 else { throw CryptoError.fromQueue("EVP_DigestSign") }
    return Array(signature.prefix(length))
  }

  /// Reads one key from `pem` through a memory BIO and checks that it is RSA.
  private static func read(
    _ pem: [UInt8], what: String, _ parse: (OpaquePointer) -> OpaquePointer?
  ) throws -> OpaquePointer {
    ERR_clear_error()
    let key: OpaquePointer? = pem.withUnsafeBytes { bytes in
      guard let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else { return nil }
      defer { BIO_free(bio) }
      return parse(bio)
    }
    guard let key else {
      let reason = CryptoError.fromQueue("PEM read").description
      throw CryptoError.invalidKey("not a readable \(what): \(reason)")
    }
    guard EVP_PKEY_is_a(key, "RSA") == 1 else {
      EVP_PKEY_free(key)
      throw CryptoError.invalidKey("the key is not RSA; RS256 and Snowflake key-pair auth need an RSA key (2048 bits or more)")
    }
    return key
  }
}

extension Array where Element == UInt8 {
  /// True when the ASCII `needle` occurs in these bytes (used to spot PEM markers).
  fileprivate func containsASCII(_ needle: String) -> Bool {
    let pattern = Array(needle.utf8)
    guard pattern.count <= count else { return false }
    return (0...(count - pattern.count)).contains { start in
      self[start..<(start + pattern.count)].elementsEqual(pattern)
    }
  }
}
