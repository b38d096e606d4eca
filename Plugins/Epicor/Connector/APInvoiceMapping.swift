import MLCPluginKit

/// `Erp.BO.APInvoiceSvc/APInvoices?$expand=APInvDtls($expand=APInvExps)` rows → canonical
/// `ap_invoice`, GL distribution included.
///
/// Header columns from `APInvHedRow` [V SNO]: `InvoiceNum` (the vendor's number, a string),
/// `VendorNum`, `VendorNumVendorID` [V EPI-AP], `InvoiceDate`, `DueDate`, `CurrencyCode`,
/// `DocInvoiceAmt` (document currency), `DocInvoiceBal`, `REFPONum`, `Posted`,
/// `OpenPayable`, `Description`. Lines from `APInvDtlRow`: `InvoiceLine`, `PartNum`,
/// `Description`, `VendorQty`, `DocUnitCost`, `DocExtCost`, `PONum`, `POLine`. GL
/// distribution from `APInvExpRow` (child of the line): `InvExpSeq`, `GLAccount`, `DocExpAmt`.
///
/// The first distribution row (by `InvExpSeq`) gives the line's `gl_account_code` and
/// `cost_center_code`; all of them are kept in the line's `distribution` array
/// (`[{gl_account_code, cost_center_code, amount}]`) because one line can be split over
/// several accounts. Status: unposted → `open`; posted with an open payable → `posted`;
/// posted and no longer open → `paid`.
struct APInvoiceMapping: RecordMapping {
  var entity: EpicorEntity { .apInvoice }
  var updatedAtColumns: [String] { ["ChangeDate"] }

  /// Columns that may hold the printed form of an account when the tableset has one (Epicor
  /// names such link columns `GLAccountGLAcctDisp`, as on `APTranTGLCRow` [V SNO
  /// PaymentEntrySvc]); else the stored `GLAccount` is printed with `gl_separator`.
  static let displayColumns = ["GLAcctDisp", "DispGLAcct", "GLAccountGLAcctDisp"]

  func vendorNumbers(_ row: EpicorRow) -> [Int] {
    guard let number = row.nonZeroInt("VendorNum"), row.string("VendorNumVendorID") == nil else { return [] }
    return [number]
  }

  func writeData(_ row: EpicorRow, _ context: MappingContext, to writer: inout JSONWriter) throws {
    let vendorNumber = row.nonZeroInt("VendorNum")
    if let vendorNumber, let id = row.string("VendorNumVendorID") { context.vendors.remember(number: vendorNumber, id: id) }
    writer.field("number", ifPresent: row.string("InvoiceNum"))
    writer.field("vendor_code", ifPresent: vendorNumber.flatMap { context.vendors.id(of: $0) })
    writer.field("invoice_date", ifPresent: row.date("InvoiceDate"))
    writer.field("due_date", ifPresent: row.date("DueDate"))
    writer.field("currency", ifPresent: row.string("CurrencyCode"))
    writer.field("amount", decimal: row.decimal("DocInvoiceAmt") ?? row.decimal("InvoiceAmt"))
    writer.field("tax_amount", decimal: row.decimal("DocTaxAmt") ?? row.decimal("TaxAmt"))
    writer.field("balance", decimal: row.decimal("DocInvoiceBal") ?? row.decimal("InvoiceBal"))
    writer.field("po_number", ifPresent: row.nonZeroInt("REFPONum").map(String.init))
    writer.field("status", Self.status(row))
    writer.field("description", ifPresent: row.string("Description"))
    writer.key("lines")
    writer.beginArray()
    for line in row.children("APInvDtls").sorted(by: { ($0.int("InvoiceLine") ?? 0) < ($1.int("InvoiceLine") ?? 0) }) {
      writeLine(line, context, to: &writer)
    }
    writer.endArray()
  }

  private func writeLine(_ line: EpicorRow, _ context: MappingContext, to writer: inout JSONWriter) {
    let expenses = line.children("APInvExps").sorted { ($0.int("InvExpSeq") ?? 0) < ($1.int("InvExpSeq") ?? 0) }
    writer.beginObject()
    writer.field("line", ifPresent: line.int("InvoiceLine"))
    writer.field("description", ifPresent: line.string("Description"))
    writer.field("part_code", ifPresent: line.string("PartNum"))
    writer.field("quantity", decimal: line.decimal("VendorQty") ?? line.decimal("OurQty"))
    writer.field("unit_cost", decimal: line.decimal("DocUnitCost") ?? line.decimal("UnitCost"))
    writer.field("amount", decimal: line.decimal("DocExtCost") ?? line.decimal("ExtCost"))
    writer.field("po_number", ifPresent: line.nonZeroInt("PONum").map(String.init))
    writer.field("po_line", ifPresent: line.nonZeroInt("POLine"))
    if let first = expenses.first {
      writer.field("gl_account_code", ifPresent: context.printedAccount(first, displayColumns: Self.displayColumns, storedColumn: "GLAccount"))
      writer.field("cost_center_code", ifPresent: context.costCenter(first, accountColumn: "GLAccount"))
      writer.key("distribution")
      writer.beginArray()
      for expense in expenses {
        writer.beginObject()
        writer.field("gl_account_code", ifPresent: context.printedAccount(expense, displayColumns: Self.displayColumns, storedColumn: "GLAccount"))
        writer.field("cost_center_code", ifPresent: context.costCenter(expense, accountColumn: "GLAccount"))
        writer.field("amount", decimal: expense.decimal("DocExpAmt") ?? expense.decimal("ExpAmt"))
        writer.endObject()
      }
      writer.endArray()
    }
    writer.endObject()
  }

  func writeRefs(_ row: EpicorRow, _ context: MappingContext, to writer: inout JSONWriter) {
    if let vendor = row.nonZeroInt("VendorNum") { writer.field("vendor", context.vendorKey(vendor)) }
    if let po = row.nonZeroInt("REFPONum") { writer.field("purchase_order", CanonicalKey.make(context.company, [String(po)])) }
  }

  /// The canonical status of an AP invoice header.
  static func status(_ row: EpicorRow) -> String {
    guard row.bool("Posted") == true else { return "open" }
    return row.bool("OpenPayable") == false ? "paid" : "posted"
  }
}
