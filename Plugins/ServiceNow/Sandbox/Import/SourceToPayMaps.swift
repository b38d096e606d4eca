// The transform maps from the Source-to-Pay inbound staging tables to their primary tables.
//
// Map names and staging → target pairs: SN-DOCS `source-to-pay-operations/
// source-to-pay-integration-framework/s2p-transform-maps-flows.md`. Staging column labels:
// the "inbound staging table" field lists in the same folder (`erp-spo-supplier-inbound-table.md`,
// `erp-spo-gl-account-inbound-table.md`, `erp-spo-cost-center-inbound-table.md`,
// `spo-inbound-pur-order-table.md`, `erp-spo-inbound-pol-table.md`,
// `inbound-invoice-import-staging-table.md`, `inbound-invoice-line-staging-table.md`,
// `invoice-payment-detail-staging-table.md`). Column names are not published: they are the
// labels in snake_case. Columns the docs do not list but a connector needs (supplier name and
// contact data, PO line quantities, an order date) are sandbox additions, marked below.
//
// Coalesce: each map coalesces on the ERP key columns, which carry the source system's stable
// key (the canonical record's `key`), so a re-sent record updates instead of duplicating:
// headers on one column, lines and payment details on two (parent key + line or invoice).
// `ServiceNowSandbox.conventions` prints the whole table for connector authors.

/// The sandbox's Source-to-Pay transform maps, one per staging table.
enum SourceToPayMaps {
  static let supplier = TransformMap(
    "Master data supplier", staging: "sn_fcms_intg_imp_supplier", label: "Supplier Stage",
    target: "sn_fin_supplier",
    fields: [
      .field("erp_supplier_code", "ERP supplier code", to: "erp_supplier_code", coalesce: true),  // addition
      .field("erp_source", "ERP source", to: "erp_source"),
      .field("company", "Company"),
      .field("name", "Name", to: "name"),  // addition
      .field("legal_name", "Legal name", to: "legal_name"),  // addition
      .field("tax_id", "Tax ID", to: "tax_id"),  // addition
      .field("email", "Email", to: "email"),  // addition
      .field("phone", "Primary phone number", to: "phone"),  // addition
      .field("street", "Street address", to: "street"),  // addition
      .field("city", "City", to: "city"),  // addition
      .field("state", "State/Province", to: "state"),  // addition
      .field("zip", "Zip/Postal code", to: "zip"),
      .field("country", "Country", to: "country"),  // addition
      .field("payment_terms", "Payment terms", to: "payment_terms"),  // addition
      .field("currency", "Currency", to: "currency"),  // addition
      .field("active", "Active", to: "active", .boolean),  // addition
    ],
    required: ["erp_supplier_code", "name"])

  static let glAccount = TransformMap(
    "GL account load data", staging: "sn_fcms_intg_gl_account_stage", label: "GL Account Stage",
    target: "sn_fin_gl_account",
    fields: [
      .field("number", "Number", to: "number", coalesce: true),
      .field("account_name", "Account name", to: "name"),
      .field("gl_account", "GL Account"),
      .field("short_description", "Short description", to: "short_description"),
      .field("type", "Type", to: "type"),
      .field("category", "Category", to: "category"),
      .field("ledger_type", "Ledger type", to: "ledger_type"),
      .field("entity", "Entity", to: "legal_entity"),
      .field("account_currency", "Account currency", to: "currency"),
      .field("local_currency", "Local currency"),
      .field("alternate_currency", "Alternate currency"),
      .field("sub_ledger_account", "Sub-ledger account", to: "sub_ledger_account"),
      .field("inactive", "Inactive", to: "active", .invertedBoolean),
      .field("erp_source", "ERP source", to: "erp_source"),
    ],
    required: ["number", "name"])

  static let costCenter = TransformMap(
    "Master data cost center", staging: "sn_fcms_intg_imp_cost_center", label: "Cost Center Stage",
    target: "cmn_cost_center",
    fields: [
      .field("code", "Code", to: "code", coalesce: true),
      .field("name", "Name", to: "name"),
      .field("account_number", "Account number", to: "account_number"),
      .field("available_for_user", "Available for user"),
      .field("cost_center_type", "Cost center type", to: "cost_center_type"),
      .field("controlling_area", "Controlling area", to: "controlling_area"),
      .field("erp_source", "ERP source", to: "erp_source"),
      .field("legal_entity", "Legal entity", to: "legal_entity"),
      .field("manager", "Manager", to: "manager"),
      .field("profit_center", "Profit center", to: "profit_center"),
      .field("valid_from", "Valid from", to: "valid_from", .date),
      .field("valid_to", "Valid to", to: "valid_to", .date),
    ],
    required: ["code", "name"])

