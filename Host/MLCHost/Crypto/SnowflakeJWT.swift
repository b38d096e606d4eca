import Foundation

/// The claims of a Snowflake key-pair authentication JWT, built by Snowflake's own rules
/// (those of its connectors, e.g. snowflake-connector-python `auth/keypair.py`).
///
/// - `iss` = `ACCOUNT.USER.SHA256:<fingerprint>`, `sub` = `ACCOUNT.USER`, both uppercase.
/// - `iat` = now, `exp` = now + lifetime, in whole seconds; Snowflake rejects tokens that live
///   longer than one hour, so the lifetime is clamped to 1…3600 s.
/// - The account is the account identifier without region, cloud or domain (see
///   `accountIdentifier(_:)`).
///
/// Sign the result with `JWTSigner(algorithm: .rs256, key: privateKeyPEM)`.
enum SnowflakeJWT {
  /// The longest lifetime Snowflake accepts for a key-pair JWT.
  static let maximumLifetime: TimeInterval = 3600

  /// The account part of `iss`/`sub`, uppercased.
  ///
  /// Snowflake's locator rule: for a global (replication) URL such as
  /// `xy12345-ab1cd2ef.global`, keep the part before the first `-`; otherwise keep the part
  /// before the first `.`, which drops a locator's region and cloud
  /// (`xy12345.us-east-2.aws` → `XY12345`) and the domain of a full host name, and leaves the
  /// preferred `orgname-accountname` form whole (`myorg-myaccount` → `MYORG-MYACCOUNT`).
  static func accountIdentifier(_ account: String) -> String {
    let trimmed = account.trimmingCharacters(in: .whitespaces)
    let separator: Character = trimmed.contains(".global") ? "-" : "."
    let prefix = trimmed.split(separator: separator, maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    return String(prefix).uppercased()
  }

  /// The claims JSON (sorted keys, UTF-8) for `account` and `user`.
  ///
  /// `fingerprint` is the public key's fingerprint as `RSAPublicKeyFingerprint` returns it
  /// (`SHA256:…`); a bare base64 digest gets the `SHA256:` prefix added.
  static func claims(
    account: String, user: String, fingerprint: String, now: Date, lifetime: TimeInterval = maximumLifetime
  ) throws -> [UInt8] {
    let accountID = accountIdentifier(account)
    let userID = user.trimmingCharacters(in: .whitespaces).uppercased()
    guard !accountID.isEmpty, !userID.isEmpty else {
      throw CryptoError.invalidInput(
        "Snowflake key-pair JWT needs an account and a user; got account \"\(account)\", user \"\(user)\"")
    }
    let fp = fingerprint.hasPrefix("SHA256:") ? fingerprint : "SHA256:" + fingerprint
    let issuedAt = Int64(now.timeIntervalSince1970.rounded(.down))
    let seconds = Int64(min(max(lifetime, 1), maximumLifetime).rounded(.down))
    let object: [String: Any] = [
      "iss": "\(accountID).\(userID).\(fp)",
      "sub": "\(accountID).\(userID)",
      "iat": issuedAt,
      "exp": issuedAt + seconds,
    ]
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    return Array(data)
  }
}
