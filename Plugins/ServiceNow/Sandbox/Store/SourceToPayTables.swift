// The Source-to-Pay primary (target) tables the sandbox's transform maps write, and the
// requisition tables it seeds.
//
// Table names and the transform map targets: SN-DOCS `source-to-pay-operations/
// source-to-pay-integration-framework/s2p-transform-maps-flows.md` (zurich/australia).
// Column labels follow the field tables in SN-DOCS `supplier-lifecycle-operations/
// slo-supplier-table.md`, `accounts-payable-operations/purchase-order-table.md` and
// `purchase-order-lines.md`; column *names* are not published, so they are the labels in
// snake_case, as scoped-application tables name them. Choice values for requisition `state`
// are not published either [U].

/// The target and seed table schemas of the Source-to-Pay suite.
enum SourceToPayTables {
  static let supplier = TableSchema("sn_fin_supplier", "Supplier", columns: [
    Column("name", "Name"),
    Column("legal_name", "Legal Name"),
    Column("erp_supplier_code", "ERP supplier code"),
    Column("erp_source", "ERP source"),
    Column("tax_id", "Tax ID"),
    Column("email", "Email"),
    Column("phone", "Primary phone number"),
    Column("street", "Street address"),
    Column("city", "City"),
    Column("state", "State/Province"),
    Column("zip", "ZIP/Postal code"),
    Column("country", "Country"),
    Column("payment_terms", "Payment terms"),
    Column("currency", "Currency"),
    Column("active", "Active", .boolean),
  ], display: "name")

  static let glAccount = TableSchema("sn_fin_gl_account", "GL Account", columns: [
    Column("number", "Number"),
    Column("name", "Name"),
    Column("short_description", "Short description"),
    Column("type", "Type"),
    Column("category", "Category"),
    Column("ledger_type", "Ledger type"),
    Column("legal_entity", "Entity"),
    Column("currency", "Account currency"),
    Column("sub_ledger_account", "Sub-ledger account"),
    Column("erp_source", "ERP source"),
    Column("active", "Active", .boolean),
  ], display: "number")

  static let costCenter = TableSchema("cmn_cost_center", "Cost Center", columns: [
    Column("code", "Code"),
    Column("name", "Name"),
    Column("account_number", "Account number"),
    Column("cost_center_type", "Cost center type"),
    Column("controlling_area", "Controlling area"),
    Column("legal_entity", "Legal entity"),
    Column("profit_center", "Profit center"),
    Column("manager", "Manager"),
    Column("valid_from", "Valid from", .date),
    Column("valid_to", "Valid to", .date),
    Column("erp_source", "ERP source"),
  ], display: "name")

  static let orderTypes: [(value: String, label: String)] = [("standard", "Standard"), ("blanket", "Blanket")]

  static let purchaseOrder = TableSchema("sn_shop_purchase_order", "Purchase Order", columns: [
    Column("number", "Number"),
    Column("erp_number", "ERP number"),
    Column("erp_source", "ERP source"),
    Column("supplier", "Supplier", .reference("sn_fin_supplier")),
    Column("order_type", "Order type", .choice(orderTypes)),
    Column("status", "Status"),
    Column("order_date", "Order date", .date),
    Column("currency", "Currency"),
    Column("total_amount", "Total amount", .decimal),
    Column("payment_term", "Payment term"),
    Column("legal_entity", "Legal entity"),
    Column("purchasing_organization", "Purchasing organization"),
    Column("business_owner", "Business owner"),
    Column("cost_center", "Cost center"),
    Column("blanket_order_start_date", "Blanket order start date", .date),
    Column("blanket_order_end_date", "Blanket order end date", .date),
  ], display: "number", numberPrefix: "PO")

  static let purchaseOrderLine = TableSchema("sn_shop_purchase_order_line", "Purchase Order Line", columns: [
    Column("number", "Number"),
    Column("purchase_order", "Purchase order", .reference("sn_shop_purchase_order")),
    Column("erp_po_number", "ERP PO number"),
    Column("erp_line_number", "ERP line number"),
    Column("erp_source", "ERP source"),
    Column("product_name", "Product name"),
    Column("supplier_part_number", "Supplier part number"),
    Column("quantity", "Quantity", .decimal),
    Column("unit", "Unit"),
    Column("unit_price", "Unit price", .decimal),
    Column("total_amount", "Total amount", .decimal),
    Column("currency", "Currency"),
    Column("gl_account", "GL account"),
    Column("cost_center", "Cost center"),
    Column("need_by_date", "Need by date", .date),
  ], display: "number", numberPrefix: "POL")

  static let invoice = TableSchema("sn_shop_invoice", "Invoice", columns: [
    Column("number", "Number"),
    Column("external_invoice_number", "External invoice number"),
    Column("external_invoice_source", "External invoice source"),
    Column("erp_source", "ERP source"),
    Column("supplier", "Supplier", .reference("sn_fin_supplier")),
    Column("supplier_invoice_number", "Supplier invoice number"),
    Column("invoice_date", "Invoice date", .date),
    Column("due_date", "Due date", .date),
    Column("currency", "Currency"),
    Column("subtotal", "Subtotal", .decimal),
    Column("tax_amount", "Tax amount", .decimal),
    Column("shipping_amount", "Shipping amount", .decimal),
    Column("other_charges", "Other charges", .decimal),
    Column("discounts", "Discounts", .decimal),
    Column("amount_invoiced", "Amount invoiced", .decimal),
    Column("purchase_order", "Purchase order", .reference("sn_shop_purchase_order")),
    Column("payment_terms", "Payment terms"),
    Column("status", "Status"),
    Column("invoice_type", "Invoice type"),
    Column("legal_entity", "Legal entity"),
    Column("business_owner", "Business owner"),
    Column("third_party_import_id", "Third party import ID"),
  ], display: "number", numberPrefix: "INV")

