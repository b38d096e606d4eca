/// Canonical reference data → staging rows: vendors to the Supplier stage, GL accounts to
/// the GL account stage, cost centers to the Cost Center stage. One row each, coalescing on
/// the record's key.
enum MasterDataRows {
  /// A vendor as a Supplier Stage row (`sn_fcms_intg_imp_supplier` → `sn_fin_supplier`).
  /// The address lines go to the one street column, one per line, as ServiceNow's
  /// multi-line street fields hold them.
  static func supplier(_ record: CanonicalRecord, _ context: MappingContext) -> Preparation {
    guard let name = record.text("name") ?? record.text("legal_name") else {
      return .failed("\(record.subject) has no data.name or data.legal_name; ServiceNow's supplier needs a name: fix it in the source system")
    }
    var row = StagingRow(.supplier, subject: record.subject)
    row.set("erp_supplier_code", record.key)
    row.set("erp_source", context.erpSource)
    row.set("name", name)
    row.set("legal_name", record.text("legal_name"))
    row.set("tax_id", record.text("tax_id"))
    row.set("email", record.text("email"))
    row.set("phone", record.text("phone"))
    let street = ["line1", "line2", "line3"].compactMap { record.text("address", $0) }
    row.set("street", street.isEmpty ? nil : street.joined(separator: "\n"))
    row.set("city", record.text("address", "city"))
    row.set("state", record.text("address", "region"))
    row.set("zip", record.text("address", "postal_code"))
    row.set("country", record.text("address", "country"))
    row.set("payment_terms", record.text("terms_code"))
    row.set("currency", record.text("currency"))
    row.set("active", record.flag("active").map { $0 ? "true" : "false" })
    return .send(RecordPlan(primary: [row]))
  }

  /// A GL account as a GL Account Stage row (`sn_fcms_intg_gl_account_stage` →
  /// `sn_fin_gl_account`). The account string goes to the "GL Account" column and, with the
  /// description, to the account name; `active` becomes the stage's "Inactive" flag.
  static func glAccount(_ record: CanonicalRecord, _ context: MappingContext) -> Preparation {
    guard let code = record.text("code") else {
      return .failed("\(record.subject) has no data.code; a GL account needs its account string: fix it in the source system")
    }
    var row = StagingRow(.glAccount, subject: record.subject)
    row.set("number", record.key)
    row.set("account_name", record.text("description").map { "\(code) \($0)" } ?? code)
    row.set("gl_account", code)
    row.set("short_description", record.text("description"))
    row.set("type", record.text("type"))
    row.set("inactive", record.flag("active").map { $0 ? "false" : "true" })
    row.set("erp_source", context.erpSource)
    return .send(RecordPlan(primary: [row]))
  }

  /// A cost center as a Cost Center Stage row (`sn_fcms_intg_imp_cost_center` →
  /// `cmn_cost_center`). The stage has no active flag, so `active` is not sent.
  static func costCenter(_ record: CanonicalRecord, _ context: MappingContext) -> Preparation {
    guard let name = record.text("name") ?? record.text("code") else {
      return .failed("\(record.subject) has no data.name or data.code: fix it in the source system")
    }
    var row = StagingRow(.costCenter, subject: record.subject)
    row.set("code", record.key)
    row.set("name", name)
    row.set("erp_source", context.erpSource)
    return .send(RecordPlan(primary: [row]))
  }
}
