/// The tables the connector writes when the config renames nothing: one per canonical
/// entity Epicor produces, plus line tables for purchase orders and AP invoices.
///
/// Columns are the canonical fields (CANONICAL.md) flattened: nested objects become
/// prefixed columns (`ADDRESS_CITY` is spelled `CITY`, `payment.method` becomes
/// `PAYMENT_METHOD`), refs become `<ENTITY>_KEY` columns holding the other table's
/// `SOURCE_KEY`, arrays that are not lines (GL segments, payment applications) stay JSON
/// in a `VARIANT` column. Every header table also has `SOURCE_KEY` (the MERGE key),
/// `UPDATED_AT`, `_MLC_RECORD` (the whole canonical record), `_MLC_DIGEST` (what the
/// connector compares to skip unchanged records) and `_MLC_LOADED_AT`.
enum DefaultLayouts {
  /// The entities the connector writes, in the host's delivery order.
  static let entities = ["gl_account", "cost_center", "vendor", "part", "purchase_order", "ap_invoice", "ap_payment"]

  /// Every table role a config may override, in DDL order.
  static let tableRoles = ["gl_account", "cost_center", "vendor", "part", "purchase_order", "purchase_order_line",
                           "ap_invoice", "ap_invoice_line", "ap_payment"]

  /// The default layout of `entity`, or nil for an entity the connector does not write.
  static func layout(_ entity: String) -> EntityLayout? {
    switch entity {
    case "vendor":
      return EntityLayout(entity: entity, header: header("vendor", "VENDORS", [
        text("CODE"), text("NAME"), text("LEGAL_NAME"), text("TAX_ID"), text("EMAIL"), text("PHONE"),
        TableColumn("ADDRESS_LINE1", .text, .data(["address", "line1"])),
        TableColumn("ADDRESS_LINE2", .text, .data(["address", "line2"])),
        TableColumn("ADDRESS_LINE3", .text, .data(["address", "line3"])),
        TableColumn("CITY", .text, .data(["address", "city"])),
        TableColumn("REGION", .text, .data(["address", "region"])),
        TableColumn("POSTAL_CODE", .text, .data(["address", "postal_code"])),
        TableColumn("COUNTRY", .text, .data(["address", "country"])),
        text("TERMS_CODE"), text("CURRENCY"), flag("ACTIVE"),
        TableColumn("PAYMENT_METHOD", .text, .data(["payment", "method"])),
        TableColumn("BANK_ACCOUNT_LAST4", .text, .data(["payment", "bank_account_last4"])),
      ]))
    case "gl_account":
      return EntityLayout(entity: entity, header: header("gl_account", "GL_ACCOUNTS", [
        text("CODE"), text("DESCRIPTION"), text("TYPE"), json("SEGMENTS"), text("COST_CENTER_CODE"),
        ref("COST_CENTER_KEY", "cost_center"), flag("ACTIVE"),
      ]))
    case "cost_center":
      return EntityLayout(entity: entity, header: header("cost_center", "COST_CENTERS", [
        text("CODE"), text("NAME"), flag("ACTIVE"),
      ]))
    case "part":
      return EntityLayout(entity: entity, header: header("part", "PARTS", [
        text("CODE"), text("DESCRIPTION"), text("UOM"), number("UNIT_PRICE", .quantity), flag("ACTIVE"),
      ]))
    case "purchase_order":
      return EntityLayout(entity: entity, header: header("purchase_order", "PURCHASE_ORDERS", [
        text("NUMBER"), text("VENDOR_CODE"), ref("VENDOR_KEY", "vendor"), day("ORDER_DATE"), day("DUE_DATE"),
        text("CURRENCY"), number("TOTAL", .money), text("STATUS"), text("BUYER"),
      ]), lines: lines("purchase_order_line", "PURCHASE_ORDER_LINES", parent: "PURCHASE_ORDER_KEY", [
        text("PART_CODE"), text("DESCRIPTION"), number("QUANTITY", .quantity), text("UOM"),
        number("UNIT_COST", .quantity), number("AMOUNT", .money), text("GL_ACCOUNT_CODE"),
        text("COST_CENTER_CODE"), day("DUE_DATE"),
      ]))
    case "ap_invoice":
      return EntityLayout(entity: entity, header: header("ap_invoice", "AP_INVOICES", [
        text("NUMBER"), text("VENDOR_CODE"), ref("VENDOR_KEY", "vendor"), day("INVOICE_DATE"), day("DUE_DATE"),
        text("CURRENCY"), number("AMOUNT", .money), number("TAX_AMOUNT", .money), number("BALANCE", .money),
        text("PO_NUMBER"), ref("PURCHASE_ORDER_KEY", "purchase_order"), text("STATUS"), text("DESCRIPTION"),
      ]), lines: lines("ap_invoice_line", "AP_INVOICE_LINES", parent: "AP_INVOICE_KEY", [
        text("DESCRIPTION"), text("PART_CODE"), number("QUANTITY", .quantity), number("UNIT_COST", .quantity),
        number("AMOUNT", .money), text("PO_NUMBER"), TableColumn("PO_LINE", .integer, .data(["po_line"])),
        text("GL_ACCOUNT_CODE"), text("COST_CENTER_CODE"),
      ]))
    case "ap_payment":
      return EntityLayout(entity: entity, header: header("ap_payment", "AP_PAYMENTS", [
        text("NUMBER"), text("VENDOR_CODE"), ref("VENDOR_KEY", "vendor"), day("PAYMENT_DATE"), text("CURRENCY"),
        number("AMOUNT", .money), text("METHOD"), json("APPLICATIONS"),
      ]))
    default:
      return nil
    }
  }

