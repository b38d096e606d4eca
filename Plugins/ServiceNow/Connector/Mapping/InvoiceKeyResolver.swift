/// Finds the key an invoice was delivered under, for the payment details that settle it.
///
/// A canonical payment names the invoices it settles by the vendor's invoice number
/// (`applications[].invoice_number`), but the payment detail stage coalesces on, and its
/// transform resolves the invoice by, the invoice's key ("ERP invoice number" → the
/// invoice's "External invoice number"). The key is read back from ServiceNow: one Table
/// API query for the suppliers of the batch (by "ERP supplier code", which holds the
/// vendor keys) and one for the invoices (by "Supplier invoice number"), in chunks, for
/// the whole batch before any row is sent. Invoice numbers repeat across vendors, so a
/// number matches only an invoice of the payment's supplier.
final class InvoiceKeyResolver {
  /// What the lookup of one application found.
  enum Answer: Equatable {
    case found(String)
    /// Not in ServiceNow (yet): the held reason.
    case missing(String)
  }

  private let invoiceTable: String
  /// Supplier sys_id by vendor key.
  private var suppliers: [String: String] = [:]
  /// Invoice rows by supplier invoice number: (supplier sys_id, external invoice number).
  private var invoices: [String: [(supplier: String, key: String)]] = [:]

  /// Reads what `pairs` (vendor key, invoice number) need from the instance.
  init(client: ServiceNowClient, supplierTable: String, invoiceTable: String,
       pairs: [(vendor: String?, number: String)]) throws {
    self.invoiceTable = invoiceTable
    let vendorKeys = Set(pairs.compactMap(\.vendor))
    for row in try Self.rows(client, supplierTable, "erp_supplier_code", vendorKeys, fields: "sys_id,erp_supplier_code") {
      if let key = row["erp_supplier_code"], let id = row["sys_id"] { suppliers[key] = id }
    }
    let numbers = Set(pairs.map(\.number))
    let fields = "sys_id,supplier,supplier_invoice_number,external_invoice_number"
    for row in try Self.rows(client, invoiceTable, "supplier_invoice_number", numbers, fields: fields) {
      guard let number = row["supplier_invoice_number"], let key = row["external_invoice_number"], !key.isEmpty else { continue }
      invoices[number, default: []].append((row["supplier"] ?? "", key))
    }
  }

  /// The key of invoice `number` of the vendor whose key is `vendor`.
  func invoiceKey(number: String, vendor: String?) -> Answer {
    let candidates = invoices[number] ?? []
    if let vendor, let supplier = suppliers[vendor] {
      if let match = candidates.first(where: { $0.supplier == supplier }) { return .found(match.key) }
    } else if candidates.count == 1 {
      return .found(candidates[0].key)
    }
    let whose = vendor.map { " of vendor \($0)" } ?? ""
    return .missing("invoice \(number)\(whose) is not in \(invoiceTable) yet (no row with that supplier invoice number for this supplier); "
      + "the payment is retried on the next run, once the invoice has been delivered")
  }

  /// Rows of `table` whose `column` is one of `values`, queried in chunks with `IN`.
  /// Values holding `^` cannot appear in an encoded query and are not looked up; values
  /// holding a comma are looked up one by one with `=`.
  private static func rows(_ client: ServiceNowClient, _ table: String, _ column: String, _ values: Set<String>,
                           fields: String) throws -> [[String: String]] {
    let usable = values.filter { !$0.contains("^") }.sorted()
    let listed = usable.filter { !$0.contains(",") }
    var conditions = stride(from: 0, to: listed.count, by: 50).map { start in
      "\(column)IN" + listed[start..<min(start + 50, listed.count)].joined(separator: ",")
    }
    conditions += usable.filter { $0.contains(",") }.map { "\(column)=\($0)" }
    var rows: [[String: String]] = []
    for condition in conditions {
      var offset = 0
      while true {
        let page = try client.list(table, [
          ("sysparm_query", condition + "^ORDERBYsys_id"), ("sysparm_fields", fields),
          ("sysparm_exclude_reference_link", "true"), ("sysparm_limit", "1000"), ("sysparm_offset", String(offset)),
        ])
        rows += page.rows
        offset += page.rows.count
        if page.rows.count < 1000 { break }
      }
    }
    return rows
  }
}
