import CCrypto
import Foundation

/// AES-256-GCM authenticated encryption through libcrypto's EVP interface.
///
/// Every `seal` draws a fresh 12-byte nonce from `RAND_bytes`, so callers never manage
/// nonces; with random 96-bit nonces one key stays safe for far more values than a vault
/// will ever hold (NIST SP 800-38D's 2^32 limit). `open` fails with
/// `CryptoError.authenticationFailed` when any byte of the nonce, ciphertext, tag or the
/// associated data differs from what was sealed.
enum AESGCM {
  static let keySize = 32
  static let nonceSize = 12
  static let tagSize = 16

  /// The output of `seal`: all three parts are needed to open it.
  struct SealedBox: Equatable, Sendable {
    let nonce: [UInt8]
    let ciphertext: [UInt8]
    let tag: [UInt8]
  }

  /// Encrypts `plaintext` under the 32-byte `key`, binding `aad` (authenticated, not
  /// encrypted) into the tag.
  static func seal(_ plaintext: [UInt8], key: [UInt8], aad: [UInt8] = []) throws -> SealedBox {
    try checkKey(key)
    let nonce = try CryptoPrimitives.randomBytes(nonceSize)
    let context = try CipherContext()
    let ctx = context.pointer
    guard EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
          EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceSize), nil) == 1,
          EVP_EncryptInit_ex(ctx, nil, nil, key, nonce) == 1
    else { throw CryptoError.fromQueue("AES-256-GCM encrypt init") }

    var length: Int32 = 0
    if !aad.isEmpty {
      guard EVP_EncryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1 else {
        throw CryptoError.fromQueue("AES-256-GCM associated data")
      }
    }
    // GCM is a stream mode: ciphertext is exactly as long as the plaintext. One spare block
    // keeps the buffer non-empty for an empty plaintext.
    var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
    var written = 0
    if !plaintext.isEmpty {
      guard EVP_EncryptUpdate(ctx, &ciphertext, &length, plaintext, Int32(plaintext.count)) == 1 else {
        throw CryptoError.fromQueue("AES-256-GCM encrypt")
      }
      written = Int(length)
    }
    let final = ciphertext.withUnsafeMutableBufferPointer { buffer in
      EVP_EncryptFinal_ex(ctx, buffer.baseAddress! + written, &length)
    }
    guard final == 1 else { throw CryptoError.fromQueue("AES-256-GCM encrypt final") }
    written += Int(length)

    var tag = [UInt8](repeating: 0, count: tagSize)
    guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(tagSize), &tag) == 1 else {
      throw CryptoError.fromQueue("AES-256-GCM get tag")
    }
    return SealedBox(nonce: nonce, ciphertext: Array(ciphertext.prefix(written)), tag: tag)
  }

  /// Decrypts and authenticates `box` under `key` and the same `aad` given to `seal`.
  /// Returns no plaintext at all unless the tag verifies.
  static func open(_ box: SealedBox, key: [UInt8], aad: [UInt8] = []) throws -> [UInt8] {
    try checkKey(key)
    guard box.nonce.count == nonceSize, box.tag.count == tagSize else {
      throw CryptoError.authenticationFailed
    }
    let context = try CipherContext()
    let ctx = context.pointer
    guard EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
          EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceSize), nil) == 1,
          EVP_DecryptInit_ex(ctx, nil, nil, key, box.nonce) == 1
    else { throw CryptoError.fromQueue("AES-256-GCM decrypt init") }

    var length: Int32 = 0
    if !aad.isEmpty {
      guard EVP_DecryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1 else {
        throw CryptoError.fromQueue("AES-256-GCM associated data")
      }
    }
    var plaintext = [UInt8](repeating: 0, count: box.ciphertext.count + 16)
    var written = 0
    if !box.ciphertext.isEmpty {
      guard EVP_DecryptUpdate(ctx, &plaintext, &length, box.ciphertext, Int32(box.ciphertext.count)) == 1 else {
        throw CryptoError.fromQueue("AES-256-GCM decrypt")
      }
      written = Int(length)
    }
    var tag = box.tag
    guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(tagSize), &tag) == 1 else {
      throw CryptoError.fromQueue("AES-256-GCM set tag")
    }
    let final = plaintext.withUnsafeMutableBufferPointer { buffer in
      EVP_DecryptFinal_ex(ctx, buffer.baseAddress! + written, &length)
    }
    guard final == 1 else {
      // A tag mismatch leaves no useful reason in the queue; drop whatever is there.
      ERR_clear_error()
      plaintext.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
      throw CryptoError.authenticationFailed
    }
    written += Int(length)
    return Array(plaintext.prefix(written))
  }

  private static func checkKey(_ key: [UInt8]) throws {
    guard key.count == keySize else {
      throw CryptoError.invalidKey("AES-256-GCM needs a \(keySize)-byte key, got \(key.count) bytes")
    }
  }

  /// Owns an `EVP_CIPHER_CTX` so every exit path frees it (and libcrypto wipes the key
  /// schedule it holds).
  private final class CipherContext {
    let pointer: OpaquePointer
    init() throws {
      guard let pointer = EVP_CIPHER_CTX_new() else { throw CryptoError.fromQueue("EVP_CIPHER_CTX_new") }
      self.pointer = pointer
    }
    deinit { EVP_CIPHER_CTX_free(pointer) }
  }
}
