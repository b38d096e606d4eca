import MLCPluginKit

/// Writes one batch of canonical records into the Source-to-Pay staging tables and reports
/// one outcome per record.
///
/// Order of work: read every record; for payments, resolve the invoice keys of the whole
/// batch; map each record to staging rows (holding records whose GL account has no cost
/// center, failing records that cannot be mapped, and failing locally rows whose coalesce
/// value would be empty, which ServiceNow would only skip); send the rows with the
/// configured writer; turn each record's row results into its outcome (`RecordVerdict`).
/// When nothing could be written because the instance was rate limiting or unavailable
/// past the host's retries, the whole batch is handed back for a later retry instead.
struct StagingSink {
  let config: ServiceNowConfig
  let client: ServiceNowClient
  let host: PluginHost
  /// The connection's learned import set transform latency (see `TransformPacer`).
  let pacer: TransformPacer

  /// Writes `batch` and reports every record; throws `.retry` only when nothing was written.
  func write(_ batch: WriteBatch, outcomes: OutcomeReporter) throws {
    var records: [Int: CanonicalRecord] = [:]
    for index in batch.indices {
      do {
        records[index] = try CanonicalRecord(batch, at: index)
      } catch {
        outcomes.report(index, .failed, message: "\(error)")
      }
    }
    let context = MappingContext(
      erpSource: config.erpSource,
      costCenters: CostCenterResolver(host: host, table: config.glCostCenterTable,
                                      mappingIsAuthoritative: config.costCenterSource == .mapping),
      invoiceKeys: batch.entity == "ap_payment" ? try invoiceKeys(Array(records.values)) : nil)

    var sending: [(index: Int, plan: RecordPlan)] = []
    for index in batch.indices {
      guard let record = records[index] else { continue }
      switch try prepare(record, context) {
      case .held(let reason):
        outcomes.report(index, .held, message: reason)
      case .failed(let reason):
        outcomes.report(index, .failed, message: reason)
      case .send(let plan):
        if let row = plan.rows.first(where: { !$0.missingCoalesce.isEmpty }) {
          let columns = row.missingCoalesce.joined(separator: ", ")
          outcomes.report(index, .failed, message: "coalesce value empty: \(row.subject) has no value for \(columns), "
            + "which ServiceNow's transform coalesces on, so it would skip the row; fix the record in the source system")
        } else {
          sending.append((index, plan))
        }
      }
    }
    guard !sending.isEmpty else { return }

    let plans = sending.map(\.plan)
    let reports: [PlanReport]
    switch config.writeMode {
    case .single:
      reports = try SingleRowWriter(client: client, targets: config.targets, concurrency: config.concurrency).send(plans)
    case .batch:
      reports = try BatchWriter(client: client, targets: config.targets, batchSize: config.batchSize,
                                timeout: config.importTimeout, concurrency: config.concurrency, pacer: pacer).send(plans)
    }
    let verdicts = zip(plans, reports).map { RecordVerdict($0, $1, targets: config.targets) }
    let wroteNothing = verdicts.allSatisfy { $0.outcome == .failed && $0.transient }
      && reports.allSatisfy { report in report.primary.allSatisfy { if case .failed = $0 { return true } else { return false } } }
    if wroteNothing, let first = verdicts.first {
      throw PluginError.retry("ServiceNow took none of the \(batch.entity) batch's \(plans.count) records: \(first.message)")
    }
    for ((index, _), verdict) in zip(sending, verdicts) {
      outcomes.report(index, verdict.outcome, targetKey: verdict.targetKey, message: verdict.message)
    }
  }

  /// The staging rows for `record`, by entity.
  private func prepare(_ record: CanonicalRecord, _ context: MappingContext) throws -> Preparation {
    switch record.entity {
    case "vendor": return MasterDataRows.supplier(record, context)
    case "gl_account": return MasterDataRows.glAccount(record, context)
    case "cost_center": return MasterDataRows.costCenter(record, context)
    case "purchase_order": return try PurchaseOrderRows.plan(record, context)
    case "ap_invoice": return try InvoiceRows.plan(record, context)
    case "ap_payment": return PaymentRows.plan(record, context)
    default: throw PluginError.unsupported("servicenow: cannot write \(record.entity)")
    }
  }

  /// The invoice keys every payment of the batch needs; a rate limit or outage here means
  /// nothing was written yet, so the batch is retried as a whole.
  private func invoiceKeys(_ records: [CanonicalRecord]) throws -> InvoiceKeyResolver {
    do {
      return try InvoiceKeyResolver(client: client, supplierTable: config.supplierTable, invoiceTable: config.invoiceTable,
                                    pairs: records.flatMap(PaymentRows.invoiceReferences))
    } catch let failure as ServiceNowFailure {
      if case .transient(let message) = failure {
        throw PluginError.retry("servicenow: looking up the invoices of an ap_payment batch failed: \(message)")
      }
      throw PluginError.fatal("servicenow: looking up the invoices of an ap_payment batch failed: \(failure)")
    }
  }
}
