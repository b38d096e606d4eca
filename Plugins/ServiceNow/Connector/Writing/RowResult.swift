import MLCPluginKit

/// What ServiceNow's transform did with one staging row.
///
/// States from SN-DOCS zurich `integrate-applications/system-import-sets/r_ImportSetMode.md`:
/// `inserted`, `updated`, `ignored` (nothing changed), `skipped` (coalesce values missing),
/// `error`. A single-row Import Set POST reports them in `result[].status` with
/// `status_message`/`error_message`; an insertMultiple import set's staging rows carry them in
/// `sys_import_state` with `sys_import_state_comment` and the target in `sys_target_sys_id`
/// (these column names are from public client code [C], not the docs).
struct RowResult: Sendable, Equatable {
  enum State: String, Sendable {
    case inserted, updated, ignored, skipped, error
  }

  var state: State
  /// The target record's sys_id (empty when no target row was written or matched).
  var targetSysID: String
  /// `status_message` or `error_message`; empty when ServiceNow gave none.
  var message: String

  /// The result of a single-row Import Set POST: the `result` entries, one per transform map
  /// that ran. The first entry is the row's own target; any entry in error makes the row an
  /// error, and one that skipped makes it skipped.
  static func fromImport(_ results: [JSONValue], table: String) -> RowResult {
    guard !results.isEmpty else {
      return RowResult(state: .error, targetSysID: "",
                       message: "ServiceNow ran no transform map on staging table \(table), so nothing reached a target table: "
                         + "check that a transform map exists for it and is active")
    }
    let parsed = results.map { entry -> RowResult in
      let status = entry["status"]?.stringValue ?? ""
      let message = entry["error_message"]?.stringValue ?? entry["status_message"]?.stringValue ?? ""
      guard let state = State(rawValue: status) else {
        return RowResult(state: .error, targetSysID: "", message: "ServiceNow reported the unknown import status \"\(status)\" \(message)")
      }
      return RowResult(state: state, targetSysID: entry["sys_id"]?.stringValue ?? "", message: message)
    }
    if let failed = parsed.first(where: { $0.state == .error }) ?? parsed.first(where: { $0.state == .skipped }) {
      return failed
    }
    return parsed[0]
  }

  /// The result recorded on an insertMultiple staging row, or nil while it is still
  /// `pending` (the import set has not been transformed yet).
  static func fromStagingRow(_ row: [String: String]) -> RowResult? {
    let status = row["sys_import_state"] ?? ""
    let message = row["sys_import_state_comment"] ?? ""
    if status == "pending" || status.isEmpty { return nil }
    guard let state = State(rawValue: status) else {
      return RowResult(state: .error, targetSysID: "", message: "ServiceNow left the staging row in state \"\(status)\" \(message)")
    }
    let target = state == .error || state == .skipped ? "" : (row["sys_target_sys_id"] ?? "")
    return RowResult(state: state, targetSysID: target, message: message)
  }

  /// Whether the row reached its target (inserted, updated or already up to date), so rows
  /// that depend on it may be sent.
  var succeeded: Bool { state == .inserted || state == .updated || state == .ignored }
}

/// One staging row's fate: transformed (whatever the result), or never transformed
/// because its request failed.
enum RowReport: Sendable {
  case done(RowResult)
  case failed(ServiceNowFailure)

  var succeeded: Bool {
    if case .done(let result) = self { return result.succeeded }
    return false
  }
}

/// The row reports of one record: its primary rows, then its dependent rows (nil when they
/// were not sent because a primary row did not succeed).
struct PlanReport: Sendable {
  var primary: [RowReport]
  var dependent: [RowReport]?
}
