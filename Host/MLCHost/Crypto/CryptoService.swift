import Foundation

/// Crypto by secret *name*, behind the `hmac_sha256_verify` and `jwt_sign` host functions:
/// plugins name a secret, the host reads it from the vault and does the work, and the secret
/// bytes never leave this type (only a verdict or a signed token does).
///
/// Holds no mutable state, so it is safe to call from any number of plugin threads; the
/// provider it reads from does its own locking.
final class CryptoService: Sendable {
  private let secrets: any SecretProvider

  init(secrets: any SecretProvider) {
    self.secrets = secrets
  }

  /// True when `signature` (raw bytes) is the HMAC-SHA256 of `message` under the secret
  /// `secretName`, compared in constant time. Throws `SecretError.notFound` for an unknown
  /// secret, so the bridge can answer MLC_NOT_FOUND instead of "mismatch".
  func hmacSHA256Verify(secretName: String, message: [UInt8], signature: [UInt8]) throws -> Bool {
    let key = try secrets.secret(named: secretName)
    return HMAC.verifySHA256(key: key, message: message, signature: signature)
  }

  /// A compact JWS over `claims` (a JSON object, signed verbatim) with the key stored as
  /// `secretName`: `alg` "RS256" expects an RSA private key in PEM, "HS256" a shared secret.
  /// Key errors name the secret so an operator knows which one to fix.
  func jwtSign(secretName: String, alg: String, claims: [UInt8]) throws -> String {
    let algorithm = try JWTSigner.Algorithm(name: alg)
    let key = try secrets.secret(named: secretName)
    do {
      return try JWTSigner(algorithm: algorithm, key: key).sign(claims: claims)
    } catch CryptoError.invalidKey(let detail) {
      throw CryptoError.invalidKey("secret \"\(secretName)\" cannot sign \(alg): \(detail)")
    }
  }

  /// The Snowflake fingerprint (`SHA256:…`) of the RSA private key stored as `secretName`,
  /// for building `SnowflakeJWT` claims without handing the key out.
  func rsaPublicKeyFingerprint(secretName: String) throws -> String {
    let key = try secrets.secret(named: secretName)
    do {
      return try RSAPublicKeyFingerprint.sha256(privateKeyPEM: key)
    } catch CryptoError.invalidKey(let detail) {
      throw CryptoError.invalidKey("secret \"\(secretName)\": \(detail)")
    }
  }
}
