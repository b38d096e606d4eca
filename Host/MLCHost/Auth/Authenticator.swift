import Foundation

/// Attaches one connection's credentials to outgoing requests, per its auth profile.
///
/// The HTTP service calls `authorize` before every attempt (never holding a limiter place,
/// because authorizing may itself call a token endpoint), `credentialsRejected` once when
/// an attempt signed with those credentials got 401, `observe` with every response, and
/// `close` at shutdown. All methods may be called from several plugin threads at once and
/// may block the calling thread (token requests, logins).
protocol Authenticator: AnyObject, Sendable {
  /// The profile signing requests now, e.g. "oauth2_client_credentials", or "basic"
  /// after a ServiceNow fallback. `check` reports it.
  var activeProfile: String { get }
  /// Adds credentials (headers, query parameters, cookies) to `request`, obtaining or
  /// renewing a token first when the cached one is missing or about to expire.
  /// Throws `AuthFailure` when credentials cannot be had.
  func authorize(_ request: inout TransportRequest) throws -> AuthStamp
  /// The server rejected the credentials identified by `stamp` (HTTP 401). Drops them and
  /// returns true when resending could succeed (a new token or session can be had, or a
  /// static secret changed since); false means the 401 is final.
  func credentialsRejected(_ stamp: AuthStamp) -> Bool
  /// Sees every response (a session profile picks up renewed cookies here).
  func observe(_ response: TransportResponse)
  /// Ends the session, if the profile has one (Acumatica logout frees a license seat).
  func close()
}

extension Authenticator {
  func observe(_ response: TransportResponse) {}
  func close() {}
}

/// Identifies the credentials one attempt was signed with, so a 401 drops exactly those
/// and not a newer token another thread has obtained meanwhile.
struct AuthStamp: Sendable, Equatable {
  /// The token cache generation the credentials came from.
  var generation: UInt64
  /// Which authenticator of a fallback pair signed (0 primary, 1 fallback).
  var layer: Int = 0
}

/// The `none` profile: requests go out as the plugin built them.
final class NoAuthenticator: Authenticator {
  var activeProfile: String { "none" }
  func authorize(_ request: inout TransportRequest) throws -> AuthStamp { AuthStamp(generation: 0) }
  func credentialsRejected(_ stamp: AuthStamp) -> Bool { false }
}
