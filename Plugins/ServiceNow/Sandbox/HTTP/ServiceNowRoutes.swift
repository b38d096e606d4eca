import MLCSandboxKit

/// The sandbox's URL space: the OAuth endpoint, the Table API and the Import Set API, each
/// unversioned and versioned (`/api/now/v1/...`), in the platform's error shape for unknown
/// paths (400 "Requested URI does not represent any resource") and methods (405).
enum ServiceNowRoutes {
  /// The full request handler for `state`: method override, routing, the request gate.
  static func handler(state: ServiceNowState) -> HTTPHandler {
    let gate = RequestGate(state: state)
    let tables = TableAPI(state: state)
    let imports = ImportSetAPI(state: state)
    let oauth = OAuthEndpoint(state: state)
    var router = HTTPRouter()
    router.notFound = { _ in ServiceNowErrors.invalidURI }
    router.methodNotAllowed = { request, _ in ServiceNowErrors.methodNotAllowed(request.method) }

    router.add("POST", "/oauth_token.do") { request, _ in oauth.handle(request) }
    for prefix in ["/api/now", "/api/now/:version"] {
      router.add("GET", prefix + "/table/:table", gate.guarded("Table API", tables.list))
      router.add("POST", prefix + "/table/:table", gate.guarded("Table API", tables.create))
      router.add("GET", prefix + "/table/:table/:sys_id", gate.guarded("Table API", tables.get))
      router.add("PUT,PATCH", prefix + "/table/:table/:sys_id", gate.guarded("Table API", tables.update))
      router.add("DELETE", prefix + "/table/:table/:sys_id", gate.guarded("Table API", tables.delete))
      router.add("POST", prefix + "/import/:staging/insertMultiple", gate.guarded("Import Set API", imports.insertMultiple))
      router.add("POST", prefix + "/import/:staging", gate.guarded("Import Set API", imports.insert))
      router.add("GET", prefix + "/import/:staging/:sys_id", gate.guarded("Import Set API", imports.get))
    }
    let route = router.handler
    return { request in
      // X-HTTP-Method-Override is supported on every REST API (c_RESTAPI.md "Other headers").
      guard request.method == "POST", let override = request.headers["X-HTTP-Method-Override"], !override.isEmpty else {
        return route(request)
      }
      var rewritten = request
      rewritten.method = override.uppercased()
      return route(rewritten)
    }
  }
}
