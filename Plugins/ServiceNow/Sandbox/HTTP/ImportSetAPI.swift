import Foundation
import MLCSandboxKit

/// The Import Set API (SN-DOCS `rest-apis/c_ImportSetAPI.md`).
///
/// - `POST /api/now/[v1/]import/{staging}`: one row of name→string pairs (column names), into
///   the table's web-service import set, transformed synchronously; 201 with
///   `{"import_set":"ISET…","staging_table":…,"result":[{"transform_map","table",
///   "display_name","display_value","record_link","status","sys_id"}]}` plus `status_message`
///   (ignored, skipped) or `error_message` (error). `sys_id` is the target row's; when no
///   target row was written (skipped, error) it is the staging row's, as the SOAP
///   insertMultiple doc states, and `record_link` then points at the staging row.
/// - `GET .../import/{staging}/{sys_id}`: the same shape for a staging row's sys_id (the doc
///   example's path sys_id differs from its result's); a target sys_id, which is what the POST
///   answer carries, is accepted too and finds the latest row that wrote it, since which one a
///   client holds is [U]. 404 when neither matches.
/// - `POST .../import/{staging}/insertMultiple`: `{"records":[{…},…]}` keyed by column label
///   (default) or name (`column_mapping`); 201 `{"import_set_id","multi_import_set_id"}`;
///   asynchronous unless `sync_insert_multiple` is set for the table. Query parameters
///   `multi_import_set_id` and `run_after` are honoured (the queue runs sets in order, which
///   satisfies `run_after` for any earlier set). Keys that name no column are ignored.
struct ImportSetAPI {
  let state: ServiceNowState

  /// `POST .../import/{staging}`.
  func insert(_ request: APIRequest) -> HTTPResponse {
    let staging = request.match["staging"] ?? ""
    let values: Row
    switch TableAPI.recordBody(request.http.body) {
    case .success(let row): values = row
    case .failure(let refusal): return refusal.response
    }
    let answer: JSONValue? = state.withLock {
      guard state.maps[staging] != nil else { return nil }
      let importSet = state.webServiceImportSet(for: staging, user: request.user)
      guard let row = state.insertStagingRow(values, into: staging, importSetID: importSet["sys_id"] ?? "", user: request.user),
            let sysID = row["sys_id"] else { return nil }
      state.transformStagingRow(sysID, in: staging, user: request.user)
      return result(forStagingRow: sysID, staging: staging, baseURL: request.baseURL)
    }
    guard let answer else { return ServiceNowErrors.invalidTable(staging) }
    return ServiceNowErrors.json(201, answer)
  }

  /// `GET .../import/{staging}/{sys_id}`.
  func get(_ request: APIRequest) -> HTTPResponse {
    let staging = request.match["staging"] ?? ""
    let sysID = request.match["sys_id"] ?? ""
    let answer: JSONValue?? = state.withLock {
      guard state.maps[staging] != nil else { return nil }
      let rowID = state.store.row(staging, sysID) != nil ? sysID
        : state.store.table(staging)?.rows(matchingAny: [Table.IndexLookup(field: "sys_target_sys_id", values: [sysID])])
          .last?["sys_id"] ?? sysID
      return .some(result(forStagingRow: rowID, staging: staging, baseURL: request.baseURL))
    }
    guard let answer else { return ServiceNowErrors.invalidTable(staging) }
    guard let body = answer else { return ServiceNowErrors.recordNotFound }
    return ServiceNowErrors.json(200, body)
  }

