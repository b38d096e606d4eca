import CCrypto
import Foundation

/// Why a cryptographic operation failed.
///
/// Messages never contain key material or plaintext; when libcrypto reported a reason, it is
/// appended so an operator can tell a malformed key from an internal failure.
enum CryptoError: Error, CustomStringConvertible, Equatable {
  /// A libcrypto call failed: the operation we attempted and libcrypto's reason.
  case openssl(operation: String, reason: String)
  /// A key had the wrong size, format or type; the text says which and what to do.
  case invalidKey(String)
  /// AES-GCM decryption found that the ciphertext, tag, nonce or associated data changed.
  case authenticationFailed
  /// Input the operation cannot use (JWT claims that are not a JSON object, for example).
  case invalidInput(String)
  /// A JWT `alg` the host does not implement.
  case unsupportedAlgorithm(String)

  var description: String {
    switch self {
    case .openssl(let operation, let reason):
      return "\(operation) failed in libcrypto: \(reason)"
    case .invalidKey(let detail), .invalidInput(let detail):
      return detail
    case .authenticationFailed:
      return "AES-GCM authentication failed: the ciphertext, nonce, tag or associated data was altered"
    case .unsupportedAlgorithm(let alg):
      return "unsupported JWT algorithm \"\(alg)\"; use \"RS256\" (RSA private key in PEM) or \"HS256\" (shared secret)"
    }
  }

  /// Builds an `.openssl` error from libcrypto's per-thread error queue, draining it so the
  /// next failure on this thread does not report stale reasons.
  static func fromQueue(_ operation: String) -> CryptoError {
    var reasons: [String] = []
    while case let code = ERR_get_error(), code != 0 {
      var buffer = [CChar](repeating: 0, count: 256)
      ERR_error_string_n(code, &buffer, buffer.count)
      reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return .openssl(operation: operation, reason: reasons.isEmpty ? "no reason given" : reasons.joined(separator: "; "))
  }
}
