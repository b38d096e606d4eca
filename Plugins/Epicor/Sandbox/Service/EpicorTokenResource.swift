import Foundation
import MLCSandboxKit

/// `POST {base}/TokenResource.svc/`: trades a user's credentials for a bearer token.
///
/// Credential forms accepted, all seen in public clients [V SYSTEMS.md §1.2]: (a) headers
/// `username:` and `password:` (usually with `Content-Type: application/x-www-form-urlencoded`
/// and an empty or irrelevant body), (b) `Authorization: Basic`, (c) a form body
/// `grant_type=password&username=..&password=..`; plus a JSON body `{"username","password"}`
/// that one client sends along with Basic [V-3p]. No API key is needed here: the endpoint is
/// outside `/api/` [U; clients send one anyway, and it is ignored].
///
/// Answer: JSON `{"AccessToken":..,"ExpiresIn":..,"TokenType":"Bearer"}` when `Accept` names
/// JSON, else XML `<Token><AccessToken>..</AccessToken>..</Token>` [V `AccessToken` and the
/// XML root; `ExpiresIn`/`TokenType` are U].
struct EpicorTokenResource {
  let auth: EpicorAuth

  /// Answers one token request; throws 401 for missing or wrong credentials.
  func handle(_ request: HTTPRequest, now: SandboxDateTime) throws -> HTTPResponse {
    guard let (user, secret) = credentials(in: request) else {
      throw EpicorError.unauthorized("No credentials were sent. Send username and password headers, Basic authorization, or a grant_type=password form.")
    }
    guard auth.checkPassword(user, secret) else { throw EpicorError.unauthorized("The user name or password is incorrect.") }
    let token = auth.issueToken(for: user, now: now)
    let accept = request.headers["Accept"]?.lowercased() ?? ""
    if accept.contains("json") {
      let body = #"{"AccessToken":\#(SandboxJSON.quoted(token)),"ExpiresIn":\#(auth.tokenLifetime),"TokenType":"Bearer"}"#
      return .json(200, body)
    }
    let xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Token><AccessToken>\(token)</AccessToken>"
      + "<ExpiresIn>\(auth.tokenLifetime)</ExpiresIn><TokenType>Bearer</TokenType></Token>"
    return HTTPResponse(status: 200, contentType: "application/xml; charset=utf-8", text: xml)
  }

  /// The user and password from whichever form the request used, headers first.
  private func credentials(in request: HTTPRequest) -> (String, String)? {
    if let user = request.headers["username"], let secret = request.headers["password"] { return (user, secret) }
    if let authorization = request.headers["Authorization"], let encoded = EpicorAuth.credential(authorization, scheme: "Basic") {
      return EpicorAuth.decodeBasic(encoded)
    }
    let contentType = request.headers["Content-Type"]?.lowercased() ?? ""
    if contentType.contains("json"), let body = try? SandboxJSON.parse(request.body),
       let user = body["username"]?.stringValue, let secret = body["password"]?.stringValue {
      return (user, secret)
    }
    var form: [String: String] = [:]
    for item in HTTPRequest(method: "POST", target: "/?" + request.bodyText).query { form[item.name] = item.value }
    if let user = form["username"], let secret = form["password"],
       form["grant_type"] == nil || form["grant_type"] == "password" {
      return (user, secret)
    }
    return nil
  }
}
