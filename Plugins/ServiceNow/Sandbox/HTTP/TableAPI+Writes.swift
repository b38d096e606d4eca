import Foundation
import MLCSandboxKit

/// The Table API writes (SN-DOCS `rest-apis/c_TableAPI.md`): `POST .../table/{table}` answers
/// 201 with the whole record and a `Location` header; `PUT` and `PATCH .../{sys_id}` answer
/// 200 with the record; `DELETE` answers 204 with no body. Unknown fields in a body are
/// ignored, non-string values are stored as their text, and only the first record of an
/// array body is used ("only the first record is processed", `c_RESTAPI.md`). A `POST` into
/// a staging table inserts an import set row into the table's web-service import set and
/// transforms it at once, as inserting into an import set table does on the platform.
extension TableAPI {
  /// `POST .../table/{table}`.
  func create(_ request: APIRequest) -> HTTPResponse {
    guard Version(request.match) != nil else { return ServiceNowErrors.invalidURI }
    let tableName = request.match["table"] ?? ""
    let values: Row
    switch TableAPI.recordBody(request.http.body) {
    case .success(let row): values = row
    case .failure(let refusal): return refusal.response
    }
    let created: (JSONValue, String)? = state.withLock {
      guard let table = state.store.table(tableName) else { return nil }
      let row: Row?
      if state.maps[tableName] != nil {
        let importSet = state.webServiceImportSet(for: tableName, user: request.user)
        let inserted = state.insertStagingRow(values, into: tableName, importSetID: importSet["sys_id"] ?? "", user: request.user)
        if let sysID = inserted?["sys_id"] { state.transformStagingRow(sysID, in: tableName, user: request.user) }
        row = inserted.flatMap { state.store.row(tableName, $0["sys_id"] ?? "") }
      } else {
        row = state.store.insert(tableName, values, user: request.user)
      }
      guard let row else { return nil }
      return (renderer(for: request).render(row, schema: table.schema), row["sys_id"] ?? "")
    }
    guard let (record, sysID) = created else { return ServiceNowErrors.invalidTable(tableName) }
    var response = ServiceNowErrors.json(201, .object([("result", record)]))
    response.headers["Location"] = request.baseURL + "/api/now/table/" + tableName + "/" + sysID
    return response
  }

  /// `PUT` or `PATCH .../table/{table}/{sys_id}`: both apply the fields sent and keep the rest.
  func update(_ request: APIRequest) -> HTTPResponse {
    guard Version(request.match) != nil else { return ServiceNowErrors.invalidURI }
    let tableName = request.match["table"] ?? ""
    let sysID = request.match["sys_id"] ?? ""
    let values: Row
    switch TableAPI.recordBody(request.http.body) {
    case .success(let row): values = row
    case .failure(let refusal): return refusal.response
    }
    let updated: JSONValue?? = state.withLock {
      guard let table = state.store.table(tableName) else { return nil }
      guard let row = state.store.update(tableName, sysID, values, user: request.user) else { return .some(nil) }
      return .some(renderer(for: request).render(row, schema: table.schema))
    }
    guard let updated else { return ServiceNowErrors.invalidTable(tableName) }
    guard let record = updated else { return ServiceNowErrors.recordNotFound }
    return ServiceNowErrors.json(200, .object([("result", record)]))
  }

  /// `DELETE .../table/{table}/{sys_id}`.
  func delete(_ request: APIRequest) -> HTTPResponse {
    guard Version(request.match) != nil else { return ServiceNowErrors.invalidURI }
    let tableName = request.match["table"] ?? ""
    let sysID = request.match["sys_id"] ?? ""
    let deleted: Bool? = state.withLock {
      guard state.store.table(tableName) != nil else { return nil }
      return state.store.delete(tableName, sysID)
    }
    guard let deleted else { return ServiceNowErrors.invalidTable(tableName) }
    return deleted ? HTTPResponse(status: 204) : ServiceNowErrors.recordNotFound
  }

  /// The fields of a record body as strings; a reference sent as `{"value": id}` gives `id`.
  static func recordBody(_ body: [UInt8]) -> Result<Row, Refusal> {
    let document: JSONValue
    do {
      document = try JSONParser.parse(body)
    } catch {
      return .failure(Refusal(ServiceNowErrors.unreadableBody("The payload is not valid JSON: \(error)")))
    }
    let record = document.arrayElements?.first ?? document
    guard let members = record.objectMembers else {
      return .failure(Refusal(ServiceNowErrors.unreadableBody("The payload must be a JSON object of field names and values")))
    }
    var row: Row = [:]
    for (name, value) in members {
      if case .object = value, let inner = value["value"] {
        row[name] = inner.coercedString
      } else {
        row[name] = value.coercedString
      }
    }
    return .success(row)
  }
}
