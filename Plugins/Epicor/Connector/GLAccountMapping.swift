import MLCPluginKit

/// `Erp.BO.GLAccountSvc/GLAccounts` rows → canonical `gl_account`.
///
/// Columns from `GLAccountRow` [V SNO]: `COACode`, `GLAccount1` (the stored account, the
/// OData key column), `AccountDesc`, `SegValue1`…`SegValue20`, `Active`, and the printed
/// form `GLAcctDisp` (tablesets also carry it as the link column `GLAcctDispGLAcctDisp`).
/// `code` is the printed form so it matches what people see and type; `segments` lists
/// the non-empty segment values by number; `cost_center_code` is segment
/// `cost_center_segment` when the config names one. Epicor keeps only `SysRevID` here.
struct GLAccountMapping: RecordMapping {
  var entity: EpicorEntity { .glAccount }

  func writeData(_ row: EpicorRow, _ context: MappingContext, to writer: inout JSONWriter) throws {
    writer.field("code", ifPresent: context.printedAccount(row, displayColumns: ["GLAcctDisp", "GLAcctDispGLAcctDisp"], storedColumn: "GLAccount1"))
    writer.field("description", ifPresent: row.string("AccountDesc"))
    writer.field("type", ifPresent: row.string(anyOf: ["AccountType", "Category"]))
    writer.key("segments")
    writer.beginArray()
    for number in 1...20 {
      guard let value = row.string("SegValue\(number)") else { continue }
      writer.beginObject()
      writer.field("number", int: number)
      writer.field("code", value)
      writer.endObject()
    }
    writer.endArray()
    writer.field("cost_center_code", ifPresent: context.costCenter(row, accountColumn: "GLAccount1"))
    writer.field("active", ifPresent: row.bool("Active"))
  }
}
