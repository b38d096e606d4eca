import Foundation

/// The `snowflake_keypair_jwt` profile: a JWT signed with the user's RSA key, sent as
/// `Authorization: Bearer <jwt>` with `X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT`.
///
/// Claims follow Snowflake's docs and its Python connector (`auth/keypair.py`):
/// `iss = ACCOUNT.USER.SHA256:<fingerprint>`, `sub = ACCOUNT.USER`, `iat` now, `exp` at
/// most one hour later. ACCOUNT and USER are uppercased, and the account is cut to its
/// locator: before the first "-" when it contains ".global", else before the first ".".
/// The JWT is re-signed before it expires and once after a 401.
struct SnowflakeKeypairJWT: TokenSource {
  let account: String
  let user: String
  let privateKeySecret: String
  /// Seconds from `iat` to `exp`, at most 3600.
  let lifetime: TimeInterval
  let signer: any JWTSigning
  let path: String

  var profile: String { "snowflake_keypair_jwt" }
  var isStatic: Bool { false }

  /// The account part of the claims: the locator, uppercased.
  static func claimAccount(_ account: String) -> String {
    let cut = account.contains(".global")
      ? account.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).first
      : account.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first
    return String(cut ?? Substring(account)).uppercased()
  }

  /// `ACCOUNT.USER`, the `sub` claim and the start of `iss`.
  var qualifiedUser: String { "\(Self.claimAccount(account)).\(user.uppercased())" }

  func fetch(_ context: AuthContext) throws -> IssuedToken {
    let field = "\(path).private_key_secret"
    let pem: [UInt8]
    do {
      pem = try context.secrets.secret(named: privateKeySecret)
    } catch {
      throw AuthFailure(connection: context.connection, profile: profile, endpoint: field, status: nil,
                        detail: "\(error)", remedy: "store the user's PEM private key there",
                        transient: false)
    }
    do {
      let fingerprint = try signer.publicKeyFingerprint(privateKeyPEM: pem)
      let now = Int(context.clock.now.timeIntervalSince1970)
      let claims: [String: Any] = [
        "iss": "\(qualifiedUser).\(fingerprint)", "sub": qualifiedUser,
        "iat": now, "exp": now + Int(lifetime),
      ]
      let json = try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])
      let jwt = try signer.signRS256(privateKeyPEM: pem, claimsJSON: Array(json))
      context.hooks.debug("\(context.connection): signed a key-pair JWT for \(qualifiedUser) (\(fingerprint)), valid \(Int(lifetime)) s")
      return IssuedToken(value: jwt, scheme: "Bearer", lifetime: lifetime,
                         extraHeaders: ["X-Snowflake-Authorization-Token-Type": "KEYPAIR_JWT"])
    } catch let failure as AuthFailure {
      throw failure
    } catch {
      throw AuthFailure(connection: context.connection, profile: profile, endpoint: field, status: nil,
                        detail: "cannot sign a JWT with the key in secret \"\(privateKeySecret)\": \(error)",
                        remedy: "store an unencrypted PEM RSA private key (PKCS#8 or PKCS#1)",
                        transient: false)
    }
  }
}
