import Foundation
import MLCSandboxKit

/// The OAuth tokens the sandbox has issued, with their owners and expiry times.
///
/// Lifetimes are the platform defaults unless the settings change them: access tokens 1800 s
/// ("Access Token Lifespan"), refresh tokens 8,640,000 s (100 days), SN-DOCS
/// `t_CreateEndpointforExternalClients.md`. Expiry is judged by the sandbox clock, so a test
/// expires a token with `clock.advance(by:)` instead of waiting. Token text is opaque,
/// 86 URL-safe characters like the platform's opaque tokens, drawn from a generator seeded
/// with the sandbox seed.
final class TokenStore: @unchecked Sendable {
  /// Who a token was issued to and until when it is valid.
  struct Grant: Sendable {
    let user: String
    let clientID: String
    let expires: Date
  }

  private let lock = NSLock()
  private let clock: ServiceNowClock
  private var generator: SplitMix64
  private var accessTokens: [String: Grant] = [:]
  private var refreshTokens: [String: Grant] = [:]
  private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

  /// Creates an empty store.
  init(seed: UInt64, clock: ServiceNowClock) {
    self.clock = clock
    generator = SplitMix64(seed: seed ^ 0x4F41_5554_4854_4F4B)
  }

  /// Issues an access token for `user` valid for `lifetime` seconds.
  func issueAccessToken(user: String, clientID: String, lifetime: Int) -> String {
    issue(into: \.accessTokens, user: user, clientID: clientID, lifetime: lifetime)
  }

  /// Issues a refresh token for `user` valid for `lifetime` seconds.
  func issueRefreshToken(user: String, clientID: String, lifetime: Int) -> String {
    issue(into: \.refreshTokens, user: user, clientID: clientID, lifetime: lifetime)
  }

  /// The user of a valid, unexpired access token; `nil` otherwise.
  func user(forAccessToken token: String) -> String? {
    lock.lock()
    defer { lock.unlock() }
    guard let grant = accessTokens[token], grant.expires > clock.now else { return nil }
    return grant.user
  }

  /// The grant of a valid, unexpired refresh token issued to `clientID`; `nil` otherwise.
  func refreshGrant(_ token: String, clientID: String) -> Grant? {
    lock.lock()
    defer { lock.unlock() }
    guard let grant = refreshTokens[token], grant.clientID == clientID, grant.expires > clock.now else { return nil }
    return grant
  }

  /// Forgets every access token (a test's "the instance revoked all sessions").
  func revokeAccessTokens() {
    lock.lock()
    defer { lock.unlock() }
    accessTokens.removeAll()
  }

  /// Records a new token in the `store` table and returns it.
  private func issue(into store: ReferenceWritableKeyPath<TokenStore, [String: Grant]>, user: String, clientID: String,
                     lifetime: Int) -> String {
    lock.lock()
    defer { lock.unlock() }
    let token = newToken()
    self[keyPath: store][token] = Grant(user: user, clientID: clientID, expires: clock.now.addingTimeInterval(TimeInterval(lifetime)))
    return token
  }

  /// 86 random URL-safe characters. Call with the lock held.
  private func newToken() -> String {
    var text = ""
    text.reserveCapacity(86)
    for _ in 0..<86 { text.append(TokenStore.alphabet[Int(generator.next() % 64)]) }
    return text
  }
}
