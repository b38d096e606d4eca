/// The staging rows one canonical record becomes.
///
/// `primary` rows are sent first; the first one's target sys_id is the record's target key.
/// `dependent` rows (order and invoice lines) reference their header through the transform
/// map, so they are sent only after every primary row was transformed without error.
struct RecordPlan: Sendable {
  var primary: [StagingRow]
  var dependent: [StagingRow] = []

  /// Every row, primary first.
  var rows: [StagingRow] { primary + dependent }
}

/// What the connector does with one record of a batch.
enum Preparation: Sendable {
  /// Send these rows.
  case send(RecordPlan)
  /// Report the record held with this reason (a mapping or reference that may appear later).
  case held(String)
  /// Report the record failed with this reason (nothing mlc can resolve on its own).
  case failed(String)
}

/// What every entity mapping needs besides the record.
struct MappingContext {
  /// The `erp_source` every staging row carries.
  let erpSource: String
  /// Cost centers for lines that name only a GL account.
  let costCenters: CostCenterResolver
  /// Invoice keys for payment applications, resolved for the whole batch beforehand.
  let invoiceKeys: InvoiceKeyResolver?
}
