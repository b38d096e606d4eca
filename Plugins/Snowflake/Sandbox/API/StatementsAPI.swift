import Foundation
import MLCSandboxKit

/// The HTTP face of the SQL API v2: routes, header checks, and turning service answers into
/// the documented status codes and bodies (docs.snowflake.com/en/developer-guide/sql-api/
/// reference; SYSTEMS.md §3.1-3.4).
struct StatementsAPI: Sendable {
  let service: StatementService
  /// Builds the authenticator from the current registered keys and tokens.
  let authenticator: @Sendable () -> Authenticator
  let lastAuthFailure: @Sendable (String) -> Void

  /// The router: submit, poll, cancel. Other methods on these paths get 405 with an empty
  /// body and unknown paths 404, as the reference lists them.
  var router: HTTPRouter {
    var router = HTTPRouter()
    router.add("POST", "/api/v2/statements") { request, _ in checked(request) { submit(request, user: $0) } }
    router.add("GET", "/api/v2/statements/:handle") { request, match in
      checked(request) { _ in poll(match["handle"] ?? "", request) }
    }
    router.add("POST", "/api/v2/statements/:handle/cancel") { request, match in
      checked(request) { _ in cancel(match["handle"] ?? "") }
    }
    router.notFound = { _ in HTTPResponse(status: 404) }
    router.methodNotAllowed = { _, _ in HTTPResponse(status: 405) }
    return router
  }

  /// Header checks every operation shares, in order: `User-Agent` (required by the
  /// reference; the 400 body's code `391903` is only seen in third-party notes), `Accept`,
  /// bearer authentication (401), and for POSTs a JSON `Content-Type` (other types 415; a
  /// missing one is read as JSON).
  private func checked(_ request: HTTPRequest, _ next: (String) -> HTTPResponse) -> HTTPResponse {
    guard let agent = request.headers["User-Agent"], !agent.trimmingCharacters(in: .whitespaces).isEmpty else {
      return json(400, ResponseBodies.error("391903", "The User-Agent header is required. Set it to your application's name and version, e.g. myApplication/1.0."))
    }
    if let accept = request.headers["Accept"], !Self.acceptsJSON(accept) { return HTTPResponse(status: 406) }
    let user: String
    switch authenticator().authenticate(request, now: service.clock.now) {
    case .success(let name):
      user = name
    case .failure(let failure):
      service.countAuthFailure()
      lastAuthFailure(failure.reason)
      return json(401, ResponseBodies.error(failure.code, failure.message))
    }
    if request.method == "POST", let type = request.headers["Content-Type"],
       type.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() != "application/json" {
      return HTTPResponse(status: 415)
    }
    return next(user)
  }

  private static func acceptsJSON(_ accept: String) -> Bool {
    accept.split(separator: ",").contains { item in
      let type = item.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
      return type == "application/json" || type == "*/*" || type == "application/*"
    }
  }

  private func json(_ status: Int, _ body: JSONValue, headers: HTTPHeaders = .init()) -> HTTPResponse {
    .json(status, body.text, headers: headers)
  }

  /// `true`/`false` query flags; anything else counts as absent.
  private static func flag(_ request: HTTPRequest, _ name: String) -> Bool? {
    switch request.queryValue(name)?.lowercased() {
    case "true": return true
    case "false": return false
    default: return nil
    }
  }

  /// `POST /api/v2/statements`: 400 for an invalid payload, 422 for an unknown role, else
  /// the statement's answer (200, 202 or 422) with `requestId`, `retry`, `async` and `nullable`.
  private func submit(_ request: HTTPRequest, user: String) -> HTTPResponse {
    guard let body = SubmitRequest(body: request.body) else {
      return json(400, ResponseBodies.error("390142", "Incoming request does not contain a valid payload."))
    }
    if let role = body.role, role != service.settings.role, role != "PUBLIC" {
      return json(422, ResponseBodies.error("390189", "Role '\(role)' specified in the connect string does not exist or not authorized. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC."))
    }
    let requestId = request.queryValue("requestId").flatMap { $0.isEmpty ? nil : $0 }
    let answer = service.submit(body, user: user, requestId: requestId, retry: Self.flag(request, "retry") ?? false,
                                async: Self.flag(request, "async") ?? false, nullable: Self.flag(request, "nullable") ?? true)
    return respond(answer, partition: 0)
  }

