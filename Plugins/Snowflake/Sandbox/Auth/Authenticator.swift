import Foundation
import MLCSandboxKit

/// Why a request was refused with 401, in Snowflake's body and in the sandbox's own words.
struct AuthFailure: Error, Sendable {
  /// The SQL API's body: `{"code": ..., "message": ...}`.
  let code: String
  let message: String
  /// What exactly was wrong, for `SnowflakeSandbox.lastAuthFailure` (never sent).
  let reason: String

  /// `390144` "JWT token is invalid." (SYSTEMS.md §3.2, [C] from the JDBC driver): Snowflake
  /// gives the same answer whatever is wrong with a key-pair JWT.
  static func jwt(_ reason: String) -> AuthFailure {
    AuthFailure(code: "390144", message: "JWT token is invalid.", reason: reason)
  }

  /// `390303` "Invalid OAuth access token. " (SYSTEMS.md §3.2, [V] example), used for every
  /// refused bearer token that is not a key-pair JWT; the PAT wording is undocumented.
  static func token(_ reason: String) -> AuthFailure {
    AuthFailure(code: "390303", message: "Invalid OAuth access token. ", reason: reason)
  }
}

/// Checks the `Authorization: Bearer` token of a request as the SQL API does
/// (docs.snowflake.com/en/developer-guide/sql-api/authenticating, SYSTEMS.md §3.2).
///
/// `X-Snowflake-Authorization-Token-Type` selects `KEYPAIR_JWT`, `PROGRAMMATIC_ACCESS_TOKEN` or
/// `OAUTH`; without it the type is inferred from the token, as current docs describe. A
/// key-pair JWT must be RS256-signed by a key registered for the user, with `iss` =
/// `ACCOUNT.USER.SHA256:<fingerprint>` and `sub` = `ACCOUNT.USER` exactly (upper case), and an
/// `exp` in the future and at most one hour after `iat` (seconds, or milliseconds).
struct Authenticator {
  let account: String
  /// Registered keys by user name (Snowflake allows two per user for rotation).
  let keys: [String: [SnowflakeKeyPair]]
  /// Accepted programmatic access tokens and OAuth tokens, mapped to their user.
  let programmaticTokens: [String: String]
  let oauthTokens: [String: String]

  /// Tolerated clock skew for an `iat` in the future.
  static let skewSeconds: Double = 60

  /// The authenticated user, or the failure to answer with.
  func authenticate(_ request: HTTPRequest, now: Date) -> Result<String, AuthFailure> {
    guard let header = request.headers["Authorization"], header.lowercased().hasPrefix("bearer "),
          case let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces), !token.isEmpty else {
      return .failure(.token("no 'Authorization: Bearer <token>' header"))
    }
    let declared = request.headers["X-Snowflake-Authorization-Token-Type"]?.trimmingCharacters(in: .whitespaces).uppercased()
    let type = declared.flatMap { $0.isEmpty ? nil : $0 } ?? inferType(token)
    switch type {
    case "KEYPAIR_JWT":
      return verifyJWT(token, now: now)
    case "PROGRAMMATIC_ACCESS_TOKEN":
      return programmaticTokens[token].map { .success($0) } ?? .failure(.token("unknown programmatic access token"))
    case "OAUTH":
      return oauthTokens[token].map { .success($0) } ?? .failure(.token("unknown OAuth access token"))
    default:
      return .failure(.token("unknown X-Snowflake-Authorization-Token-Type '\(type)'"))
    }
  }

  private func inferType(_ token: String) -> String {
    if programmaticTokens[token] != nil { return "PROGRAMMATIC_ACCESS_TOKEN" }
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    if parts.count == 3, let header = Base64URL.decode(parts[0]), String(decoding: header, as: UTF8.self).contains("\"alg\"") {
      return "KEYPAIR_JWT"
    }
    return "OAUTH"
  }

  private func verifyJWT(_ token: String, now: Date) -> Result<String, AuthFailure> {
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let payloadBytes = Base64URL.decode(parts[1]),
          let signature = Base64URL.decode(parts[2]),
          let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any],
          let claims = try? JSONSerialization.jsonObject(with: Data(payloadBytes)) as? [String: Any] else {
      return .failure(.jwt("not three base64url JSON segments"))
    }
    guard header["alg"] as? String == "RS256" else { return .failure(.jwt("alg must be RS256, got \(header["alg"] ?? "nothing")")) }
    guard let issuer = claims["iss"] as? String, let subject = claims["sub"] as? String else {
      return .failure(.jwt("iss and sub claims are required strings"))
    }
    guard let marker = issuer.range(of: ".SHA256:") else {
      return .failure(.jwt("iss must be ACCOUNT.USER.SHA256:<fingerprint>, got '\(issuer)'"))
    }
    let issuedFor = String(issuer[..<marker.lowerBound])
    let fingerprint = "SHA256:" + issuer[marker.upperBound...]
    guard issuedFor == subject else { return .failure(.jwt("iss names '\(issuedFor)' but sub is '\(subject)'")) }
    guard subject.hasPrefix(account + "."), case let user = String(subject.dropFirst(account.count + 1)),
          let userKeys = keys[user] else {
      return .failure(.jwt("sub '\(subject)' is not \(account).<USER> for a known user (account and user must be upper case)"))
    }
    guard let key = userKeys.first(where: { $0.fingerprint == fingerprint }) else {
      return .failure(.jwt("fingerprint \(fingerprint) is not registered for \(user)"))
    }
    guard key.verify(signature: signature, of: Array((parts[0] + "." + parts[1]).utf8)) else {
      return .failure(.jwt("signature does not verify with \(user)'s key \(fingerprint)"))
    }
    guard let iat = Self.seconds(claims["iat"]), let exp = Self.seconds(claims["exp"]) else {
      return .failure(.jwt("iat and exp must be numbers"))
    }
    let current = now.timeIntervalSince1970
    guard exp - iat <= 3600 else { return .failure(.jwt("exp is \(Int(exp - iat)) s after iat; at most 3600 s is allowed")) }
    guard iat <= current + Self.skewSeconds else { return .failure(.jwt("iat is in the future")) }
    guard current < exp else { return .failure(.jwt("token expired \(Int(current - exp)) s ago")) }
    return .success(user)
  }

  /// A NumericDate claim in seconds; values beyond year 5138 in seconds are milliseconds.
  private static func seconds(_ claim: Any?) -> Double? {
    guard !(claim is Bool), let number = claim as? NSNumber else { return nil }
    let value = number.doubleValue
    return value > 1e11 ? value / 1000 : value
  }
}
