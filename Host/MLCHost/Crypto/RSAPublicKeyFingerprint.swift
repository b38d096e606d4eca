import Foundation

/// The public-key fingerprint Snowflake shows in `DESC USER … RSA_PUBLIC_KEY_FP` and expects
/// in a key-pair JWT's `iss`: `"SHA256:" + base64(SHA-256(DER SubjectPublicKeyInfo))`.
///
/// Equal to `openssl rsa -in key.pem -pubout -outform DER | openssl dgst -sha256 -binary |
/// base64`, prefixed with `SHA256:`.
enum RSAPublicKeyFingerprint {
  /// The fingerprint of the public half of an RSA private key in PEM (PKCS#8 or PKCS#1).
  static func sha256(privateKeyPEM pem: [UInt8]) throws -> String {
    try fingerprint(RSAKey(privateKeyPEM: pem))
  }

  /// The fingerprint of an RSA public key in PEM (`BEGIN PUBLIC KEY`).
  static func sha256(publicKeyPEM pem: [UInt8]) throws -> String {
    try fingerprint(RSAKey(publicKeyPEM: pem))
  }

  private static func fingerprint(_ key: RSAKey) throws -> String {
    let digest = try CryptoPrimitives.sha256(key.subjectPublicKeyInfoDER())
    return "SHA256:" + Data(digest).base64EncodedString()
  }
}