  /// `GET /api/v2/statements/{handle}[?partition=N]`: 202 while running, then the result or 422.
  private func poll(_ handle: String, _ request: HTTPRequest) -> HTTPResponse {
    guard let record = service.poll(handle) else { return notFound(handle) }
    var partition = 0
    if let text = request.queryValue("partition") {
      guard let number = Int(text), number >= 0 else {
        return json(400, ResponseBodies.error("390142", "Incoming request does not contain a valid payload."))
      }
      partition = number
    }
    return respond(record.isRunning ? .inProgress(record) : .done(record), partition: partition)
  }

  /// `POST /api/v2/statements/{handle}/cancel`: 200 CancelStatus; a statement that already
  /// finished keeps its result (what Snowflake answers then is undocumented).
  private func cancel(_ handle: String) -> HTTPResponse {
    guard let record = service.cancel(handle) else { return notFound(handle) }
    return json(200, ResponseBodies.canceled(record))
  }

  /// 422 `000709` for a handle the sandbox never issued (SYSTEMS.md §3.4).
  private func notFound(_ handle: String) -> HTTPResponse {
    json(422, .object([
      ("code", .string("000709")), ("message", .string("Statement \(handle) not found")),
      ("sqlState", .string("02000")), ("statementHandle", .string(handle)),
    ]))
  }

  /// The HTTP answer for a statement's state: 202, 422 (failed or cancelled) or a result set.
  private func respond(_ answer: StatementService.Answer, partition: Int) -> HTTPResponse {
    let record: StatementRecord
    switch answer {
    case .inProgress(let running): return json(202, ResponseBodies.inProgress(running))
    case .done(let done): record = done
    }
    switch record.state {
    case .running: return json(202, ResponseBodies.inProgress(record))
    case .failed(let error): return json(422, ResponseBodies.failure(error, handle: record.handle))
    case .canceled: return json(422, ResponseBodies.failure(.canceled, handle: record.handle))
    case .succeeded(let outcome): return resultSet(record, outcome, partition: partition)
    }
  }

  /// A result partition with its `Link` header. Partition 0 carries the metadata of all
  /// partitions; later ones only `{"data": [...]}` (SYSTEMS.md §3.4).
  private func resultSet(_ record: StatementRecord, _ outcome: StatementOutcome, partition: Int) -> HTTPResponse {
    let size = service.settings.rowsPerPartition
    let partitions = stride(from: 0, to: max(outcome.rows.count, 1), by: size).map { $0..<min($0 + size, outcome.rows.count) }
    guard partitions.indices.contains(partition) else {
      return json(400, ResponseBodies.error("390142", "Partition \(partition) does not exist; the result has \(partitions.count) partition(s), numbered from 0."))
    }
    var headers = HTTPHeaders()
    headers["Link"] = link(record, partition: partition, count: partitions.count)
    if partition > 0 {
      return json(200, .object([("data", ResponseBodies.data(outcome.rows[partitions[partition]], nullable: record.nullable))]), headers: headers)
    }
    return json(200, ResponseBodies.resultSet(record, outcome, partitions: partitions), headers: headers)
  }

  /// `</api/v2/statements/h?requestId=r&partition=0>; rel="first",...`, as the reference
  /// formats it: first, then prev and next where they exist, then last.
  private func link(_ record: StatementRecord, partition: Int, count: Int) -> String {
    func url(_ number: Int) -> String {
      "</api/v2/statements/\(record.handle)?" + (record.requestId.map { "requestId=\($0)&" } ?? "") + "partition=\(number)>"
    }
    var links = [url(0) + "; rel=\"first\""]
    if partition > 0 { links.append(url(partition - 1) + "; rel=\"prev\"") }
    if partition + 1 < count { links.append(url(partition + 1) + "; rel=\"next\"") }
    links.append(url(count - 1) + "; rel=\"last\"")
    return links.joined(separator: ",")
  }
}
