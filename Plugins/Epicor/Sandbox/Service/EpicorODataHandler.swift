import Foundation
import MLCSandboxKit

/// Answers one authenticated request under `.../api/v2/odata/{company}/Erp.BO.{Svc}/`: reads
/// of entity sets, keys and navigations; entity-set writes; and BO methods.
///
/// Read responses are `{"@odata.context": ".../$metadata#POes", "value": [...]}` [V `value`
/// in many clients; `@odata.context` is the OData v4 annotation, U for Epicor]; `$count`
/// adds `@odata.count`; no `@odata.nextLink` is sent [U, SYSTEMS.md §1.5: clients page with
/// `$top`/`$skip` and stop on a short page]. Without `$top` a page holds at most 100 rows,
/// Epicor's default cap [V-3p EPI-DOCS]. Entity-set `POST` answers 201 with the row, `PATCH`
/// and `DELETE` answer 204 [V SNO Swagger response codes].
///
/// Must be called with the store's lock held; it reads and writes the store directly.
struct EpicorODataHandler {
  let store: EpicorStore
  let service: EpicorService
  let user: String
  let now: SandboxDateTime
  /// `http://host/{instance}/api/v2/odata/{company}/Erp.BO.{Svc}`.
  let serviceURL: String
  let defaultTop: Int?

  static let jsonType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8"

  var writer: EpicorWriter { EpicorWriter(store: store, user: user, now: now) }

