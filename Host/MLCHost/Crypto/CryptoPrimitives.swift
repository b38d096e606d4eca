import CCrypto
import Foundation

/// Small helpers shared by the crypto types: random bytes, SHA-256, constant-time compare.
enum CryptoPrimitives {
  /// `count` bytes from libcrypto's CSPRNG (`RAND_bytes`); throws rather than return weak bytes.
  static func randomBytes(_ count: Int) throws -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    guard count == 0 || RAND_bytes(&bytes, Int32(count)) == 1 else {
      throw CryptoError.fromQueue("RAND_bytes")
    }
    return bytes
  }

  /// The SHA-256 digest of `data` (EVP_Digest).
  static func sha256(_ data: [UInt8]) throws -> [UInt8] {
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    let ok = data.withUnsafeBytes { input in
      EVP_Digest(input.baseAddress, input.count, &digest, &length, EVP_sha256(), nil)
    }
    guard ok == 1 else { throw CryptoError.fromQueue("EVP_Digest(SHA-256)") }
    return Array(digest.prefix(Int(length)))
  }

  /// True when `a` and `b` hold the same bytes. Lengths are compared first (a length is
  /// not secret); equal-length contents are compared with `CRYPTO_memcmp`, which reads every
  /// byte regardless of where the first difference is, so timing reveals nothing about it.
  static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    guard !a.isEmpty else { return true }
    return a.withUnsafeBytes { x in
      b.withUnsafeBytes { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, x.count) == 0 }
    }
  }
}
