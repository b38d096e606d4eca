import Foundation

/// Where an API key goes and which secret holds it.
///
/// Epicor v2 takes `x-api-key: <key>` or `?api-key=<key>`; ServiceTitan takes
/// `ST-App-Key: <key>` next to its bearer token.
struct APIKeyPlacement: Sendable, Equatable {
  /// Header or query parameter.
  enum Location: String, Sendable { case header, query }

  /// The header name or query parameter name.
  let name: String
  let secret: String
  let location: Location
  /// The JSON path of the `api_key` config, for naming fields in errors.
  let path: String

  /// Reads the key from the vault.
  func value(_ context: AuthContext, profile: String) throws -> String {
    try context.secret(secret, field: "\(path).secret", profile: profile)
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// `url` with `name=value` appended to its query, both form-encoded.
  static func appendingQuery(_ url: URL, name: String, value: String) -> URL {
    let pair = OAuth2TokenEndpoint.formEncode(name) + "=" + OAuth2TokenEndpoint.formEncode(value)
    // Form encoding leaves only unreserved characters, so the result always parses.
    return EgressPolicy.appending(query: pair, to: url) ?? url
  }
}

/// Adds an API key to every request, alone (`"profile": "api_key"`) or on top of another
/// profile (`"api_key": {...}` next to `"profile": "basic"`), as Epicor v2 and
/// ServiceTitan require.
final class APIKeyAuthenticator: Authenticator, @unchecked Sendable {
  let placement: APIKeyPlacement
  let inner: any Authenticator
  private let context: AuthContext
  private let lock = NSLock()
  private var key: String?

  init(placement: APIKeyPlacement, inner: any Authenticator, context: AuthContext) {
    self.placement = placement
    self.inner = inner
    self.context = context
  }

  var activeProfile: String {
    inner is NoAuthenticator ? "api_key" : "\(inner.activeProfile)+api_key"
  }

  func authorize(_ request: inout TransportRequest) throws -> AuthStamp {
    let stamp = try inner.authorize(&request)
    let key = try currentKey()
    switch placement.location {
    case .header: request.headers.set(placement.name, key)
    case .query: request.url = APIKeyPlacement.appendingQuery(request.url, name: placement.name, value: key)
    }
    return stamp
  }

  func credentialsRejected(_ stamp: AuthStamp) -> Bool {
    let innerRetry = inner.credentialsRejected(stamp)
    lock.lock()
    let used = key
    key = nil
    lock.unlock()
    // The key itself is static: resending helps only if the inner profile renewed
    // something or the key was changed in the vault meanwhile.
    let fresh = try? currentKey()
    return innerRetry || (fresh != nil && fresh != used)
  }

  func observe(_ response: TransportResponse) { inner.observe(response) }

  func close() { inner.close() }

  private func currentKey() throws -> String {
    lock.lock()
    if let key {
      lock.unlock()
      return key
    }
    lock.unlock()
    let value = try placement.value(context, profile: activeProfile)
    lock.lock()
    key = value
    lock.unlock()
    return value
  }
}