  static let order = TransformMap(
    "Order stage", staging: "sn_fcms_intg_imp_order", label: "Order Stage",
    target: "sn_shop_purchase_order",
    fields: [
      .field("erp_po_number", "ERP PO number", to: "erp_number", coalesce: true),
      .field("erp_source", "ERP source", to: "erp_source"),
      // Resolved by ERP supplier code first, then by supplier name.
      .field("supplier_company_name", "Supplier company name", to: "supplier",
             .reference(table: "sn_fin_supplier", by: ["erp_supplier_code", "name"])),
      .field("order_type", "Order type", to: "order_type", .choice),
      .field("po_status", "PO status", to: "status"),
      .field("order_date", "Order date", to: "order_date", .date),  // addition
      .field("po_amount", "PO amount", to: "total_amount", .decimal),
      .field("po_amount_currency", "PO amount currency", to: "currency"),
      .field("payment_term", "Payment term", to: "payment_term"),
      .field("legal_entity", "Legal entity", to: "legal_entity"),
      .field("purchasing_organization", "Purchasing organization", to: "purchasing_organization"),
      .field("business_owner", "Business owner", to: "business_owner"),
      .field("cost_center", "Cost center", to: "cost_center"),
      .field("blanket_order_start_date", "Blanket order start date", to: "blanket_order_start_date", .date),
      .field("blanket_order_end_date", "Blanket order end date", to: "blanket_order_end_date", .date),
    ],
    required: ["erp_number", "erp_source", "supplier"])

  static let orderLine = TransformMap(
    "Order line stage", staging: "sn_fcms_intg_imp_order_line", label: "Order Line Stage",
    target: "sn_shop_purchase_order_line",
    fields: [
      .field("erp_po_number", "ERP PO number", to: "erp_po_number", coalesce: true),
      .field("erp_po_line_number", "ERP PO line number", to: "erp_line_number", coalesce: true),
      .field("erp_source", "ERP source", to: "erp_source"),
      .map("erp_po_number", to: "purchase_order", .reference(table: "sn_shop_purchase_order", by: ["erp_number"])),
      .field("product_name", "Product name", to: "product_name"),  // addition
      .field("supplier_part_number", "Supplier part number", to: "supplier_part_number"),  // addition
      .field("quantity", "Quantity", to: "quantity", .decimal),  // addition
      .field("unit", "Unit", to: "unit"),  // addition
      .field("unit_price", "Unit price", to: "unit_price", .decimal),  // addition
      .field("total_amount", "Total amount", to: "total_amount", .decimal),  // addition
      .field("currency", "Currency", to: "currency"),  // addition
      .field("gl_account", "GL account", to: "gl_account"),  // addition
      .field("cost_center", "Cost center", to: "cost_center"),  // addition
      .field("need_by_date", "Need by date", to: "need_by_date", .date),  // addition
    ],
    required: ["erp_po_number", "erp_line_number", "erp_source", "purchase_order"])

  static let invoice = TransformMap(
    "Invoice import", staging: "sn_spend_intg_imp_invoice", label: "Invoice Import",
    target: "sn_shop_invoice",
    fields: [
      .field("external_invoice_number", "External invoice number", to: "external_invoice_number", coalesce: true),
      .field("external_invoice_source", "External invoice source", to: "external_invoice_source"),
      .field("erp_source", "ERP source", to: "erp_source"),
      .field("supplier", "Supplier", to: "supplier", .reference(table: "sn_fin_supplier", by: ["erp_supplier_code", "name"])),
      .field("supplier_invoice_number", "Supplier invoice number", to: "supplier_invoice_number"),
      .field("supplier_tax_id", "Supplier tax id"),
      .field("invoice_date", "Invoice date", to: "invoice_date", .date),
      .field("due_date", "Due date", to: "due_date", .date),  // addition
      .field("currency", "Currency", to: "currency"),
      .field("subtotal", "Subtotal", to: "subtotal", .decimal),
      .field("tax_amount", "Tax amount", to: "tax_amount", .decimal),
      .field("final_tax", "Final tax"),
      .field("shipping_amount", "Shipping amount", to: "shipping_amount", .decimal),
      .field("other_charges", "Other charges", to: "other_charges", .decimal),
      .field("discounts", "Discounts", to: "discounts", .decimal),
      .field("amount_invoiced", "Amount invoiced", to: "amount_invoiced", .decimal),
      .field("purchase_order", "Purchase order", to: "purchase_order",
             .reference(table: "sn_shop_purchase_order", by: ["erp_number"])),
      .field("erp_number", "ERP number"),
      .field("payment_terms", "Payment terms", to: "payment_terms"),
      .field("status", "Status", to: "status"),
      .field("invoice_type", "Invoice type", to: "invoice_type"),
      .field("legal_entity", "Legal entity", to: "legal_entity"),
      .field("business_owner", "Business owner", to: "business_owner"),
      .field("third_party_import_id", "Third party import ID", to: "third_party_import_id"),
    ],
    required: ["external_invoice_number", "external_invoice_source", "erp_source", "supplier", "invoice_date", "subtotal"])