  /// `POST .../import/{staging}/insertMultiple`.
  func insertMultiple(_ request: APIRequest) -> HTTPResponse {
    let staging = request.match["staging"] ?? ""
    guard let map = state.maps[staging] else { return ServiceNowErrors.invalidTable(staging) }
    let records: [[(String, JSONValue)]]
    switch ImportSetAPI.records(request.http.body) {
    case .success(let parsed): records = parsed
    case .failure(let refusal): return refusal.response
    }
    let byKey = keyIndex(map.staging, mapping: state.settings.mapping(staging))
    let synchronous = state.settings.isSynchronous(staging)
    let ids: (String, String) = state.withLock {
      let (importSet, multiID) = state.createImportSet(
        for: staging, synchronous: synchronous, multiImportSetID: request.parameter("multi_import_set_id"),
        runAfter: request.parameter("run_after"), user: request.user)
      let setID = importSet["sys_id"] ?? ""
      for record in records {
        var row: Row = [:]
        for (key, value) in record {
          if let column = byKey[key] { row[column] = value.coercedString }
        }
        _ = state.insertStagingRow(row, into: staging, importSetID: setID, user: request.user)
      }
      state.finishLoading(setID, staging: staging, synchronous: synchronous, user: request.user)
      return (setID, multiID)
    }
    return ServiceNowErrors.json(201, .strings([("import_set_id", ids.0), ("multi_import_set_id", ids.1)]))
  }

  /// The staging table's own columns by the key insertMultiple records use.
  private func keyIndex(_ schema: TableSchema, mapping: ServiceNowSettings.ColumnMapping) -> [String: String] {
    let own = schema.columns.filter { column in
      !TableSchema.systemColumns.contains { $0.name == column.name }
        && !TableSchema.importRowColumns.contains { $0.name == column.name }
    }
    var index: [String: String] = [:]
    for column in own { index[mapping == .label ? column.label : column.name] = column.name }
    return index
  }

  /// The records of an insertMultiple body, or the 400 to answer.
  private static func records(_ body: [UInt8]) -> Result<[[(String, JSONValue)]], Refusal> {
    let expected = "the body must be {\"records\":[{\"<column>\":\"<value>\",...},...]}"
    guard let document = try? JSONParser.parse(body) else {
      return .failure(Refusal(ServiceNowErrors.unreadableBody("The payload is not valid JSON; \(expected)")))
    }
    guard let elements = document["records"]?.arrayElements else {
      return .failure(Refusal(ServiceNowErrors.unreadableBody("No 'records' array in the payload; \(expected)")))
    }
    var records: [[(String, JSONValue)]] = []
    for (index, element) in elements.enumerated() {
      guard let members = element.objectMembers else {
        return .failure(Refusal(ServiceNowErrors.unreadableBody("records[\(index)] is not an object; \(expected)")))
      }
      records.append(members)
    }
    return .success(records)
  }

  /// The Import Set API answer for staging row `sysID`, or `nil` when there is no such row.
  /// Call with the lock held.
  func result(forStagingRow sysID: String, staging: String, baseURL: String) -> JSONValue? {
    guard let map = state.maps[staging], let row = state.store.row(staging, sysID) else { return nil }
    let setNumber = state.store.row("sys_import_set", row["sys_import_set"] ?? "")?["number"] ?? ""
    let targetSchema = state.store.schema(map.target)
    let displayName = targetSchema?.displayColumn ?? "sys_id"
    let status = row["sys_import_state"] ?? ""
    let targetID = row["sys_target_sys_id"] ?? ""
    let target = targetID.isEmpty ? nil : state.store.row(map.target, targetID)
    var entry: [(String, JSONValue)] = [
      ("transform_map", .string(map.name)),
      ("table", .string(map.target)),
      ("display_name", .string(displayName)),
      ("display_value", .string(target?[displayName] ?? "")),
      ("record_link", .string(baseURL + "/api/now/table/" + (target == nil ? staging + "/" + sysID : map.target + "/" + targetID))),
      ("status", .string(status)),
      ("sys_id", .string(target == nil ? sysID : targetID)),
    ]
    let comment = row["sys_import_state_comment"] ?? ""
    if status == ImportRowState.error.rawValue {
      entry.append(("error_message", .string(comment)))
    } else if !comment.isEmpty {
      entry.append(("status_message", .string(comment)))
    }
    return .object([("import_set", .string(setNumber)), ("staging_table", .string(staging)), ("result", .array([.object(entry)]))])
  }
}
