import Foundation
import MLCSandboxKit

/// `POST /oauth_token.do`: the instance's OAuth token endpoint.
///
/// Grants (form-encoded body, client credentials in the body or as HTTP Basic):
/// - `password` (`client_id`, `client_secret`, `username`, `password`): access and refresh
///   token [V] SN-DOCS `api-reference/rest-api-explorer/r_RESTOAuthExample.md`;
/// - `refresh_token`: a new access token, the same refresh token [C];
/// - `client_credentials`: only when enabled (`client_credentials=true`, the property
///   `glide.oauth.inbound.client.credential.grant_type.enabled`); the token acts as the OAuth
///   Application User and comes without a refresh token, as RFC 6749 §4.4.3 advises [U].
/// The answer mirrors the doc sample: `{"scope":"useraccount","token_type":"Bearer",
/// "expires_in":1799,...}`; `expires_in` is the lifespan minus the second the sample shows
/// elapsed, while the token stays valid for the full lifespan. Every refusal, including a
/// disabled client-credentials grant, is 401 `{"error_description":"access_denied",
/// "error":"server_error"}` [C].
struct OAuthEndpoint {
  let state: ServiceNowState

  /// Answers one token request.
  func handle(_ request: HTTPRequest) -> HTTPResponse {
    let settings = state.settings
    // A form body is a query string; HTTPRequest's query decoding (`+` as space, `%XX`) reads it.
    let form = HTTPRequest(method: "POST", target: "/?" + request.bodyText)
    var clientID = form.queryValue("client_id")
    var clientSecret = form.queryValue("client_secret")
    if clientID == nil, let basic = BasicCredentials(header: request.headers["Authorization"]) {
      clientID = basic.user
      clientSecret = basic.password
    }
    guard clientID == settings.clientID, clientSecret == settings.clientSecret else { return ServiceNowErrors.oauthDenied }

    switch form.queryValue("grant_type") {
    case "password":
      guard form.queryValue("username") == settings.username,
            form.queryValue("password") == settings.password else { return ServiceNowErrors.oauthDenied }
      let refresh = state.tokens.issueRefreshToken(user: settings.username, clientID: settings.clientID,
                                                   lifetime: settings.refreshTokenLifetime)
      return tokenResponse(user: settings.username, refreshToken: refresh)
    case "refresh_token":
      guard let token = form.queryValue("refresh_token"),
            let grant = state.tokens.refreshGrant(token, clientID: settings.clientID) else { return ServiceNowErrors.oauthDenied }
      return tokenResponse(user: grant.user, refreshToken: token)
    case "client_credentials":
      guard settings.clientCredentialsEnabled else { return ServiceNowErrors.oauthDenied }
      return tokenResponse(user: settings.applicationUser, refreshToken: nil)
    default:
      return ServiceNowErrors.oauthDenied
    }
  }

  /// The 200 answer with a new access token for `user`, in the doc sample's member order.
  private func tokenResponse(user: String, refreshToken: String?) -> HTTPResponse {
    let lifetime = state.settings.tokenLifetime
    let access = state.tokens.issueAccessToken(user: user, clientID: state.settings.clientID, lifetime: lifetime)
    var members: [(String, JSONValue)] = [
      ("scope", .string("useraccount")), ("token_type", .string("Bearer")), ("expires_in", .number(String(max(lifetime - 1, 0)))),
    ]
    if let refreshToken { members.append(("refresh_token", .string(refreshToken))) }
    members.append(("access_token", .string(access)))
    var response = ServiceNowErrors.json(200, .object(members))
    response.headers["Cache-Control"] = "no-store"
    return response
  }
}

/// A user and password from an `Authorization: Basic …` header.
struct BasicCredentials {
  let user: String
  let password: String

  /// Decodes `header`; `nil` unless it is Basic with valid base64 of `user:password`.
  init?(header: String?) {
    guard let header, header.count > 6, header.prefix(6).lowercased() == "basic " else { return nil }
    let encoded = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
    guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
          let colon = text.firstIndex(of: ":") else { return nil }
    user = String(text[..<colon])
    password = String(text[text.index(after: colon)...])
  }
}