  static let invoiceLine = TransformMap(
    "Invoice line import", staging: "sn_spend_intg_imp_invoice_line", label: "Invoice Line Import",
    target: "sn_shop_invoice_line",
    fields: [
      .field("external_invoice_number", "External invoice number", to: "external_invoice_number", coalesce: true),
      .field("erp_line_number", "ERP line number", to: "erp_line_number", coalesce: true),
      .map("external_invoice_number", to: "invoice", .reference(table: "sn_shop_invoice", by: ["external_invoice_number"])),
      .field("external_invoice_source", "External invoice source", to: "external_invoice_source"),
      .field("erp_source", "ERP source", to: "erp_source"),
      .field("line_description", "Line description", to: "description"),
      .field("line_quantity", "Line quantity", to: "quantity", .decimal),
      .field("line_unit_price", "Line unit price", to: "unit_price", .decimal),
      .field("subtotal", "Subtotal", to: "subtotal", .decimal),
      .field("line_amount_invoiced", "Line amount invoiced", to: "amount", .decimal),
      .field("tax_amount", "Tax amount", to: "tax_amount", .decimal),
      .field("tax_code", "Tax code", to: "tax_code"),
      .field("gl_account", "GL account", to: "gl_account"),
      .field("cost_center", "Cost center", to: "cost_center"),
      .field("purchase_order_line", "Purchase order line", to: "purchase_order_line"),
      .field("supplier_part_number", "Supplier part number", to: "supplier_part_number"),
      .field("unit", "Unit", to: "unit"),
      .field("currency", "Currency", to: "currency"),
    ],
    required: ["external_invoice_number", "erp_line_number", "invoice", "external_invoice_source", "erp_source",
               "description", "quantity", "unit_price", "subtotal"])

  static let paymentDetail = TransformMap(
    "Invoice payment detail import", staging: "sn_spend_intg_imp_invoice_payment_detail",
    label: "Invoice Payment Detail Import", target: "sn_shop_invoice_payment_detail",
    fields: [
      .field("payment_reference_id", "Payment reference ID", to: "payment_reference_id", coalesce: true),
      .field("erp_invoice_number", "ERP invoice number", to: "erp_invoice_number", coalesce: true),
      .map("erp_invoice_number", to: "invoice", .reference(table: "sn_shop_invoice", by: ["external_invoice_number"])),
      .field("erp_supplier_code", "ERP supplier code", to: "supplier", .reference(table: "sn_fin_supplier", by: ["erp_supplier_code"])),
      .field("erp_source", "ERP Source", to: "erp_source"),
      .field("currency", "Currency", to: "currency"),
      .field("payment_amount", "Payment amount", to: "payment_amount", .decimal),
      .field("payment_date", "Payment date", to: "payment_date", .date),
      .field("scheduled_payment_date", "Scheduled payment date", to: "scheduled_payment_date", .date),
      .field("payment_method", "Payment method", to: "payment_method", .choice),
      .field("remit_to_street", "Remit to street", to: "remit_to_street"),
      .field("remit_to_city", "Remit to city", to: "remit_to_city"),
      .field("remit_to_state", "Remit to state/province", to: "remit_to_state"),
      .field("remit_to_zip", "Remit to ZIP/postal code", to: "remit_to_zip"),
      .field("remit_to_country", "Remit to country", to: "remit_to_country"),
      .field("third_party_import_id", "Third party import ID", to: "third_party_import_id"),
    ],
    required: ["payment_reference_id", "erp_invoice_number", "invoice", "supplier", "erp_source", "currency",
               "payment_amount", "payment_date", "payment_method"])

  /// Every map, in the order a connector should load them (reference data first).
  static let all: [TransformMap] = [supplier, glAccount, costCenter, order, orderLine, invoice, invoiceLine, paymentDetail]

  /// The map whose staging table is `staging`.
  static func map(for staging: String) -> TransformMap? {
    all.first { $0.staging.name == staging }
  }
}
