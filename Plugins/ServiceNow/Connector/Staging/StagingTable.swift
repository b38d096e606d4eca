/// Which Source-to-Pay inbound staging table a row goes to. One slot per canonical entity,
/// plus one for each entity whose lines have a staging table of their own.
///
/// The raw value is the key of the slot in the connection's `staging_tables` and `columns`
/// config objects.
enum StagingSlot: String, CaseIterable, Sendable {
  case supplier = "vendor"
  case glAccount = "gl_account"
  case costCenter = "cost_center"
  case order = "purchase_order"
  case orderLine = "purchase_order_line"
  case invoice = "ap_invoice"
  case invoiceLine = "ap_invoice_line"
  case paymentDetail = "ap_payment"
}

/// One column of a staging table: its column name (what a single-row Import Set POST and
/// the Table API use) and its label (what insertMultiple keys records by unless the
/// instance's `sys_rest_insert_multiple` entry says "Column name").
struct StagingColumn: Sendable {
  let name: String
  let label: String

  init(_ name: String, _ label: String) {
    self.name = name
    self.label = label
  }
}

/// A Source-to-Pay inbound staging table as this connector writes it: the default table
/// name, the columns it fills and the coalesce columns of the transform map behind it.
///
/// The coalesce columns always carry the source system's key (the canonical record's `key`,
/// and for lines also the line number), so that a re-sent record updates its target row
/// instead of inserting a second one.
struct StagingTable: Sendable {
  let slot: StagingSlot
  /// The table name SYSTEMS.md §1.8 lists; `staging_tables.<slot>` overrides it.
  let defaultName: String
  /// The transform map's target table, for messages.
  let target: String
  let columns: [StagingColumn]
  /// Names of the coalesce columns; each must hold a value or ServiceNow skips the row.
  let coalesce: [String]

  /// The column named `name`. Every name the mappings use is declared here; a name that is
  /// not is a programming error caught by the connector's tests.
  func column(_ name: String) -> StagingColumn {
    columns.first { $0.name == name } ?? StagingColumn(name, name)
  }

  /// The table for `slot`.
  static func table(_ slot: StagingSlot) -> StagingTable {
    switch slot {
    case .supplier: return StagingTables.supplier
    case .glAccount: return StagingTables.glAccount
    case .costCenter: return StagingTables.costCenter
    case .order: return StagingTables.order
    case .orderLine: return StagingTables.orderLine
    case .invoice: return StagingTables.invoice
    case .invoiceLine: return StagingTables.invoiceLine
    case .paymentDetail: return StagingTables.paymentDetail
    }
  }
}
