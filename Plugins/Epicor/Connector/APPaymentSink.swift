import MLCPluginKit

/// Writes canonical AP payments to `Erp.BO.PaymentEntrySvc`: a payment (`CheckHed`) for the
/// vendor, with one invoice payment (`APTran`) per application: `GetNewCheckHed {ds}` → set
/// vendor, check number, date, currency, bank account and group → `Update`; then per
/// application `GetNewAPTran {ds, headNum, apTranNo, invoiceNum}` → set `DocTranAmt` →
/// `Update` (method and parameter names [V SNO PaymentEntrySvc]).
///
/// Each application must name an invoice Epicor has for that vendor; a payment without
/// applications is matched to the vendor's one open invoice whose balance equals the payment
/// amount. An invoice that cannot be found (or matched unambiguously) holds the payment, and
/// the host retries it once the invoice has been delivered. Idempotency: the payment is
/// looked up first by vendor and check number (or, for a reference that is not a number, by
/// vendor, date and amount); applications it already has are not added again.
struct APPaymentSink {
  let client: EpicorClient
  let vendors: VendorDirectory

  static let service = EpicorEntity.apPayment.service
  private var config: EpicorConfig { client.config }

  /// Writes one canonical payment: held, skipped, updated or inserted (see the type).
  func write(_ record: CanonicalInput) throws -> SinkResult {
    let vendorCode = try record.required("vendor_code", entity: "ap_payment")
    guard let amount = record.decimal("amount") else {
      throw CanonicalInputError("ap_payment \(record.key) has no data.amount; it is required to write it to Epicor")
    }
    guard let vendorNum = try vendors.number(ofID: vendorCode) else {
      return .held("vendor \"\(vendorCode)\" (data.vendor_code of ap_payment \(record.key)) is not in Epicor company \(config.company); the payment is retried once the vendor has been delivered")
    }
    var applications: [(invoice: String, amount: String)] = []
    for application in record.objects("applications") {
      guard let invoice = application.string("invoice_number") else { continue }
      applications.append((invoice, application.decimal("amount") ?? amount))
    }
    if applications.isEmpty {
      guard let invoice = try openInvoice(vendorNum: vendorNum, balance: amount) else {
        return .held("no single open invoice of vendor \"\(vendorCode)\" in Epicor has a balance of \(amount) to match ap_payment \(record.key) against; it is retried later")
      }
      applications = [(invoice, amount)]
    }
    for application in applications where try !invoiceExists(vendorNum: vendorNum, number: application.invoice) {
      return .held("invoice \"\(application.invoice)\" of vendor \"\(vendorCode)\" (applied by ap_payment \(record.key)) is not in Epicor yet; the payment is retried once the invoice has been delivered")
    }
    let checkNumber = record.string("number").flatMap { Int($0) }
    if let existing = try existingPayment(record, vendorNum: vendorNum, checkNumber: checkNumber, amount: amount),
       let headNum = existing.int("HeadNum") {
      let key = CanonicalKey.make(config.company, [String(headNum)])
      let applied = Set(existing.children("APTrans").filter { $0.bool("Voided") != true }.compactMap { $0.string("InvoiceNum") })
      let missing = applications.filter { !applied.contains($0.invoice) }
      guard !missing.isEmpty else { return .skipped(key, "payment \(record.string("number") ?? String(headNum)) is already in Epicor") }
      var ds = try Tableset(response: client.invoke(Self.service, "GetByID", ["headNum": .number(String(headNum))]), what: "PaymentEntrySvc/GetByID")
      try apply(missing[...], to: &ds, headNum: headNum)
      return .updated(key, "applied to invoices " + missing.map(\.invoice).joined(separator: ", "))
    }
    var ds = try Tableset(response: client.invoke(Self.service, "GetNewCheckHed", ["ds": Tableset().json, "groupID": .string(config.paymentGroup)]),
                          what: "PaymentEntrySvc/GetNewCheckHed")
    guard let row = ds.newRowIndex("CheckHed") else { return .failed("Epicor's GetNewCheckHed returned no new CheckHed row") }
    ds.set("CheckHed", row: row, [
      ("VendorNum", .number(String(vendorNum))), ("VendorNumVendorID", .string(vendorCode)), ("CheckNum", .int(checkNumber)),
      ("CheckDate", .date(record.string("payment_date"))), ("CurrencyCode", .text(record.string("currency"))),
      ("BankAcctID", .text(config.paymentBankAccount)), ("GroupID", .string(config.paymentGroup)),
    ])
    ds = try Tableset(response: client.invoke(Self.service, "Update", ["ds": ds.json]), what: "PaymentEntrySvc/Update")
    guard let headNum = ds.rows("CheckHed").last(where: { $0.int("VendorNum") == vendorNum })?.int("HeadNum"), headNum != 0 else {
      return .failed("Epicor's Update did not return the new payment's HeadNum")
    }
    let key = CanonicalKey.make(config.company, [String(headNum)])
    do {
      try apply(applications[...], to: &ds, headNum: headNum)
    } catch let failure as EpicorFailure {
      return .failed("payment \(headNum) was created but applying it failed: \(failure.summary); a replay adds the missing applications", key: key)
    }
    return .inserted(key)
  }

