import Foundation
import MLCSandboxKit

/// Request routing: `{instance}/TokenResource.svc`, `{instance}/api/v2/odata/{company}/
/// Erp.BO.{Svc}/...`, and Epicor's error body for everything else.
///
/// Order of checks on v2, as Epicor's gateway does them: API key and credentials (401), then
/// the company (an unknown company is an invalid URL [V-3p epiusers.help: a bad company in
/// `CallSettings` gave "an invalid URL error"; status and text U]), then the service and
/// entity set (404 `ApiException` [V-3p EPI-DOCS]).
extension EpicorSandbox {
  /// Answers one request (the fault injector sits in front of this).
  func handle(_ request: HTTPRequest) -> HTTPResponse {
    do {
      return try route(request)
    } catch let error as EpicorError {
      return error.response(for: request, correlationId: Self.correlationID())
    } catch {
      return EpicorError(status: 500, message: "Unexpected sandbox error: \(error)", type: "System.Exception")
        .response(for: request, correlationId: Self.correlationID())
    }
  }

  private func route(_ request: HTTPRequest) throws -> HTTPResponse {
    let segments = request.rawPath.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
    guard segments.first == instance else {
      throw EpicorError.notFound("Nothing is served at '\(request.path)'. The base URL is /\(instance).")
    }
    if segments.count == 2, segments[1].lowercased() == "tokenresource.svc" {
      guard request.method == "POST" else {
        var error = EpicorError(status: 405, message: "TokenResource.svc accepts POST only.", type: "Epicor.RESTApi.ErrorHandling.ApiException")
        error.reasonPhrase = "Method Not Allowed"
        throw error
      }
      return try EpicorTokenResource(auth: auth).handle(request, now: clock.now)
    }
    guard segments.count >= 5, segments[1] == "api", segments[2] == "v2", segments[3] == "odata" else {
      if segments.count >= 3, segments[1] == "api", segments[2] == "v1" {
        throw EpicorError.notFound("REST v1 is not served by this sandbox; use /\(instance)/api/v2/odata/{company}/Erp.BO.{Service}/...")
      }
      throw EpicorError.notFound("Nothing is served at '\(request.path)'. Use /\(instance)/api/v2/odata/{company}/Erp.BO.{Service}/...")
    }
    let now = clock.now
    let user = try auth.authenticate(request, now: now)
    guard segments[4] == company else {
      throw EpicorError.notFound("Invalid URL: company '\(segments[4])' does not exist or user '\(user)' has no access to it.")
    }
    guard segments.count >= 6 else { throw EpicorError.notFound("Name a service after the company: .../\(company)/Erp.BO.{Service}/...") }
    let serviceName = segments[5].hasPrefix("Erp.BO.") ? String(segments[5].dropFirst("Erp.BO.".count)) : ""
    guard let service = EpicorCatalog.services[serviceName] else {
      throw EpicorError.notFound("Service '\(segments[5])' was not found. This sandbox serves \(EpicorCatalog.allServices.map { "Erp.BO.\($0.name)" }.joined(separator: ", ")).")
    }
    let rest = Array(segments.dropFirst(6))
    countRequest("\(service.name)/\(rest.first.map { $0.split(separator: "(").first.map(String.init) ?? $0 } ?? "")")
    let resource = try EpicorResource.parse(rest, service: service)
    let host = request.headers["Host"] ?? "127.0.0.1"
    let handler = EpicorODataHandler(
      store: store, service: service, user: user, now: now,
      serviceURL: "http://\(host)/\(instance)/api/v2/odata/\(company)/Erp.BO.\(service.name)", defaultTop: defaultTop)
    storeLock.lock()
    defer { storeLock.unlock() }
    return try handler.handle(request, resource: resource)
  }

  private func countRequest(_ path: String) {
    storeLock.lock()
    counts[path, default: 0] += 1
    storeLock.unlock()
  }
}
