import Foundation
import MLCPluginKit

/// The ServiceNow connection's plugin config (`connections.<name>.config`), validated.
///
/// ```json
/// {"erp_source": "EPICOR", "write_mode": "batch", "batch_size": 200, "concurrency": 4,
///  "column_mapping": "label", "staging_tables": {"vendor": "sn_fcms_intg_imp_supplier"},
///  "columns": {"purchase_order": {"erp_po_number": "u_erp_po"}},
///  "gl_cost_center_table": "gl_cost_center", "requisition_query": "approval=approved"}
/// ```
/// The instance itself is the connection's `base_url` (`https://<instance>.service-now.com`)
/// and its credentials are the connection's `auth`; neither reaches the plugin.
struct ServiceNowConfig: Sendable {
  /// How records reach the staging tables.
  enum WriteMode: String, Sendable, CaseIterable {
    /// `POST /api/now/import/{table}` per row, transformed at once, `concurrency` at a time.
    case single
    /// `POST /api/now/import/{table}/insertMultiple` per `batch_size` rows, then the
    /// staging rows of that import set are read for their outcomes.
    case batch
  }

  /// How the instance's `sys_rest_insert_multiple` entry keys insertMultiple records.
  enum ColumnMapping: String, Sendable, CaseIterable {
    case label, name
  }

  var erpSource: String
  var writeMode: WriteMode
  var concurrency: Int
  var batchSize: Int
  var columnMapping: ColumnMapping
  /// Seconds to wait for ServiceNow to transform an asynchronous insertMultiple import set.
  var importTimeout: Double
  var glCostCenterTable: String
  /// Where a line's cost center comes from: the line's own `cost_center_code` (falling back
  /// to the mapping table) or, with `mapping`, always the mapping table, so `mlc map set`
  /// decides and a GL account without a row holds the record.
  var costCenterSource: CostCenterSource
  var requisitionTable: String
  var requisitionLineTable: String
  var requisitionQuery: String
  var supplierTable: String
  var invoiceTable: String
  /// Each staging table as this connection addresses it.
  var targets: [StagingSlot: StagingTarget]

  static let members: Set<String> = [
    "erp_source", "write_mode", "concurrency", "batch_size", "column_mapping", "import_timeout_seconds",
    "staging_tables", "columns", "gl_cost_center_table", "requisition_table", "requisition_line_table",
    "requisition_query", "supplier_table", "invoice_table", "cost_center_source",
  ]

  /// See `costCenterSource`.
  enum CostCenterSource: String, CaseIterable {
    case record, mapping
  }

  /// Reads and checks `config`; every problem names its field.
  init(_ config: ConfigObject) throws {
    try config.rejectUnknownMembers(Self.members)
    erpSource = try Self.nonEmpty(config, "erp_source", default: "ml-connector")
    writeMode = try Self.choice(config, "write_mode", default: .batch)
    concurrency = try config.int("concurrency", default: 4, in: 1...64)
    batchSize = try config.int("batch_size", default: 200, in: 1...10_000)
    columnMapping = try Self.choice(config, "column_mapping", default: .label)
    importTimeout = try config.double("import_timeout_seconds", default: 300, in: 1...86_400)
    glCostCenterTable = try Self.nonEmpty(config, "gl_cost_center_table", default: "gl_cost_center")
    costCenterSource = try Self.choice(config, "cost_center_source", default: .record)
    requisitionTable = try Self.tableName(config, "requisition_table", default: "sn_shop_purchase_requisition")
    requisitionLineTable = try Self.tableName(config, "requisition_line_table", default: "sn_shop_purchase_line")
    requisitionQuery = try config.string("requisition_query", default: "approval=approved") ?? ""
    if requisitionQuery.contains("^NQ") || requisitionQuery.contains("ORDERBY") {
      throw config.error("requisition_query", "must be a plain condition such as \"approval=approved\": "
        + "the connector adds the sys_updated_on bound and the ordering itself, and ^NQ would escape that bound")
    }
    supplierTable = try Self.tableName(config, "supplier_table", default: "sn_fin_supplier")
    invoiceTable = try Self.tableName(config, "invoice_table", default: "sn_shop_invoice")
    targets = try Self.targets(config, keyedBy: writeMode == .batch ? columnMapping : .name)
  }

