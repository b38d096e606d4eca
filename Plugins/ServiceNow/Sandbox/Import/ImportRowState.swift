/// The outcome of one staging row, as `sys_import_state` stores it and the Import Set API
/// reports it in `result[].status`.
///
/// Values from SN-DOCS zurich `integrate-applications/system-import-sets/r_ImportSetMode.md`
/// (`inserted`, `updated`, `ignored`, `skipped`, `error`); `pending` is the state of a row
/// inserted by an asynchronous insertMultiple that has not been transformed yet.
enum ImportRowState: String, Sendable, CaseIterable {
  case pending, inserted, updated, ignored, skipped, error

  /// Choice values and labels for the `sys_import_state` column.
  static let choices: [(value: String, label: String)] = allCases.map { ($0.rawValue, $0.rawValue.capitalized) }
}

/// The states of a `sys_import_set` row.
enum ImportSetState: String, Sendable, CaseIterable {
  /// Rows are still arriving (a web-service import set stays here until it is closed).
  case loading
  /// All rows are in the staging table; the transform has not run yet.
  case loaded
  /// The transform has run over every row.
  case processed
  case cancelled

  /// Choice values and labels for `sys_import_set.state`.
  static let choices: [(value: String, label: String)] = allCases.map { ($0.rawValue, $0.rawValue.capitalized) }
}
