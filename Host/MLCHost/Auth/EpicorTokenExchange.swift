import Foundation

/// The `token_exchange` profile: Epicor Kinetic's TokenResource.
///
/// `POST {base}/TokenResource.svc/` (no `/api/` segment) with the user's Basic credentials,
/// the API key header and `Accept: application/json` answers `{"AccessToken": "<jwt>", …}`;
/// the token is then sent as `Authorization: Bearer` next to the API key. Epicor issues no
/// refresh token and documents no expiry field, so the lifetime comes from the config
/// (default 3600 s, the server default); an `ExpiresIn` number in the response wins.
struct EpicorTokenExchange: TokenSource {
  let credentials: BasicCredentials
  /// The token endpoint, relative to the base URL (which must then be the instance root,
  /// e.g. `https://host/SaaS5333/`) or absolute.
  let tokenURL: String
  /// The API key that must accompany the token request (v2 requires one).
  let apiKey: APIKeyPlacement?
  let lifetime: TimeInterval

  var profile: String { "token_exchange" }
  var isStatic: Bool { false }

  func fetch(_ context: AuthContext) throws -> IssuedToken {
    let url = try context.resolve(tokenURL, profile: profile)
    var headers: HeaderList = [
      "Authorization": "Basic \(try credentials.encoded(context))",
      "Accept": "application/json",
      "Content-Type": "application/x-www-form-urlencoded",
    ]
    var target = url
    if let apiKey {
      let key = try apiKey.value(context, profile: profile)
      switch apiKey.location {
      case .header: headers.set(apiKey.name, key)
      case .query: target = APIKeyPlacement.appendingQuery(url, name: apiKey.name, value: key)
      }
    }
    let response = try context.send("POST", target, headers: headers, body: [], profile: profile)
    guard (200..<300).contains(response.status) else {
      throw context.refusal(response, url: url, profile: profile, remedy:
        "check the user and password in secrets \"\(credentials.usernameSecret)\" and "
        + "\"\(credentials.passwordSecret)\", the API key, and that token_url points at TokenResource.svc")
    }
    guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
          let token = object["AccessToken"] as? String, !token.isEmpty else {
      throw AuthFailure(connection: context.connection, profile: profile, endpoint: url.absoluteString,
                        status: response.status,
                        detail: "the response has no AccessToken: \(AuthFailure.excerpt(response.body))",
                        remedy: "check that token_url is Epicor's TokenResource.svc/", transient: false)
    }
    let given = OAuth2TokenEndpoint.number(object["ExpiresIn"])
    return IssuedToken(value: token, scheme: "Bearer", lifetime: given ?? lifetime)
  }
}
