import MLCPluginKit

/// The one outcome a record gets from the results of its staging rows.
///
/// Per row, ServiceNow's transform states map to the ABI's outcomes as the issue asks:
/// `inserted` → INSERTED, `updated` → UPDATED, `ignored` → SKIPPED, `error` → FAILED with
/// ServiceNow's message, and `skipped` → FAILED with "coalesce value empty". Skipped is not
/// HELD: it means a coalesce column reached the instance empty, which no `mlc map set` can
/// fix (the host would retry a held record every run for nothing); the record needs fixing
/// in the source, or the instance's transform map coalesces on a column this connector does
/// not fill. A dead letter says so and `mlc replay` re-sends it once that is fixed.
///
/// A record of several rows (an order and its lines) is INSERTED when its header was
/// inserted, UPDATED when any row was inserted or updated, SKIPPED when every row was left
/// unchanged, and FAILED as soon as any row failed, naming that row. Its target key is the
/// header's target sys_id.
struct RecordVerdict: Equatable {
  var outcome: Outcome
  var targetKey: String
  var message: String
  /// True when the failure is a rate limit or an unavailable instance, not the record's data.
  var transient = false

  init(outcome: Outcome, targetKey: String = "", message: String = "", transient: Bool = false) {
    self.outcome = outcome
    self.targetKey = targetKey
    self.message = message
    self.transient = transient
  }

  /// The verdict for `plan` from `report`; `targets` names the staging tables in messages.
  init(_ plan: RecordPlan, _ report: PlanReport, targets: [StagingSlot: StagingTarget]) {
    let rows = zip(plan.primary, report.primary).map { ($0, $1) }
      + zip(plan.dependent, report.dependent ?? []).map { ($0, $1) }
    let target = (report.primary.first).flatMap { first -> String? in
      if case .done(let result) = first, result.succeeded { return result.targetSysID }
      return nil
    } ?? ""
    for (row, rowReport) in rows {
      let table = targets[row.slot]?.name ?? StagingTable.table(row.slot).defaultName
      switch rowReport {
      case .failed(let failure):
        var transient = false
        if case .transient = failure { transient = true }
        self.init(outcome: .failed, targetKey: target, message: "\(row.subject) was not written to \(table): \(failure)",
                  transient: transient)
        return
      case .done(let result) where result.state == .error:
        let said = result.message.isEmpty ? "no error message" : result.message
        self.init(outcome: .failed, targetKey: target,
                  message: "ServiceNow's transform of \(row.subject) in \(table) failed: \(said); "
                    + "fix the record in the source system (or the instance's transform map), then `mlc replay` it")
        return
      case .done(let result) where result.state == .skipped:
        let said = result.message.isEmpty ? "" : " (\(result.message))"
        self.init(outcome: .failed, targetKey: target,
                  message: "coalesce value empty: ServiceNow skipped \(row.subject) in \(table)\(said); "
                    + "the transform map's coalesce fields must all be filled: "
                    + "check that they are \(StagingTable.table(row.slot).coalesce.joined(separator: ", "))")
        return
      default:
        continue
      }
    }
    let results = rows.compactMap { _, rowReport -> RowResult? in
      if case .done(let result) = rowReport { return result }
      return nil
    }
    if results.first?.state == .inserted {
      self.init(outcome: .inserted, targetKey: target)
    } else if results.contains(where: { $0.state == .inserted || $0.state == .updated }) {
      self.init(outcome: .updated, targetKey: target)
    } else {
      self.init(outcome: .skipped, targetKey: target, message: "unchanged in ServiceNow (no field values changed)")
    }
  }
}