  static let invoiceLine = TableSchema("sn_shop_invoice_line", "Invoice Line", columns: [
    Column("number", "Number"),
    Column("invoice", "Invoice", .reference("sn_shop_invoice")),
    Column("external_invoice_number", "External invoice number"),
    Column("erp_line_number", "ERP line number"),
    Column("external_invoice_source", "External invoice source"),
    Column("erp_source", "ERP source"),
    Column("description", "Line description"),
    Column("quantity", "Line quantity", .decimal),
    Column("unit_price", "Line unit price", .decimal),
    Column("subtotal", "Subtotal", .decimal),
    Column("amount", "Line amount invoiced", .decimal),
    Column("tax_amount", "Tax amount", .decimal),
    Column("tax_code", "Tax code"),
    Column("gl_account", "GL account"),
    Column("cost_center", "Cost center"),
    Column("purchase_order_line", "Purchase order line"),
    Column("supplier_part_number", "Supplier part number"),
    Column("unit", "Unit"),
    Column("currency", "Currency"),
  ], display: "number", numberPrefix: "INVL")

  static let paymentMethods: [(value: String, label: String)] = [
    ("bank_transfer", "Bank transfer"), ("cash_payment", "Cash payment"), ("cheque", "Cheque"),
    ("credit_card", "Credit card"), ("debit_card", "Debit card"), ("wire_transfer", "Wire transfer"),
  ]

  static let paymentDetail = TableSchema("sn_shop_invoice_payment_detail", "Invoice Payment Detail", columns: [
    Column("number", "Number"),
    Column("payment_reference_id", "Payment reference ID"),
    Column("invoice", "Invoice", .reference("sn_shop_invoice")),
    Column("erp_invoice_number", "ERP invoice number"),
    Column("supplier", "Supplier", .reference("sn_fin_supplier")),
    Column("erp_supplier_code", "ERP supplier code"),
    Column("erp_source", "ERP source"),
    Column("currency", "Currency"),
    Column("payment_amount", "Payment amount", .decimal),
    Column("payment_date", "Payment date", .date),
    Column("scheduled_payment_date", "Scheduled payment date", .date),
    Column("payment_method", "Payment method", .choice(paymentMethods)),
    Column("remit_to_street", "Remit to street"),
    Column("remit_to_city", "Remit to city"),
    Column("remit_to_state", "Remit to state/province"),
    Column("remit_to_zip", "Remit to ZIP/postal code"),
    Column("remit_to_country", "Remit to country"),
    Column("third_party_import_id", "Third party import ID"),
  ], display: "number", numberPrefix: "PAYD")

  /// Approval values of the platform `approval` field (task/sysapproval choices).
  static let approvals: [(value: String, label: String)] = [
    ("not requested", "Not Yet Requested"), ("requested", "Requested"), ("approved", "Approved"),
    ("rejected", "Rejected"), ("cancelled", "Cancelled"),
  ]

  /// Requisition states [U]: the S2P choice list is not published.
  static let requisitionStates: [(value: String, label: String)] = [
    ("draft", "Draft"), ("pending_approval", "Pending approval"), ("approved", "Approved"),
    ("ordered", "Ordered"), ("closed", "Closed"), ("cancelled", "Cancelled"),
  ]

  static let requisition = TableSchema("sn_shop_purchase_requisition", "Purchase Requisition", columns: [
    Column("number", "Number"),
    Column("short_description", "Short description"),
    Column("requested_for", "Requested for", .reference("sys_user")),
    Column("opened_by", "Opened by", .reference("sys_user")),
    Column("supplier", "Supplier", .reference("sn_fin_supplier")),
    Column("cost_center", "Cost center", .reference("cmn_cost_center")),
    Column("currency", "Currency"),
    Column("total_amount", "Total amount", .decimal),
    Column("approval", "Approval", .choice(approvals)),
    Column("state", "State", .choice(requisitionStates)),
    Column("needed_by", "Needed by", .date),
  ], display: "number", numberPrefix: "PR")

  static let purchaseLine = TableSchema("sn_shop_purchase_line", "Purchase Line", columns: [
    Column("number", "Number"),
    Column("purchase_requisition", "Purchase requisition", .reference("sn_shop_purchase_requisition")),
    Column("line_number", "Line number", .integer),
    Column("product_name", "Product name"),
    Column("quantity", "Quantity", .decimal),
    Column("unit", "Unit"),
    Column("unit_price", "Unit price", .decimal),
    Column("total_amount", "Total amount", .decimal),
    Column("currency", "Currency"),
    Column("supplier", "Supplier", .reference("sn_fin_supplier")),
    Column("cost_center", "Cost center", .reference("cmn_cost_center")),
    Column("gl_account", "GL account"),
    Column("need_by_date", "Need by date", .date),
  ], display: "number", numberPrefix: "PL")

  /// Every table in this file.
  static let all: [TableSchema] = [
    supplier, glAccount, costCenter, purchaseOrder, purchaseOrderLine, invoice, invoiceLine, paymentDetail,
    requisition, purchaseLine,
  ]
}
