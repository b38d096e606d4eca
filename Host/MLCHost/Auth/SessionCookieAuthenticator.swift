import Foundation

/// The `session_cookie` profile: Acumatica's contract-based API sign-in.
///
/// `POST entity/auth/login` with JSON `{"name","password","tenant","branch","locale"}`
/// answers 204 with `Set-Cookie` (`ASP.NET_SessionId`, `.ASPXAUTH`, others); every
/// cookie is kept in this connection's own jar (URLSession stores none) and sent as one
/// `Cookie` header. Cookies a later response sets or deletes update the jar. A 401 means
/// the session ended: the jar is dropped and the next request signs in again (once per
/// request). `close()` posts `entity/auth/logout`, because a session left open holds one
/// of the license's few API seats until it times out.
final class SessionCookieAuthenticator: Authenticator, @unchecked Sendable {
  let usernameSecret: String
  let passwordSecret: String
  let tenant: String?
  let branch: String?
  let locale: String?
  let loginPath: String
  let logoutPath: String
  let path: String
  private let context: AuthContext
  private let cache: TokenCache

  init(usernameSecret: String, passwordSecret: String, tenant: String?, branch: String?,
       locale: String?, loginPath: String, logoutPath: String, path: String, context: AuthContext) {
    self.usernameSecret = usernameSecret
    self.passwordSecret = passwordSecret
    self.tenant = tenant
    self.branch = branch
    self.locale = locale
    self.loginPath = loginPath
    self.logoutPath = logoutPath
    self.path = path
    self.context = context
    // A session has no known expiry: it lasts until the server answers 401.
    cache = TokenCache(clock: context.clock, skew: 0)
  }

  var activeProfile: String { "session_cookie" }

  func authorize(_ request: inout TransportRequest) throws -> AuthStamp {
    let session = try cache.token { try login() }
    for field in session.headers { request.headers.set(field.name, field.value) }
    return AuthStamp(generation: session.generation)
  }

  func credentialsRejected(_ stamp: AuthStamp) -> Bool {
    cache.invalidate(generation: stamp.generation)
    return true
  }

  func observe(_ response: TransportResponse) {
    let setCookies = response.headers.values("Set-Cookie")
    guard !setCookies.isEmpty, let session = cache.current else { return }
    var jar = CookieJar(header: session.value)
    jar.apply(setCookies, now: context.clock.now)
    guard jar.header != session.value else { return }
    for value in jar.values { context.hooks.register(value) }
    cache.update(value: jar.header, headers: ["Cookie": jar.header], generation: session.generation)
  }

  func close() {
    guard let session = cache.current else { return }
    cache.clear()
    do {
      let url = try context.resolve(logoutPath, profile: activeProfile)
      let response = try context.send("POST", url, headers: ["Cookie": session.value, "Accept": "application/json"],
                                      body: [], profile: activeProfile)
      context.hooks.debug("\(context.connection): signed out (HTTP \(response.status))")
    } catch {
      context.hooks.debug("\(context.connection): sign-out failed: \(error)")
    }
  }

  private func login() throws -> TokenCache.Fetched {
    let profile = activeProfile
    let url = try context.resolve(loginPath, profile: profile)
    var body: [String: String] = [
      "name": try context.secret(usernameSecret, field: "\(path).username_secret", profile: profile),
      "password": try context.secret(passwordSecret, field: "\(path).password_secret", profile: profile),
    ]
    body["tenant"] = tenant
    body["branch"] = branch
    body["locale"] = locale
    let json = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
    let response = try context.send("POST", url, headers: [
      "Content-Type": "application/json", "Accept": "application/json",
    ], body: Array(json), profile: profile)
    let seatLimit = response.bodyText.contains("API Login Limit")
    guard (200..<300).contains(response.status) else {
      if seatLimit || response.status == 429 {
        throw AuthFailure(connection: context.connection, profile: profile, endpoint: url.absoluteString,
                          status: response.status, detail: AuthFailure.excerpt(response.body),
                          remedy: "every API user seat of the license is in use; sessions that were not "
                            + "signed out hold theirs until they time out; the run may retry later",
                          transient: true)
      }
      throw context.refusal(response, url: url, profile: profile, remedy:
        "check the user and password in secrets \"\(usernameSecret)\" and \"\(passwordSecret)\" "
        + "and the tenant and branch")
    }
    var jar = CookieJar(header: "")
    jar.apply(response.headers.values("Set-Cookie"), now: context.clock.now)
    guard !jar.values.isEmpty else {
      throw AuthFailure(connection: context.connection, profile: profile, endpoint: url.absoluteString,
                        status: response.status, detail: "the sign-in set no session cookie",
                        remedy: "check that login_path is Acumatica's entity/auth/login", transient: false)
    }
    for value in jar.values { context.hooks.register(value) }
    context.hooks.register(jar.header)
    return TokenCache.Fetched(value: jar.header, headers: ["Cookie": jar.header], lifetime: nil)
  }
}
