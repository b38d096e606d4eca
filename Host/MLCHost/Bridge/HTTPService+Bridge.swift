/// The HTTP service is what a connection's `http` host function calls.
extension HTTPService: ConnectionHTTP {}

/// Crypto by secret name for plugins (`hmac_sha256_verify`, `jwt_sign`).
extension CryptoService: ConnectionCrypto {}

/// The host's libcrypto signer behind the Snowflake key-pair profile.
struct HostJWTSigner: JWTSigning {
  func signRS256(privateKeyPEM: [UInt8], claimsJSON: [UInt8]) throws -> String {
    try JWTSigner(algorithm: .rs256, key: privateKeyPEM).sign(claims: claimsJSON)
  }

  func publicKeyFingerprint(privateKeyPEM: [UInt8]) throws -> String {
    try RSAPublicKeyFingerprint.sha256(privateKeyPEM: privateKeyPEM)
  }
}
