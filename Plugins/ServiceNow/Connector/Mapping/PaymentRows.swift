/// Canonical AP payments → one Invoice Payment Detail Import row per invoice the payment
/// settles (`sn_spend_intg_imp_invoice_payment_detail` → `sn_shop_invoice_payment_detail`).
///
/// Each row coalesces on the payment's key ("Payment reference ID") plus the settled
/// invoice's key ("ERP invoice number", found by `InvoiceKeyResolver`), so a payment that
/// settles two invoices is two payment details, each updated in place when re-sent. The
/// payment method becomes one of the choices SN-DOCS `invoice-payment-detail-staging-table.md`
/// lists (bank_transfer, cash_payment, cheque, credit_card, debit_card, wire_transfer).
enum PaymentRows {
  /// Canonical payment methods (lowercased) → the stage's choice values; anything else is
  /// sent as it is, and ServiceNow reports an invalid choice as the record's error.
  static let methods: [String: String] = [
    "check": "cheque", "cheque": "cheque", "ach": "bank_transfer", "eft": "bank_transfer",
    "bank_transfer": "bank_transfer", "wire": "wire_transfer", "wire_transfer": "wire_transfer",
    "card": "credit_card", "credit_card": "credit_card", "debit_card": "debit_card",
    "cash": "cash_payment", "cash_payment": "cash_payment",
  ]

  /// The (vendor key, invoice number) pairs a batch's payments need resolved.
  static func invoiceReferences(_ record: CanonicalRecord) -> [(vendor: String?, number: String)] {
    let vendor = record.ref("vendor") ?? record.text("vendor_code")
    return record.objects("applications").compactMap { application in
      CanonicalRecord.text(application["invoice_number"]).map { (vendor, $0) }
    }
  }

  static func plan(_ record: CanonicalRecord, _ context: MappingContext) -> Preparation {
    let applications = record.objects("applications")
    guard !applications.isEmpty else {
      return .failed("\(record.subject) has no data.applications; ServiceNow records a payment per invoice it settles, "
        + "so a payment without invoices cannot be written")
    }
    let vendor = record.ref("vendor") ?? record.text("vendor_code")
    let method = record.text("method").map { methods[$0.lowercased()] ?? $0 }
    var rows: [StagingRow] = []
    for (position, application) in applications.enumerated() {
      guard let number = CanonicalRecord.text(application["invoice_number"]) else {
        return .failed("\(record.subject): data.applications[\(position)] has no invoice_number: fix it in the source system")
      }
      guard let resolver = context.invoiceKeys else { return .failed("\(record.subject): invoice keys were not resolved") }
      let invoiceKey: String
      switch resolver.invoiceKey(number: number, vendor: vendor) {
      case .found(let key): invoiceKey = key
      case .missing(let reason): return .held("\(record.subject): \(reason)")
      }
      var row = StagingRow(.paymentDetail, subject: "\(record.subject) for invoice \(number)")
      row.set("payment_reference_id", record.key)
      row.set("erp_invoice_number", invoiceKey)
      row.set("erp_supplier_code", vendor)
      row.set("erp_source", context.erpSource)
      row.set("currency", record.text("currency"))
      row.set("payment_amount", CanonicalRecord.text(application["amount"]) ?? (applications.count == 1 ? record.text("amount") : nil))
      row.set("payment_date", record.text("payment_date"))
      row.set("scheduled_payment_date", record.text("payment_date"))
      row.set("payment_method", method)
      rows.append(row)
    }
    return .send(RecordPlan(primary: rows))
  }
}
