import Foundation

/// Signs JSON Web Tokens with an RSA private key; the host's crypto module implements it.
///
/// Declared here, on the consumer's side, so the HTTP service does not depend on how
/// the crypto is built (libcrypto EVP in the host, `openssl` in tests).
protocol JWTSigning: Sendable {
  /// A compact JWS (`header.payload.signature`, base64url without padding) with header
  /// `{"alg":"RS256","typ":"JWT"}` over `claimsJSON`, signed by the PEM private key
  /// (PKCS#8 or PKCS#1).
  func signRS256(privateKeyPEM: [UInt8], claimsJSON: [UInt8]) throws -> String
  /// `SHA256:` + base64 (standard, padded) of the SHA-256 of the DER
  /// SubjectPublicKeyInfo of the key's public half: Snowflake's `RSA_PUBLIC_KEY_FP`.
  func publicKeyFingerprint(privateKeyPEM: [UInt8]) throws -> String
}
