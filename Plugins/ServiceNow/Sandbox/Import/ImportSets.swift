import Foundation

// Import set bookkeeping, as the Import Set API (SN-DOCS `rest-apis/c_ImportSetAPI.md`) and
// the import set tables behave:
// - single-row `POST /api/now/import/{staging}` rows go into the staging table's open
//   web-service import set (state `loading`, mode synchronous) and are transformed at once;
// - `insertMultiple` creates a new import set (and a multi import set unless one is named),
//   inserts every row as `pending`, marks the set `loaded`, and transforms it either before
//   answering (synchronous `sys_rest_insert_multiple` entry) or shortly after (default);
// - rows of one set are transformed serially in row order, so two rows with the same
//   coalesce value give one insert and one update, never two inserts.
//
// Every method here expects the state lock to be held.
extension ServiceNowState {
  /// The open web-service import set of `staging`, created on first use.
  func webServiceImportSet(for staging: String, user: String) -> Row {
    if let sysID = openWebServiceSets[staging], let row = store.row("sys_import_set", sysID) { return row }
    let row = store.insert("sys_import_set", [
      "table_name": staging, "state": ImportSetState.loading.rawValue, "mode": "synchronous",
      "short_description": "Web service import set",
    ], user: user) ?? [:]
    openWebServiceSets[staging] = row["sys_id"]
    return row
  }

  /// Creates an import set for one insertMultiple call, and its multi import set unless
  /// `multiImportSetID` names an existing one.
  func createImportSet(for staging: String, synchronous: Bool, multiImportSetID: String?, runAfter: String?,
                       user: String) -> (importSet: Row, multiImportSetID: String) {
    var multiID = multiImportSetID.flatMap { store.row("sys_multi_import_set", $0)?["sys_id"] }
    if multiID == nil {
      multiID = store.insert("sys_multi_import_set", ["state": ImportSetState.loading.rawValue,
                                                       "short_description": "REST insertMultiple"], user: user)?["sys_id"]
    }
    let importSet = store.insert("sys_import_set", [
      "table_name": staging, "state": ImportSetState.loading.rawValue,
      "mode": synchronous ? "synchronous" : "asynchronous", "multi_import_set": multiID ?? "",
      "run_after": runAfter.flatMap { store.row("sys_import_set", $0)?["sys_id"] } ?? "",
      "short_description": "REST insertMultiple",
    ], user: user) ?? [:]
    return (importSet, multiID ?? "")
  }

  /// Inserts one staging row (state `pending`) into `staging` as the next row of `importSetID`.
  func insertStagingRow(_ values: Row, into staging: String, importSetID: String, user: String) -> Row? {
    var row = values
    row["sys_import_set"] = importSetID
    row["sys_import_row"] = String(rowsBySet[importSetID]?.count ?? 0)
    row["sys_import_state"] = ImportRowState.pending.rawValue
    row["sys_id"] = nil
    guard let inserted = store.insert(staging, row, user: user), let sysID = inserted["sys_id"] else { return nil }
    rowsBySet[importSetID, default: []].append(sysID)
    return inserted
  }

  /// Transforms staging row `sysID` and records the outcome on it.
  @discardableResult
  func transformStagingRow(_ sysID: String, in staging: String, user: String) -> TransformOutcome {
    guard let map = maps[staging], let row = store.row(staging, sysID) else {
      return TransformOutcome(state: .error, errorMessage: "No transform map for \(staging)")
    }
    let outcome = Transformer.run(row, map: map, store: store, user: user, caseSensitive: settings.caseSensitive(staging))
    var changes: Row = [
      "sys_import_state": outcome.state.rawValue,
      "sys_import_state_comment": outcome.errorMessage ?? outcome.message ?? "",
      "sys_target_table": map.target,
      "sys_target_sys_id": outcome.targetSysID ?? "",
      "sys_transform_map": map.name,
    ]
    if let message = outcome.errorMessage {
      let error = store.insert("sys_import_set_row_error", [
        "import_set": row["sys_import_set"] ?? "", "staging_table": staging, "row": sysID, "error_message": message,
      ], user: user)
      changes["sys_row_error"] = error?["sys_id"] ?? ""
    }
    store.update(staging, sysID, changes, user: user)
    return outcome
  }

  /// Marks `importSetID` loaded and queues or runs its transform.
  func finishLoading(_ importSetID: String, staging: String, synchronous: Bool, user: String) {
    store.update("sys_import_set", importSetID, [
      "state": ImportSetState.loaded.rawValue, "load_completed": GlideDateTime.format(clock.now),
    ], user: user)
    if synchronous {
      transformImportSet(importSetID, user: user)
    } else {
      queue.append(QueuedImport(importSetID: importSetID, due: Date().addingTimeInterval(settings.insertMultipleDelay),
                                user: user))
      condition.broadcast()
    }
  }

  /// Transforms every pending row of `importSetID` in row order and marks the set processed.
  func transformImportSet(_ importSetID: String, user: String) {
    guard let set = store.row("sys_import_set", importSetID), let staging = set["table_name"] else { return }
    for sysID in rowsBySet[importSetID] ?? [] where store.row(staging, sysID)?["sys_import_state"] == ImportRowState.pending.rawValue {
      transformStagingRow(sysID, in: staging, user: user)
    }
    store.update("sys_import_set", importSetID, [
      "state": ImportSetState.processed.rawValue, "transform_completed": GlideDateTime.format(clock.now),
    ], user: user)
    if let multiID = set["multi_import_set"], !multiID.isEmpty {
      store.update("sys_multi_import_set", multiID, ["state": ImportSetState.processed.rawValue], user: user)
    }
  }

  /// Transforms every queued import set now, in queue order; returns how many ran.
  @discardableResult
  func drainQueue() -> Int {
    let due = queue
    queue.removeAll()
    for job in due { transformImportSet(job.importSetID, user: job.user) }
    condition.broadcast()
    return due.count
  }
}