  /// The JSON Schema in the manifest.
  static let schema = #"""
    {"type":"object","additionalProperties":false,"properties":{\#
    "erp_source":{"type":"string","default":"ml-connector","description":"ERP source value written to every staging row"},\#
    "write_mode":{"enum":["batch","single"],"default":"batch","description":"insertMultiple batches, or one Import Set POST per row"},\#
    "concurrency":{"type":"integer","minimum":1,"maximum":64,"default":4,"description":"single mode: rows posted at once"},\#
    "batch_size":{"type":"integer","minimum":1,"maximum":10000,"default":200,"description":"batch mode: rows per insertMultiple call"},\#
    "column_mapping":{"enum":["label","name"],"default":"label",\#
    "description":"batch mode: the Column mapping of the instance's sys_rest_insert_multiple entry"},\#
    "import_timeout_seconds":{"type":"number","minimum":1,"default":300,"description":"batch mode: how long to wait for an import set's transform"},\#
    "staging_tables":{"type":"object",\#
    "description":"staging table per entity (vendor, gl_account, cost_center, purchase_order, \#
    purchase_order_line, ap_invoice, ap_invoice_line, ap_payment)","additionalProperties":{"type":"string"}},\#
    "columns":{"type":"object","description":"per entity, column name -> the key the instance expects instead",\#
    "additionalProperties":{"type":"object","additionalProperties":{"type":"string"}}},\#
    "cost_center_source":{"enum":["record","mapping"],"default":"record","description":"record: a line's own cost_center_code, else its GL account through the mapping table; mapping: always the mapping table (mlc map set decides; an unmapped GL account holds the record)"},\#
    "gl_cost_center_table":{"type":"string","default":"gl_cost_center",\#
    "description":"mapping table from GL account to cost center for lines without a cost center"},\#
    "requisition_table":{"type":"string","default":"sn_shop_purchase_requisition"},\#
    "requisition_line_table":{"type":"string","default":"sn_shop_purchase_line"},\#
    "requisition_query":{"type":"string","default":"approval=approved","description":"encoded query selecting the requisitions to read"},\#
    "supplier_table":{"type":"string","default":"sn_fin_supplier"},\#
    "invoice_table":{"type":"string","default":"sn_shop_invoice"}}}
    """#

  /// The staging tables with their names and body keys, after `staging_tables` and `columns`.
  private static func targets(_ config: ConfigObject, keyedBy mapping: ColumnMapping) throws -> [StagingSlot: StagingTarget] {
    let slotNames = Set(StagingSlot.allCases.map(\.rawValue))
    let names = try config.object("staging_tables")
    try names?.rejectUnknownMembers(slotNames)
    let overrides = try config.object("columns")
    try overrides?.rejectUnknownMembers(slotNames)
    var targets: [StagingSlot: StagingTarget] = [:]
    for slot in StagingSlot.allCases {
      let table = StagingTable.table(slot)
      var keys: [String: String] = [:]
      for column in table.columns { keys[column.name] = mapping == .label ? column.label : column.name }
      if let renamed = try overrides?.object(slot.rawValue) {
        try renamed.rejectUnknownMembers(Set(table.columns.map(\.name)))
        for column in table.columns {
          if let key = try renamed.string(column.name) {
            guard !key.isEmpty else { throw renamed.error(column.name, "must not be empty") }
            keys[column.name] = key
          }
        }
      }
      let name = try names.map { try tableName($0, slot.rawValue, default: table.defaultName) } ?? table.defaultName
      targets[slot] = StagingTarget(slot: slot, name: name, keys: keys)
    }
    return targets
  }

  private static func nonEmpty(_ config: ConfigObject, _ name: String, default value: String) throws -> String {
    let text = try config.string(name, default: value) ?? value
    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw config.error(name, "must not be empty") }
    return text
  }

  /// A table name: letters, digits and underscores, as ServiceNow names tables.
  private static func tableName(_ config: ConfigObject, _ name: String, default value: String) throws -> String {
    let text = try config.string(name, default: value) ?? value
    let valid = !text.isEmpty && text.utf8.allSatisfy { byte in
      (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
    }
    guard valid else {
      throw config.error(name, "must be a ServiceNow table name such as \"\(value)\" (letters, digits, underscores), found \"\(text)\"")
    }
    return text
  }

  private static func choice<T: RawRepresentable & CaseIterable>(_ config: ConfigObject, _ name: String,
                                                                  default value: T) throws -> T
  where T.RawValue == String {
    guard let text = try config.string(name) else { return value }
    guard let parsed = T(rawValue: text) else {
      let allowed = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
      throw config.error(name, "must be \(allowed), found \"\(text)\"")
    }
    return parsed
  }
}