  /// Adds one invoice payment per application to payment `headNum`.
  private func apply(_ applications: ArraySlice<(invoice: String, amount: String)>, to ds: inout Tableset, headNum: Int) throws {
    var next = (ds.rows("APTran").compactMap { $0.int("APTranNo") }.max() ?? 0) + 1
    for application in applications {
      ds = try Tableset(response: client.invoke(Self.service, "GetNewAPTran", [
        "ds": ds.json, "headNum": .number(String(headNum)), "apTranNo": .number(String(next)), "invoiceNum": .string(application.invoice),
      ]), what: "PaymentEntrySvc/GetNewAPTran")
      guard let row = ds.newRowIndex("APTran") else { throw PluginError.fatal("epicor: GetNewAPTran returned no new APTran row") }
      ds.set("APTran", row: row, [("DocTranAmt", .decimal(application.amount))])
      ds = try Tableset(response: client.invoke(Self.service, "Update", ["ds": ds.json]), what: "PaymentEntrySvc/Update")
      next += 1
    }
  }

  /// The payment already in Epicor for this record, with its applications.
  private func existingPayment(_ record: CanonicalInput, vendorNum: Int, checkNumber: Int?, amount: String) throws -> EpicorRow? {
    var filter = "VendorNum eq \(vendorNum)"
    if let checkNumber {
      filter += " and CheckNum eq \(checkNumber)"
    } else if let date = record.string("payment_date"), EpicorTimestamp(date)?.isDateOnly == true {
      filter += " and CheckDate eq \(date)T00:00:00 and DocCheckAmt eq \(amount)"
    } else {
      return nil
    }
    var query = ODataQuery()
    query.add("$filter", filter)
    query.add("$expand", "APTrans")
    query.add("$top", "1")
    return try client.lookup(Self.service, EpicorEntity.apPayment.entitySet, query).first
  }

  /// Whether vendor `vendorNum` has invoice `number` in Epicor.
  private func invoiceExists(vendorNum: Int, number: String) throws -> Bool {
    var query = ODataQuery()
    query.add("$select", "VendorNum,InvoiceNum")
    query.add("$filter", "VendorNum eq \(vendorNum) and InvoiceNum eq \(ODataQuery.quoted(number))")
    query.add("$top", "1")
    return try !client.lookup(APInvoiceSink.service, EpicorEntity.apInvoice.entitySet, query).isEmpty
  }

  /// The vendor's only open invoice whose balance equals `balance`, or nil when there is
  /// none or more than one.
  private func openInvoice(vendorNum: Int, balance: String) throws -> String? {
    var query = ODataQuery()
    query.add("$select", "VendorNum,InvoiceNum,DocInvoiceBal")
    query.add("$filter", "VendorNum eq \(vendorNum) and OpenPayable eq true and DocInvoiceBal eq \(balance)")
    query.add("$top", "2")
    let rows = try client.lookup(APInvoiceSink.service, EpicorEntity.apInvoice.entitySet, query)
    return rows.count == 1 ? rows[0].string("InvoiceNum") : nil
  }
}
