import Foundation
import MLCSandboxKit

/// The sandbox's users, API key and bearer tokens.
///
/// What Epicor does [SYSTEMS.md §1.2]: v2 needs an API key on every call, as `x-api-key` or
/// `?api-key=` [V-3p EPI-DOCS; V client code], and a user: `Authorization: Basic` [V] or
/// `Authorization: Bearer <AccessToken>` from `TokenResource.svc` [V]. A missing key is 401
/// even with a valid token [V-3p knowledgelib]. Tokens last one hour by default with no
/// refresh token [V-3p]; here the lifetime is `settings["token_lifetime"]` seconds, and an
/// expired token is 401 like a wrong password. Tokens look like JWTs (three base64url parts)
/// but only this sandbox can check them.
final class EpicorAuth: @unchecked Sendable {
  let username: String
  let password: String
  let apiKey: String
  let tokenLifetime: Int
  private let lock = NSLock()
  private var tokens: [String: (user: String, expires: SandboxDateTime)] = [:]
  private var issued = 0

  init(username: String, password: String, apiKey: String, tokenLifetime: Int) {
    self.username = username
    self.password = password
    self.apiKey = apiKey
    self.tokenLifetime = tokenLifetime
  }

  /// Whether `user`/`secret` are this sandbox's credentials.
  func checkPassword(_ user: String, _ secret: String) -> Bool {
    user == username && secret == password
  }

  /// Issues a token for `user`, valid for `tokenLifetime` seconds from `now`.
  func issueToken(for user: String, now: SandboxDateTime) -> String {
    lock.lock()
    defer { lock.unlock() }
    issued += 1
    let expires = now.adding(seconds: Int64(tokenLifetime))
    let header = Self.base64URL(#"{"alg":"HS256","typ":"JWT"}"#)
    let payload = Self.base64URL(#"{"username":\#(SandboxJSON.quoted(user)),"iat":\#(now.milliseconds / 1000),"exp":\#(expires.milliseconds / 1000),"jti":\#(issued)}"#)
    var random = SplitMix64(seed: UInt64(issued) &* 0x5851_F42D_4C95_7F2D ^ UInt64(bitPattern: now.milliseconds))
    let signature = Self.base64URL(String(random.next(), radix: 36) + String(random.next(), radix: 36))
    let token = "\(header).\(payload).\(signature)"
    tokens[token] = (user, expires)
    return token
  }

  /// The user a request acts as, after checking its API key and credentials; throws 401.
  func authenticate(_ request: HTTPRequest, now: SandboxDateTime) throws -> String {
    let key = request.headers["x-api-key"] ?? request.queryValue("api-key")
    guard let key, !key.isEmpty else {
      throw EpicorError.unauthorized("An API key is required. Send it in the x-api-key header or the api-key query parameter.")
    }
    guard key == apiKey else { throw EpicorError.unauthorized("The API key is not valid.") }
    guard let authorization = request.headers["Authorization"] else {
      throw EpicorError.unauthorized("Authorization has been denied for this request: no Basic or Bearer credentials were sent.")
    }
    if let token = Self.credential(authorization, scheme: "Bearer") {
      lock.lock()
      let entry = tokens[token]
      lock.unlock()
      guard let entry else { throw EpicorError.unauthorized("The bearer token is not valid.") }
      guard now < entry.expires else { throw EpicorError.unauthorized("The bearer token has expired. Request a new one from TokenResource.svc.") }
      return entry.user
    }
    if let encoded = Self.credential(authorization, scheme: "Basic") {
      guard let (user, secret) = Self.decodeBasic(encoded), checkPassword(user, secret) else {
        throw EpicorError.unauthorized("The user name or password is incorrect.")
      }
      return user
    }
    throw EpicorError.unauthorized("Authorization has been denied for this request: unsupported authorization scheme.")
  }

  /// The credential after `scheme ` in an `Authorization` value (scheme case-insensitive).
  static func credential(_ authorization: String, scheme: String) -> String? {
    let trimmed = authorization.trimmingCharacters(in: .whitespaces)
    guard trimmed.lowercased().hasPrefix(scheme.lowercased() + " ") else { return nil }
    return String(trimmed.dropFirst(scheme.count + 1)).trimmingCharacters(in: .whitespaces)
  }

  /// `user:password` from a Basic credential.
  static func decodeBasic(_ encoded: String) -> (String, String)? {
    guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
          let colon = text.firstIndex(of: ":") else { return nil }
    return (String(text[..<colon]), String(text[text.index(after: colon)...]))
  }

  private static func base64URL(_ text: String) -> String {
    Data(text.utf8).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
  }
}