  func handle(_ request: HTTPRequest, resource: EpicorResource) throws -> HTTPResponse {
    switch resource {
    case .serviceRoot:
      try allow(request, "GET")
      let sets = service.entitySets.keys.sorted().map { #"{"name":"\#($0)","kind":"EntitySet","url":"\#($0)"}"# }
      return json(200, #"{"@odata.context":\#(SandboxJSON.quoted(serviceURL + "/$metadata")),"value":[\#(sets.joined(separator: ","))]}"#)
    case .metadata:
      try allow(request, "GET")
      return HTTPResponse(status: 200, contentType: "application/xml; charset=utf-8", text: EpicorMetadata.document(for: service))
    case .method(let name):
      try allow(request, "POST", "GET")
      let parameters: SandboxJSON
      if request.method == "GET" {
        parameters = .object(request.query.filter { !$0.name.hasPrefix("$") }.map { .init($0.name, Self.queryJSON($0.value)) })
      } else {
        do {
          parameters = request.body.isEmpty ? .object([]) : try SandboxJSON.parse(request.body)
        } catch {
          throw EpicorError.badRequest("The request body is not valid JSON: \(error)", type: "Newtonsoft.Json.JsonReaderException")
        }
      }
      let methods = EpicorMethods(store: store, writer: writer, service: service)
      return json(200, try methods.call(name, parameters: parameters).serialized)
    case .entitySet(let name, let key, let navigation, let navigationKey):
      guard let tableName = service.entitySets[name] else {
        throw EpicorError.notFound("Entity set '\(name)' was not found on Erp.BO.\(service.name).")
      }
      let table = store.table(tableName)
      guard let key else { return try collection(request, table: table, setName: name, candidates: nil) }
      let keyValues = try EpicorResource.keyValues(key, for: table.schema)
      guard let navigation else { return try entity(request, table: table, setName: name, key: keyValues) }
      guard let position = table.position(forKey: keyValues) else { throw EpicorError.recordNotFound(tableName) }
      guard let link = table.schema.navigation(navigation) else { throw EpicorError.unknownProperty(navigation, on: table.schema.typeName) }
      let child = store.table(link.childTable)
      if let navigationKey {
        return try entity(request, table: child, setName: navigation, key: try EpicorResource.keyValues(navigationKey, for: child.schema))
      }
      let parentValues = link.parentFields.map { table.value(table.rows[position], table.schema.position(of: $0)!) }
      if request.method == "POST" {
        var members = try body(request)
        for (field, value) in zip(link.childFields, parentValues) where field != "Company" {
          members.removeAll { $0.key == field }
          members.append(.init(field, value.json))
        }
        return try insert(members, table: child, setName: navigation)
      }
      let candidates = child.positions(where: link.childFields.map { child.schema.position(of: $0)! }, equal: parentValues)
      return try collection(request, table: child, setName: navigation, candidates: candidates)
    }
  }

  private func collection(_ request: HTTPRequest, table: EpicorTable, setName: String, candidates: [Int]?) throws -> HTTPResponse {
    if request.method == "POST" { return try insert(try body(request), table: table, setName: setName) }
    try allow(request, "GET", "POST")
    let query = try ODataQuery.parse(request.query)
    let projection = try ODataProjection.resolve(query, table: table, store: store)
    let page = try ODataExecutor.run(query, on: table, defaultTop: defaultTop, candidates: candidates)
    var output = #"{"@odata.context":"# + SandboxJSON.quoted(serviceURL + "/$metadata#" + setName)
    if let total = page.total { output += #","@odata.count":\#(total)"# }
    output += #","value":["#
    for (index, position) in page.positions.enumerated() {
      if index > 0 { output += "," }
      try projection.write(position, to: &output)
    }
    output += "]}"
    return json(200, output)
  }

  private func entity(_ request: HTTPRequest, table: EpicorTable, setName: String, key: [EpicorValue]) throws -> HTTPResponse {
    switch request.method {
    case "GET", "HEAD":
      guard let position = table.position(forKey: key) else { throw EpicorError.recordNotFound(table.schema.name) }
      return try single(position, table: table, setName: setName, query: try ODataQuery.parse(request.query), status: 200)
    case "PATCH", "MERGE", "PUT":
      try store.transaction { _ = try writer.change(table.schema.name, try body(request), path: table.schema.name, strict: true, key: key) }
      return HTTPResponse(status: 204)
    case "DELETE":
      try store.transaction { try writer.remove(table.schema.name, key: key) }
      return HTTPResponse(status: 204)
    default:
      try allow(request, "GET", "PATCH", "DELETE")
      return HTTPResponse(status: 405)
    }
  }

  private func insert(_ members: [SandboxJSON.Member], table: EpicorTable, setName: String) throws -> HTTPResponse {
    let record = try store.transaction { try writer.add(table.schema.name, members, path: table.schema.name, strict: true) }
    guard let position = table.position(forKey: record.key) else { throw EpicorError.recordNotFound(table.schema.name) }
    var response = try single(position, table: table, setName: setName, query: ODataQuery(), status: 201)
    let keyText = record.key.map { value -> String in
      if case .string(let text) = value { return "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
      return value.text
    }.joined(separator: ",")
    response.headers["Location"] = "\(serviceURL)/\(setName)(\(keyText))"
    return response
  }

  private func single(_ position: Int, table: EpicorTable, setName: String, query: ODataQuery, status: Int) throws -> HTTPResponse {
    let projection = try ODataProjection.resolve(query, table: table, store: store)
    var row = ""
    try projection.write(position, to: &row)
    let context = #"{"@odata.context":"# + SandboxJSON.quoted(serviceURL + "/$metadata#" + setName + "/$entity")
    return json(status, row == "{}" ? context + "}" : context + "," + row.dropFirst())
  }

  private func body(_ request: HTTPRequest) throws -> [SandboxJSON.Member] {
    guard let members = (try? SandboxJSON.parse(request.body))?.members else {
      throw EpicorError.badRequest("Unable to deserialize entity. Input data is not in correct format.",
                                   type: "Microsoft.OData.ODataException")
    }
    return members
  }

  private func allow(_ request: HTTPRequest, _ methods: String...) throws {
    guard methods.contains(request.method) || (request.method == "HEAD" && methods.contains("GET")) else {
      var error = EpicorError(status: 405, message: "The requested resource does not support http method '\(request.method)'.",
                              type: "Epicor.RESTApi.ErrorHandling.ApiException")
      error.reasonPhrase = "Method Not Allowed"
      throw error
    }
  }

  private func json(_ status: Int, _ text: String) -> HTTPResponse {
    HTTPResponse(status: status, contentType: Self.jsonType, text: text)
  }

  /// A query-string parameter as JSON: numbers and booleans as such, quoted strings unquoted.
  private static func queryJSON(_ value: String) -> SandboxJSON {
    if value == "true" || value == "false" { return .bool(value == "true") }
    if Int(value) != nil { return .number(value) }
    if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
      return .string(String(value.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'"))
    }
    return .string(value)
  }
}
