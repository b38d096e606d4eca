import Foundation
import MLCSandboxKit

/// A REST API request that passed the gate: who made it and where the instance lives.
struct APIRequest {
  let http: HTTPRequest
  let match: RouteMatch
  /// The authenticated user's `user_name`.
  let user: String
  /// `http://<Host>`, the base for `Location`, `Link`, `record_link` and reference links.
  let baseURL: String

  /// The first query parameter `name`.
  func parameter(_ name: String) -> String? { http.queryValue(name) }

  /// Whether the query parameter `name` is `true` (any case).
  func flag(_ name: String) -> Bool { parameter(name)?.lowercased() == "true" }
}

/// What every REST API request must get past before its handler runs, in the platform's
/// order: authentication (Basic or Bearer; 401 otherwise), the rate-limit rules (429), then
/// the data-format headers (SN-DOCS `rest-api-explorer/c_RESTAPI.md`: "POST, PUT, PATCH, and
/// DELETE operations require you to provide both headers. GET and HEAD operations require
/// only the Accept header. Failing to provide the required headers results in a 400 Bad
/// Request error.").
///
/// The sandbox answers JSON only: an `Accept` that rules JSON out (`application/xml` alone)
/// is 406 and a non-JSON `Content-Type` is 415, where the platform would speak XML. DELETE is
/// let through without `Content-Type` because the Table API doc's own DELETE example sends
/// none.
struct RequestGate {
  let state: ServiceNowState

  /// `handler` behind the gate, for requests to `api` ("Table API", "Import Set API").
  func guarded(_ api: String, _ handler: @escaping @Sendable (APIRequest) -> HTTPResponse) -> HTTPRouter.RouteHandler {
    { [state] request, match in
      let gate = RequestGate(state: state)
      guard let user = gate.authenticate(request) else { return ServiceNowErrors.notAuthenticated }
      let decision = state.limiter.check(user: user, api: api)
      if let refusal = decision.refusal {
        var response = ServiceNowErrors.rateLimited(refusal)
        response.headers["Retry-After"] = String(decision.retryAfter)
        for (name, value) in decision.headers { response.headers[name] = value }
        return response
      }
      var response = gate.formatProblem(request) ?? handler(APIRequest(
        http: request, match: match, user: user, baseURL: "http://" + (request.headers["Host"] ?? "localhost")))
      for (name, value) in decision.headers { response.headers[name] = value }
      return response
    }
  }

  /// The user a request authenticates as, or `nil`.
  func authenticate(_ request: HTTPRequest) -> String? {
    guard let header = request.headers["Authorization"] else { return nil }
    if let basic = BasicCredentials(header: header) {
      let settings = state.settings
      return basic.user == settings.username && basic.password == settings.password ? basic.user : nil
    }
    guard header.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
    return state.tokens.user(forAccessToken: header.dropFirst(7).trimmingCharacters(in: .whitespaces))
  }

  /// The answer for missing or unsupported `Accept`/`Content-Type`, or `nil` when they are fine.
  func formatProblem(_ request: HTTPRequest) -> HTTPResponse? {
    guard let accept = request.headers["Accept"], !accept.trimmingCharacters(in: .whitespaces).isEmpty else {
      return ServiceNowErrors.response(400, message: "Missing required header",
                                       detail: "The Accept header is required; send Accept: application/json")
    }
    guard RequestGate.acceptsJSON(accept) else {
      return ServiceNowErrors.response(406, message: "Not Acceptable",
                                       detail: "Accept '\(accept)' is not supported by the sandbox; send Accept: application/json")
    }
    guard ["POST", "PUT", "PATCH"].contains(request.method) else { return nil }
    guard let contentType = request.headers["Content-Type"], !contentType.isEmpty else {
      return ServiceNowErrors.response(400, message: "Missing required header",
                                       detail: "The Content-Type header is required for \(request.method); send Content-Type: application/json")
    }
    let mediaType = contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
    guard mediaType == "application/json" else {
      return ServiceNowErrors.response(415, message: "Unsupported Media Type",
                                       detail: "Content-Type '\(contentType)' is not supported; send Content-Type: application/json")
    }
    return nil
  }

  /// Whether an `Accept` value admits JSON (`application/json`, `application/*`, `*/*`).
  static func acceptsJSON(_ accept: String) -> Bool {
    accept.split(separator: ",").contains { range in
      let type = range.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
      return type == "application/json" || type == "application/*" || type == "*/*"
    }
  }
}