  /// A header table: `SOURCE_KEY`, the entity's columns, then the bookkeeping columns.
  private static func header(_ role: String, _ name: String, _ fields: [TableColumn]) -> TableLayout {
    TableLayout(role: role, name: SnowflakeIdentifier(resolved: name), columns:
      [TableColumn("SOURCE_KEY", .text, .key, key: true)] + fields + [
        TableColumn("UPDATED_AT", .timestamp, .updatedAt),
        TableColumn("_MLC_RECORD", .variant, .record),
        TableColumn("_MLC_DIGEST", .text, .digest, required: true),
        TableColumn("_MLC_LOADED_AT", .timestamp, .loadedAt),
      ])
  }

  /// A line table keyed by (header key, `LINE`); `_MLC_PARENT_DIGEST` tells this version's
  /// lines from lines an earlier version had and this one dropped.
  private static func lines(_ role: String, _ name: String, parent: String, _ fields: [TableColumn]) -> TableLayout {
    TableLayout(role: role, name: SnowflakeIdentifier(resolved: name), columns: [
      TableColumn(parent, .text, .parentKey, key: true),
      TableColumn("LINE", .integer, .data(["line"]), key: true),
    ] + fields + [
      TableColumn("_MLC_RECORD", .variant, .record),
      TableColumn("_MLC_PARENT_DIGEST", .text, .digest, required: true),
      TableColumn("_MLC_LOADED_AT", .timestamp, .loadedAt),
    ])
  }

  /// A text column named after the canonical field (`VENDOR_CODE` ← `vendor_code`).
  private static func text(_ name: String) -> TableColumn {
    TableColumn(name, .text, .data([name.lowercased()]))
  }

  private static func flag(_ name: String) -> TableColumn {
    TableColumn(name, .boolean, .data([name.lowercased()]))
  }

  private static func day(_ name: String) -> TableColumn {
    TableColumn(name, .date, .data([name.lowercased()]))
  }

  private static func number(_ name: String, _ type: ColumnType) -> TableColumn {
    TableColumn(name, type, .data([name.lowercased()]))
  }

  private static func json(_ name: String) -> TableColumn {
    TableColumn(name, .variant, .data([name.lowercased()]))
  }

  private static func ref(_ name: String, _ ref: String) -> TableColumn {
    TableColumn(name, .text, .ref(ref))
  }
}
