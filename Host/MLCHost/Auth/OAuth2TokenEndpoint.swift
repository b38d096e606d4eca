import Foundation

/// An OAuth 2.0 token endpoint (RFC 6749 §3.2) and the client credentials used at it:
/// posts a form-encoded grant and reads the token response.
///
/// Client authentication is in the body (`client_id`, `client_secret`: ServiceNow,
/// ServiceTitan, Procore, Acumatica all document it) or HTTP Basic (§2.3.1, the values
/// form-encoded first). The endpoint may be relative to the connection's base URL or
/// absolute; an absolute one must have been added to the allow-list.
struct OAuth2TokenEndpoint: Sendable, Equatable {
  /// How the client authenticates at the endpoint.
  enum ClientAuth: String, Sendable { case body, basic }

  let tokenURL: String
  let clientIDSecret: String?
  let clientSecretSecret: String?
  let clientAuth: ClientAuth
  let scope: String?
  /// The lifetime assumed when the response has no `expires_in`, in seconds.
  let defaultLifetime: TimeInterval
  /// The auth object's JSON path, for naming fields in errors.
  let path: String

  /// A parsed token response.
  struct Response: Sendable, Equatable {
    var accessToken: String
    var tokenType: String
    var expiresIn: TimeInterval?
    var refreshToken: String?
  }

  /// Posts `grant` (e.g. `grant_type=client_credentials`) plus client credentials and
  /// scope; returns the token or throws an `AuthFailure` naming the URL and status.
  func request(_ grant: [(String, String)], profile: String, context: AuthContext) throws -> Response {
    let url = try context.resolve(tokenURL, profile: profile)
    var form = grant
    var headers: HeaderList = [
      "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
    ]
    if let idName = clientIDSecret {
      let id = try context.secret(idName, field: "\(path).client_id_secret", profile: profile)
      let secret = try clientSecretSecret.map {
        try context.secret($0, field: "\(path).client_secret_secret", profile: profile)
      }
      switch clientAuth {
      case .body:
        form.append(("client_id", id))
        if let secret { form.append(("client_secret", secret)) }
      case .basic:
        let pair = Self.formEncode(id) + ":" + Self.formEncode(secret ?? "")
        let encoded = Data(pair.utf8).base64EncodedString()
        context.hooks.register(encoded)
        headers.set("Authorization", "Basic \(encoded)")
      }
    }
    if let scope { form.append(("scope", scope)) }
    let body = form.map { Self.formEncode($0.0) + "=" + Self.formEncode($0.1) }.joined(separator: "&")
    let response = try context.send("POST", url, headers: headers, body: Array(body.utf8), profile: profile)
    guard (200..<300).contains(response.status) else {
      throw context.refusal(response, url: url, profile: profile, remedy: remedy,
                            grantNotEnabled: Self.grantNotEnabled(response))
    }
    guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
          let token = object["access_token"] as? String, !token.isEmpty else {
      throw AuthFailure(connection: context.connection, profile: profile, endpoint: url.absoluteString,
                        status: response.status,
                        detail: "the response has no access_token: \(AuthFailure.excerpt(response.body))",
                        remedy: "check that \(tokenURL) is the OAuth token endpoint", transient: false)
    }
    let type = (object["token_type"] as? String).flatMap { $0.isEmpty ? nil : $0 }
    return Response(
      accessToken: token,
      tokenType: type.map { $0.lowercased() == "bearer" ? "Bearer" : $0 } ?? "Bearer",
      expiresIn: Self.number(object["expires_in"]),
      refreshToken: (object["refresh_token"] as? String).flatMap { $0.isEmpty ? nil : $0 })
  }

  /// The token as an `IssuedToken`, with the default lifetime when none was given.
  func issued(_ response: Response) -> IssuedToken {
    IssuedToken(value: response.accessToken, scheme: response.tokenType,
                lifetime: response.expiresIn ?? defaultLifetime)
  }

  private var remedy: String {
    let names = [clientIDSecret, clientSecretSecret].compactMap { $0 }.map { "\"\($0)\"" }
    return "check the client credentials in secrets \(names.joined(separator: " and ")) "
      + "and that the grant is enabled for this client"
  }

  /// ServiceNow answers a disabled client-credentials grant with 401
  /// `{"error":"server_error","error_description":"access_denied"}`; standard servers say
  /// `unsupported_grant_type`.
  static func grantNotEnabled(_ response: TransportResponse) -> Bool {
    guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
      return false
    }
    let error = object["error"] as? String
    let description = object["error_description"] as? String
    if error == "unsupported_grant_type" { return true }
    return response.status == 401 && error == "server_error" && description == "access_denied"
  }

  /// `expires_in` as servers send it: a JSON number, or sometimes a numeric string.
  static func number(_ value: Any?) -> TimeInterval? {
    if let number = value as? NSNumber { return number.doubleValue }
    if let text = value as? String { return TimeInterval(text) }
    return nil
  }

  /// `application/x-www-form-urlencoded` encoding of one name or value (RFC 3986
  /// unreserved characters kept, everything else percent-encoded).
  static func formEncode(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }
}
