/// Sends staging rows one `POST /api/now/import/{staging}` each, which ServiceNow
/// transforms before it answers, with several records in flight at once.
///
/// One record's rows go in order on one thread: its header first, then its lines only if
/// the header reached its target (a line's transform resolves the header by key). Records
/// sharing a key (the same record twice in one batch) go on the same thread in batch order,
/// so the later one updates what the earlier one inserted rather than racing it. SN-DOCS
/// `r_ImportSetMode.md` makes rows with one coalesce value serial on the instance too.
struct SingleRowWriter {
  let client: ServiceNowClient
  let targets: [StagingSlot: StagingTarget]
  let concurrency: Int

  /// Sends every plan's rows; one report per plan, in order.
  func send(_ plans: [RecordPlan]) throws -> [PlanReport] {
    var groups: [[Int]] = []
    var groupOfKey: [String: Int] = [:]
    for (index, plan) in plans.enumerated() {
      let identity = Self.identity(plan)
      if let group = groupOfKey[identity] {
        groups[group].append(index)
      } else {
        groupOfKey[identity] = groups.count
        groups.append([index])
      }
    }
    let reports = ResultSlots<PlanReport>(count: plans.count)
    let client = client, targets = targets
    try WorkerPool.run(groups.count, workers: concurrency) { [groups] group in
      for index in groups[group] {
        reports[index] = try Self.send(plans[index], client: client, targets: targets)
      }
    }
    return plans.indices.map { reports[$0] ?? PlanReport(primary: [], dependent: nil) }
  }

  /// Sends one plan: primary rows, then dependent rows when every primary row succeeded.
  private static func send(_ plan: RecordPlan, client: ServiceNowClient,
                           targets: [StagingSlot: StagingTarget]) throws -> PlanReport {
    let primary = try plan.primary.map { try sendRow($0, client: client, targets: targets) }
    guard primary.allSatisfy(\.succeeded) else { return PlanReport(primary: primary, dependent: nil) }
    let dependent = try plan.dependent.map { try sendRow($0, client: client, targets: targets) }
    return PlanReport(primary: primary, dependent: dependent)
  }

  /// Posts one row; a request ServiceNow refused or that ran out of retries is the row's
  /// failure, while credential and config problems propagate and stop the batch.
  private static func sendRow(_ row: StagingRow, client: ServiceNowClient,
                              targets: [StagingSlot: StagingTarget]) throws -> RowReport {
    guard let target = targets[row.slot] else { return .failed(.refused("no staging table configured for \(row.slot.rawValue)")) }
    do {
      let answer = try client.importRow(target, row)
      return .done(RowResult.fromImport(answer.results, table: target.name))
    } catch let failure as ServiceNowFailure {
      return .failed(failure)
    }
  }

  /// What makes two plans the same target record: the first row's table and coalesce values,
  /// ignoring case as coalescing does by default.
  static func identity(_ plan: RecordPlan) -> String {
    guard let first = plan.primary.first else { return "" }
    let values = StagingTable.table(first.slot).coalesce.map { first.value($0) ?? "" }
    return ([first.slot.rawValue] + values).joined(separator: "\u{1F}").lowercased()
  }
}
