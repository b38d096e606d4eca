// The Source-to-Pay inbound staging tables this connector writes, with the columns it fills.
//
// Verified against the vendor (GitHub ServiceNow/ServiceNowDocs, markdown/
// source-to-pay-operations/source-to-pay-integration-framework/):
// - table names: SYSTEMS.md §1.8 and `erp-spo-supplier-inbound-table.md`,
//   `erp-spo-gl-account-inbound-table.md`, `erp-spo-cost-center-inbound-table.md`,
//   `erp-spo-inbound-pur-order-table.md`, `erp-spo-inbound-pol-table.md`,
//   `inbound-invoice-import-staging-table.md`, `inbound-invoice-line-staging-table.md`,
//   `invoice-payment-detail-staging-table.md`;
// - labels: the "Field" column of those pages ("ERP PO number", "ERP PO line number",
//   "External invoice number", "Subtotal", "Other charges", "ERP Source" with a capital S on
//   the payment detail table, "Payment method" with the choices bank_transfer, cash_payment,
//   cheque, credit_card, debit_card, wire_transfer, ...).
// The docs publish labels only. Column *names* are the labels in snake_case, as the
// ServiceNow sandbox names them [U]; an instance whose names differ is configured with the
// `columns` config object. Columns the docs do not list for a table (supplier name and
// contact data, PO line quantities and prices, the PO order date, the invoice due date) are
// the sandbox's additions, which a customer's transform map must carry too [U].
//
// Coalesce columns (the transform maps' coalesce fields) carry the canonical record's `key`:
// one column for headers and master data, the header key plus the line number for lines,
// the payment key plus the invoice key for payment details.

/// The staging tables, one per `StagingSlot`.
enum StagingTables {
  static let supplier = StagingTable(
    slot: .supplier, defaultName: "sn_fcms_intg_imp_supplier", target: "sn_fin_supplier",
    columns: [
      StagingColumn("erp_supplier_code", "ERP supplier code"), StagingColumn("erp_source", "ERP source"),
      StagingColumn("name", "Name"), StagingColumn("legal_name", "Legal name"), StagingColumn("tax_id", "Tax ID"),
      StagingColumn("email", "Email"), StagingColumn("phone", "Primary phone number"),
      StagingColumn("street", "Street address"), StagingColumn("city", "City"),
      StagingColumn("state", "State/Province"), StagingColumn("zip", "Zip/Postal code"),
      StagingColumn("country", "Country"), StagingColumn("payment_terms", "Payment terms"),
      StagingColumn("currency", "Currency"), StagingColumn("active", "Active"),
    ],
    coalesce: ["erp_supplier_code"])

  static let glAccount = StagingTable(
    slot: .glAccount, defaultName: "sn_fcms_intg_gl_account_stage", target: "sn_fin_gl_account",
    columns: [
      StagingColumn("number", "Number"), StagingColumn("account_name", "Account name"),
      StagingColumn("gl_account", "GL Account"), StagingColumn("short_description", "Short description"),
      StagingColumn("type", "Type"), StagingColumn("inactive", "Inactive"), StagingColumn("erp_source", "ERP source"),
    ],
    coalesce: ["number"])

  static let costCenter = StagingTable(
    slot: .costCenter, defaultName: "sn_fcms_intg_imp_cost_center", target: "cmn_cost_center",
    columns: [
      StagingColumn("code", "Code"), StagingColumn("name", "Name"), StagingColumn("erp_source", "ERP source"),
    ],
    coalesce: ["code"])

  static let order = StagingTable(
    slot: .order, defaultName: "sn_fcms_intg_imp_order", target: "sn_shop_purchase_order",
    columns: [
      StagingColumn("erp_po_number", "ERP PO number"), StagingColumn("erp_source", "ERP source"),
      StagingColumn("supplier_company_name", "Supplier company name"), StagingColumn("order_type", "Order type"),
      StagingColumn("po_status", "PO status"), StagingColumn("order_date", "Order date"),
      StagingColumn("po_amount", "PO amount"), StagingColumn("po_amount_currency", "PO amount currency"),
      StagingColumn("business_owner", "Business owner"),
    ],
    coalesce: ["erp_po_number"])

