/// Canonical purchase orders → an Order Stage row and one Order Line Stage row per line
/// (`sn_fcms_intg_imp_order` → `sn_shop_purchase_order`, `sn_fcms_intg_imp_order_line` →
/// `sn_shop_purchase_order_line`).
///
/// The header coalesces on the order's key ("ERP PO number"); each line on the order's key
/// plus its line number ("ERP PO number" + "ERP PO line number"), which is also how the line
/// transform finds its purchase order. The supplier is named by the vendor's key
/// (`refs.vendor`), the value the supplier stage coalesced on, so the order transform can
/// resolve it; `vendor_code` stands in when the record has no vendor ref.
enum PurchaseOrderRows {
  static func plan(_ record: CanonicalRecord, _ context: MappingContext) throws -> Preparation {
    var header = StagingRow(.order, subject: record.subject)
    header.set("erp_po_number", record.key)
    header.set("erp_source", context.erpSource)
    header.set("supplier_company_name", record.ref("vendor") ?? record.text("vendor_code"))
    header.set("order_type", "standard")
    header.set("po_status", record.text("status"))
    header.set("order_date", record.text("order_date"))
    header.set("po_amount", record.text("total"))
    header.set("po_amount_currency", record.text("currency"))
    header.set("business_owner", record.text("buyer"))

    var lines: [StagingRow] = []
    for (position, line) in record.objects("lines").enumerated() {
      let number = CanonicalRecord.text(line["line"]) ?? String(position + 1)
      let costCenter: String?
      switch try context.costCenters.costCenter(of: line) {
      case .found(let code): costCenter = code
      case .unmapped(let reason): return .held(reason)
      }
      var row = StagingRow(.orderLine, subject: "\(record.subject) line \(number)")
      row.set("erp_po_number", record.key)
      row.set("erp_po_line_number", number)
      row.set("erp_source", context.erpSource)
      row.set("product_name", CanonicalRecord.text(line["description"]))
      row.set("supplier_part_number", CanonicalRecord.text(line["part_code"]))
      row.set("quantity", CanonicalRecord.text(line["quantity"]))
      row.set("unit", CanonicalRecord.text(line["uom"]))
      row.set("unit_price", CanonicalRecord.text(line["unit_cost"]))
      row.set("total_amount", CanonicalRecord.text(line["amount"]))
      row.set("currency", record.text("currency"))
      row.set("gl_account", CanonicalRecord.text(line["gl_account_code"]))
      row.set("cost_center", costCenter)
      row.set("need_by_date", CanonicalRecord.text(line["due_date"]) ?? record.text("due_date"))
      lines.append(row)
    }
    return .send(RecordPlan(primary: [header], dependent: lines))
  }
}
