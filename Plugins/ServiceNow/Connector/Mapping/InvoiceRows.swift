/// Canonical AP invoices → an Invoice Import row and one Invoice Line Import row per line
/// (`sn_spend_intg_imp_invoice` → `sn_shop_invoice`, `sn_spend_intg_imp_invoice_line` →
/// `sn_shop_invoice_line`).
///
/// SN-DOCS `inbound-invoice-import-staging-table.md` defines Subtotal as the amount "excluding
/// tax and shipping" and makes Subtotal and Other charges mandatory; the canonical `amount`
/// includes tax, so the subtotal is `amount − tax_amount` (exact decimal arithmetic) and
/// other charges are `0` whenever both are known. The header coalesces on the invoice's key
/// ("External invoice number"); lines on that key plus the line number. The vendor's own
/// invoice number goes to "Supplier invoice number", the order's number to "ERP number",
/// and the order's key (`refs.purchase_order`) to "Purchase order", which the transform
/// resolves against the orders' ERP number.
enum InvoiceRows {
  static func plan(_ record: CanonicalRecord, _ context: MappingContext) throws -> Preparation {
    let amount = record.text("amount")
    let tax = record.text("tax_amount")
    var subtotal = amount
    if let amount, let tax {
      guard let difference = DecimalText.subtract(amount, tax) else {
        return .failed("\(record.subject): data.amount \"\(amount)\" or data.tax_amount \"\(tax)\" is not a decimal number: "
          + "fix it in the source system")
      }
      subtotal = difference
    }
    var header = StagingRow(.invoice, subject: record.subject)
    header.set("external_invoice_number", record.key)
    header.set("external_invoice_source", context.erpSource)
    header.set("erp_source", context.erpSource)
    header.set("supplier", record.ref("vendor") ?? record.text("vendor_code"))
    header.set("supplier_invoice_number", record.text("number"))
    header.set("invoice_date", record.text("invoice_date"))
    header.set("due_date", record.text("due_date"))
    header.set("currency", record.text("currency"))
    header.set("subtotal", subtotal)
    header.set("tax_amount", tax)
    header.set("other_charges", amount != nil && tax != nil ? "0" : nil)
    header.set("amount_invoiced", amount)
    header.set("purchase_order", record.ref("purchase_order"))
    header.set("erp_number", record.text("po_number"))
    header.set("status", record.text("status"))

    var lines: [StagingRow] = []
    for (position, line) in record.objects("lines").enumerated() {
      let number = CanonicalRecord.text(line["line"]) ?? String(position + 1)
      let costCenter: String?
      switch try context.costCenters.costCenter(of: line) {
      case .found(let code): costCenter = code
      case .unmapped(let reason): return .held(reason)
      }
      var row = StagingRow(.invoiceLine, subject: "\(record.subject) line \(number)")
      row.set("external_invoice_number", record.key)
      row.set("erp_line_number", number)
      row.set("external_invoice_source", context.erpSource)
      row.set("erp_source", context.erpSource)
      row.set("line_description", CanonicalRecord.text(line["description"]))
      row.set("line_quantity", CanonicalRecord.text(line["quantity"]))
      row.set("line_unit_price", CanonicalRecord.text(line["unit_cost"]))
      row.set("subtotal", CanonicalRecord.text(line["amount"]))
      row.set("line_amount_invoiced", CanonicalRecord.text(line["amount"]))
      row.set("gl_account", CanonicalRecord.text(line["gl_account_code"]))
      row.set("cost_center", costCenter)
      row.set("supplier_part_number", CanonicalRecord.text(line["part_code"]))
      row.set("currency", record.text("currency"))
      lines.append(row)
    }
    return .send(RecordPlan(primary: [header], dependent: lines))
  }
}