  static let orderLine = StagingTable(
    slot: .orderLine, defaultName: "sn_fcms_intg_imp_order_line", target: "sn_shop_purchase_order_line",
    columns: [
      StagingColumn("erp_po_number", "ERP PO number"), StagingColumn("erp_po_line_number", "ERP PO line number"),
      StagingColumn("erp_source", "ERP source"), StagingColumn("product_name", "Product name"),
      StagingColumn("supplier_part_number", "Supplier part number"), StagingColumn("quantity", "Quantity"),
      StagingColumn("unit", "Unit"), StagingColumn("unit_price", "Unit price"),
      StagingColumn("total_amount", "Total amount"), StagingColumn("currency", "Currency"),
      StagingColumn("gl_account", "GL account"), StagingColumn("cost_center", "Cost center"),
      StagingColumn("need_by_date", "Need by date"),
    ],
    coalesce: ["erp_po_number", "erp_po_line_number"])

  static let invoice = StagingTable(
    slot: .invoice, defaultName: "sn_spend_intg_imp_invoice", target: "sn_shop_invoice",
    columns: [
      StagingColumn("external_invoice_number", "External invoice number"),
      StagingColumn("external_invoice_source", "External invoice source"), StagingColumn("erp_source", "ERP source"),
      StagingColumn("supplier", "Supplier"), StagingColumn("supplier_invoice_number", "Supplier invoice number"),
      StagingColumn("invoice_date", "Invoice date"), StagingColumn("due_date", "Due date"),
      StagingColumn("currency", "Currency"), StagingColumn("subtotal", "Subtotal"),
      StagingColumn("tax_amount", "Tax amount"), StagingColumn("other_charges", "Other charges"),
      StagingColumn("amount_invoiced", "Amount invoiced"), StagingColumn("purchase_order", "Purchase order"),
      StagingColumn("erp_number", "ERP number"), StagingColumn("status", "Status"),
    ],
    coalesce: ["external_invoice_number"])

  static let invoiceLine = StagingTable(
    slot: .invoiceLine, defaultName: "sn_spend_intg_imp_invoice_line", target: "sn_shop_invoice_line",
    columns: [
      StagingColumn("external_invoice_number", "External invoice number"),
      StagingColumn("erp_line_number", "ERP line number"),
      StagingColumn("external_invoice_source", "External invoice source"), StagingColumn("erp_source", "ERP source"),
      StagingColumn("line_description", "Line description"), StagingColumn("line_quantity", "Line quantity"),
      StagingColumn("line_unit_price", "Line unit price"), StagingColumn("subtotal", "Subtotal"),
      StagingColumn("line_amount_invoiced", "Line amount invoiced"), StagingColumn("gl_account", "GL account"),
      StagingColumn("cost_center", "Cost center"), StagingColumn("supplier_part_number", "Supplier part number"),
      StagingColumn("currency", "Currency"),
    ],
    coalesce: ["external_invoice_number", "erp_line_number"])

  static let paymentDetail = StagingTable(
    slot: .paymentDetail, defaultName: "sn_spend_intg_imp_invoice_payment_detail",
    target: "sn_shop_invoice_payment_detail",
    columns: [
      StagingColumn("payment_reference_id", "Payment reference ID"),
      StagingColumn("erp_invoice_number", "ERP invoice number"),
      StagingColumn("erp_supplier_code", "ERP supplier code"), StagingColumn("erp_source", "ERP Source"),
      StagingColumn("currency", "Currency"), StagingColumn("payment_amount", "Payment amount"),
      StagingColumn("payment_date", "Payment date"), StagingColumn("scheduled_payment_date", "Scheduled payment date"),
      StagingColumn("payment_method", "Payment method"),
    ],
    coalesce: ["payment_reference_id", "erp_invoice_number"])
}
