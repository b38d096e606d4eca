import MLCPluginKit

/// Writes one batch record by record and turns every way a record can go wrong into its
/// outcome: Epicor's business errors (`ErrorMessage`, `ErrorDetails[].Field`) and unusable
/// records become FAILED with that message; unresolved references become HELD (decided by
/// the entity sinks); a connection problem stops the batch, retried as a whole when nothing
/// was written yet.
struct EpicorSink {
  let client: EpicorClient
  let vendors: VendorDirectory
  let host: PluginHost
  let accounts: GLAccountResolver

  /// Writes `batch` and reports every record's outcome.
  func write(_ entity: EpicorEntity, _ batch: WriteBatch, outcomes: OutcomeReporter) throws {
    var wrote = false
    for index in batch.indices {
      let result: SinkResult
      do {
        let record = try CanonicalInput(batch[index], entity: entity.name)
        result = try write(entity, record)
      } catch let failure as EpicorFailure {
        result = .failed("Epicor refused \(entity.name): \(failure.summary) (HTTP \(failure.status) from \(failure.method) \(failure.target))")
      } catch let error as CanonicalInputError {
        result = .failed(error.description)
      } catch let error as PluginError where error.code == .retry && wrote {
        // Part of the batch is in Epicor: report the rest failed rather than have the host
        // resend records that were written (their replay is idempotent anyway).
        for rest in index..<batch.count {
          outcomes.report(rest, .failed, message: "not written: Epicor became unavailable during the batch (\(error.message)); replay it later")
        }
        return
      }
      if result.outcome != .failed && result.outcome != .held { wrote = true }
      outcomes.report(index, result.outcome, targetKey: result.targetKey, message: result.message)
    }
  }

  private func write(_ entity: EpicorEntity, _ record: CanonicalInput) throws -> SinkResult {
    switch entity {
    case .vendor: return try VendorSink(client: client, vendors: vendors).write(record)
    case .apInvoice: return try APInvoiceSink(client: client, vendors: vendors, host: host, accounts: accounts).write(record)
    case .apPayment: return try APPaymentSink(client: client, vendors: vendors).write(record)
    default: throw PluginError.unsupported("epicor: cannot write \(entity.name)")
    }
  }
}
