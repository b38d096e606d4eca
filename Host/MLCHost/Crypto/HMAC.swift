import CCrypto
import Foundation

/// HMAC-SHA256 through libcrypto's EVP_MAC interface (`EVP_Q_mac`), with a verifier that
/// does not leak where a forged signature first differs.
enum HMAC {
  /// The 32-byte HMAC-SHA256 of `message` under `key` (any length; RFC 2104 hashes keys
  /// longer than the block size first).
  static func sha256(key: [UInt8], message: [UInt8]) throws -> [UInt8] {
    var mac = [UInt8](repeating: 0, count: 32)
    var length = 0
    // EVP_Q_mac wants a non-NULL key pointer even for an empty key.
    let keyBytes = key.isEmpty ? [0] : key
    let result = keyBytes.withUnsafeBytes { k in
      message.withUnsafeBytes { m in
        EVP_Q_mac(nil, "HMAC", nil, "SHA256", nil, k.baseAddress, key.count,
                  m.baseAddress, m.count, &mac, mac.count, &length)
      }
    }
    guard result != nil, length == 32 else { throw CryptoError.fromQueue("HMAC-SHA256") }
    return mac
  }

  /// True when `signature` is the HMAC-SHA256 of `message` under `key`. A signature of
  /// the wrong length is rejected before comparing (length is public); equal-length ones
  /// are compared in constant time with `CRYPTO_memcmp`. Fails closed: if libcrypto cannot
  /// compute the MAC, nothing verifies.
  static func verifySHA256(key: [UInt8], message: [UInt8], signature: [UInt8]) -> Bool {
    guard let expected = try? sha256(key: key, message: message) else { return false }
    return CryptoPrimitives.constantTimeEqual(expected, signature)
  }
}
