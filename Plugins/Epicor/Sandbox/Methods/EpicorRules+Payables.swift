import Foundation
import MLCSandboxKit

/// AP invoice and payment rules: supplier resolution through the `VendorNumVendorID` and
/// `Scr*` helper columns real clients write [V EPI-AP], the duplicate-invoice check, line
/// costs, the default GL distribution, and balances.
extension EpicorRules {
  /// Resolves the supplier, refuses duplicates and unknown groups or POs, and fills dates,
  /// currency, terms and the `Scr*` amounts.
  func prepareInvoice(_ record: inout EpicorRecord, isNew: Bool) throws {
    if !isNew, let stored = writer.find("APInvHed", record.key), stored.bool("Posted") { throw postedInvoice() }
    let vendor = try resolveVendor(&record, idField: "VendorNumVendorID", table: "APInvHed")
    record["VendorNumVendorID"] = vendor["VendorID"]
    record["VendorNumName"] = vendor["Name"]
    let invoiceNum = record.string("InvoiceNum").trimmingCharacters(in: .whitespaces)
    guard !invoiceNum.isEmpty else { throw EpicorError.validation("Invoice number is required.", table: "APInvHed", field: "InvoiceNum") }
    if isNew, writer.find("APInvHed", record.key) != nil {
      throw EpicorError.validation(
        "Invoice '\(invoiceNum)' is a duplicate for supplier \(vendor.string("VendorID")); supplier invoice numbers must be unique.",
        table: "APInvHed", field: "InvoiceNum")
    }
    guard let invoiceDate = record.date("InvoiceDate") else {
      throw EpicorError.validation("Invoice date is required.", table: "APInvHed", field: "InvoiceDate")
    }
    let groupID = record.string("GroupID")
    if !groupID.isEmpty, writer.find("APInvGrp", [.string(store.company), .string(groupID)]) == nil {
      throw EpicorError.validation("AP invoice group '\(groupID)' was not found.", table: "APInvHed", field: "GroupID")
    }
    if record.int("REFPONum") != 0, writer.find("POHeader", [.string(store.company), record["REFPONum"]]) == nil {
      throw EpicorError.validation("Purchase order \(record.int("REFPONum")) was not found.", table: "APInvHed", field: "REFPONum")
    }
    if record.string("CurrencyCode").isEmpty { record["CurrencyCode"] = vendor["CurrencyCode"] }
    if record.string("TermsCode").isEmpty { record["TermsCode"] = vendor["TermsCode"] }
    if record.date("DueDate") == nil { record["DueDate"] = .dateTime(invoiceDate.adding(days: termDays(record.string("TermsCode")))) }
    if record.date("ApplyDate") == nil { record["ApplyDate"] = .dateTime(invoiceDate) }
    record["FiscalYear"] = .int(record.date("ApplyDate")!.civil.year)
    if record.decimal("ScrDocInvoiceVendorAmt") != 0 { record["DocInvoiceVendorAmt"] = record["ScrDocInvoiceVendorAmt"] }
    record["ScrDocInvoiceVendorAmt"] = record["DocInvoiceVendorAmt"]
    record["InvoiceVendorAmt"] = .decimal(base(record.decimal("DocInvoiceVendorAmt"), record.string("CurrencyCode")))
    if isNew {
      record["OpenPayable"] = .bool(true)
      record["Posted"] = .bool(false)
    }
  }

  /// Numbers a new line, takes part, description and cost from the PO line it names, and
  /// derives quantities and extended costs.
  func prepareInvoiceLine(_ record: inout EpicorRecord, isNew: Bool) throws {
    let headerKey: [EpicorValue] = [.string(store.company), record["VendorNum"], record["InvoiceNum"]]
    guard let header = writer.find("APInvHed", headerKey) else {
      throw EpicorError.validation("Invoice '\(record.string("InvoiceNum"))' for supplier \(record.int("VendorNum")) was not found.",
                                   table: "APInvDtl", field: "InvoiceNum")
    }
    guard !header.bool("Posted") else { throw postedInvoice() }
    if isNew && record.int("InvoiceLine") == 0 {
      let lines = writer.children("APInvDtl", where: ["Company", "VendorNum", "InvoiceNum"], equal: headerKey)
      record["InvoiceLine"] = .int((lines.map { $0.int("InvoiceLine") }.max() ?? 0) + 1)
    }
    if record.decimal("ScrVendorQty") != 0 { record["VendorQty"] = record["ScrVendorQty"] }
    record["ScrVendorQty"] = record["VendorQty"]
    if record.decimal("OurQty") == 0 { record["OurQty"] = record["VendorQty"] }
    if record.int("PONum") != 0 {
      guard let po = writer.find("POHeader", [.string(store.company), record["PONum"]]), po.int("VendorNum") == header.int("VendorNum") else {
        throw EpicorError.validation("Purchase order \(record.int("PONum")) was not found for this supplier.", table: "APInvDtl", field: "PONum")
      }
      if record.int("POLine") != 0 {
        guard let line = writer.find("PODetail", [.string(store.company), record["PONum"], record["POLine"]]) else {
          throw EpicorError.validation("PO line \(record.int("PONum"))/\(record.int("POLine")) was not found.", table: "APInvDtl", field: "POLine")
        }
        if record.string("PartNum").isEmpty { record["PartNum"] = line["PartNum"] }
        if record.string("Description").isEmpty { record["Description"] = line["LineDesc"] }
        if record.decimal("DocUnitCost") == 0 && record.decimal("UnitCost") == 0 { record["DocUnitCost"] = line["DocUnitCost"] }
      }
    }
    if record.string("LineType").isEmpty { record["LineType"] = .string(record.int("PONum") != 0 ? "PUR" : "MSC") }
    guard !record.string("PartNum").isEmpty || !record.string("Description").isEmpty else {
      throw EpicorError.validation("A part number or description is required.", table: "APInvDtl", field: "Description")
    }
    let currency = header.string("CurrencyCode")
    if record.decimal("DocUnitCost") == 0 { record["DocUnitCost"] = record["UnitCost"] }
    record["UnitCost"] = .decimal(base(record.decimal("DocUnitCost"), currency))
    let docExt = Money.rounded(record.decimal("VendorQty") * record.decimal("DocUnitCost"), scale: EpicorCurrencies.scale(currency))
    record["DocExtCost"] = .decimal(docExt)
    record["ExtCost"] = .decimal(base(docExt, currency))
  }

  /// Numbers a GL distribution row, checks its account against the chart (display form
  /// `6100-100-10` is accepted and stored as `6100|100|10`) and derives its amounts.
  func prepareDistribution(_ record: inout EpicorRecord, isNew: Bool) throws {
    let lineKey: [EpicorValue] = [.string(store.company), record["VendorNum"], record["InvoiceNum"], record["InvoiceLine"]]
    guard let line = writer.find("APInvDtl", lineKey) else {
      throw EpicorError.validation("Invoice line \(record.int("InvoiceLine")) was not found.", table: "APInvExp", field: "InvoiceLine")
    }
    if isNew && record.int("InvExpSeq") == 0 {
      let rows = writer.children("APInvExp", where: ["Company", "VendorNum", "InvoiceNum", "InvoiceLine"], equal: lineKey)
      record["InvExpSeq"] = .int((rows.map { $0.int("InvExpSeq") }.max() ?? 0) + 1)
    }
    let account = EpicorChart.storedForm(record.string("GLAccount"))
    guard writer.find("GLAccount", [.string(store.company), .string(EpicorChart.coaCode), .string(account)]) != nil else {
      throw EpicorError.validation("GL account '\(record.string("GLAccount"))' is not valid.", table: "APInvExp", field: "GLAccount")
    }
    record["GLAccount"] = .string(account)
    if record.decimal("DocExpAmt") == 0 && record.decimal("ExpAmt") == 0 { record["DocExpAmt"] = line["DocExtCost"] }
    if record.decimal("DocExpAmt") == 0 { record["DocExpAmt"] = record["ExpAmt"] }
    let currency = writer.find("APInvHed", Array(lineKey.prefix(3)))?.string("CurrencyCode") ?? "USD"
    record["ExpAmt"] = .decimal(base(record.decimal("DocExpAmt"), currency))
  }

  /// Gives a line without GL distribution one row for its full amount on the default expense
  /// account, and keeps a single distribution row in step with its line's amount.
  func ensureDistribution(for line: EpicorRecord) throws {
    let lineKey = Array(line.key)
    let rows = writer.children("APInvExp", where: ["Company", "VendorNum", "InvoiceNum", "InvoiceLine"], equal: lineKey)
    if rows.isEmpty {
      let members: [SandboxJSON.Member] = [
        .init("VendorNum", line["VendorNum"].json), .init("InvoiceNum", line["InvoiceNum"].json),
        .init("InvoiceLine", line["InvoiceLine"].json), .init("GLAccount", .string(EpicorChart.defaultExpenseAccount)),
        .init("DocExpAmt", line["DocExtCost"].json),
      ]
      try writer.add("APInvExp", members, path: "APInvExp")
    } else if rows.count == 1, rows[0].decimal("DocExpAmt") != line.decimal("DocExtCost") {
      var row = rows[0]
      row["DocExpAmt"] = line["DocExtCost"]
      row["ExpAmt"] = line["ExtCost"]
      writer.rewrite(row)
    }
  }

  /// Sets an invoice's amount from its lines and its balance from its posted payments.
  func rollUpInvoice(vendor: Int, invoice: String) {
    let key: [EpicorValue] = [.string(store.company), .int(vendor), .string(invoice)]
    guard var header = writer.find("APInvHed", key) else { return }
    let lines = writer.children("APInvDtl", where: ["Company", "VendorNum", "InvoiceNum"], equal: key)
    if !lines.isEmpty {
      header["DocInvoiceAmt"] = .decimal(lines.reduce(Decimal(0)) { $0 + $1.decimal("DocExtCost") })
      header["InvoiceAmt"] = .decimal(lines.reduce(Decimal(0)) { $0 + $1.decimal("ExtCost") })
    }
    let payments = writer.children("APTran", where: ["Company", "VendorNum", "InvoiceNum"], equal: key)
      .filter { $0.bool("Posted") && !$0.bool("Voided") }
    let docPaid = payments.reduce(Decimal(0)) { $0 + $1.decimal("DocTranAmt") }
    let paid = payments.reduce(Decimal(0)) { $0 + $1.decimal("TranAmt") }
    header["DocInvoiceBal"] = .decimal(header.decimal("DocInvoiceAmt") - docPaid)
    header["InvoiceBal"] = .decimal(header.decimal("InvoiceAmt") - paid)
    header["OpenPayable"] = .bool(header.decimal("DocInvoiceBal") != 0)
    writer.rewrite(header)
  }

  /// Numbers a new payment and fills supplier, currency, bank account and date defaults.
  func prepareCheck(_ record: inout EpicorRecord, isNew: Bool) throws {
    if isNew && record.int("HeadNum") == 0 { record["HeadNum"] = .int(store.maxInt("CheckHed", "HeadNum") + 1) }
    let vendor = try resolveVendor(&record, idField: "VendorNumVendorID", table: "CheckHed")
    record["VendorNumVendorID"] = vendor["VendorID"]
    record["VendorNumName"] = vendor["Name"]
    if record.string("CurrencyCode").isEmpty { record["CurrencyCode"] = vendor["CurrencyCode"] }
    if record.string("BankAcctID").isEmpty { record["BankAcctID"] = .string("CHK01") }
    if record.date("CheckDate") == nil { record["CheckDate"] = .dateTime(today) }
  }

  /// Checks an application against its payment and invoice and copies the payment's columns.
  func preparePayment(_ record: inout EpicorRecord, isNew: Bool) throws {
    guard let check = writer.find("CheckHed", [.string(store.company), record["HeadNum"]]) else {
      throw EpicorError.validation("Payment \(record.int("HeadNum")) was not found.", table: "APTran", field: "HeadNum")
    }
    let invoiceNum = record.string("InvoiceNum")
    if !invoiceNum.isEmpty, writer.find("APInvHed", [.string(store.company), check["VendorNum"], .string(invoiceNum)]) == nil {
      throw EpicorError.validation("Invoice '\(invoiceNum)' was not found for supplier \(check.string("VendorNumVendorID")).",
                                   table: "APTran", field: "InvoiceNum")
    }
    if record.string("TranType").isEmpty { record["TranType"] = .string("Pay") }
    if record.decimal("DocTranAmt") == 0 { record["DocTranAmt"] = record["TranAmt"] }
    guard record.decimal("DocTranAmt") != 0 else {
      throw EpicorError.validation("The payment amount must not be zero.", table: "APTran", field: "DocTranAmt")
    }
    let currency = check.string("CurrencyCode")
    record["TranAmt"] = .decimal(base(record.decimal("DocTranAmt"), currency))
    record["VendorNum"] = check["VendorNum"]
    record["CheckNum"] = check["CheckNum"]
    record["TranDate"] = check["CheckDate"]
    record["BankAcctID"] = check["BankAcctID"]
    record["CurrencyCode"] = .string(currency)
    record["Posted"] = check["Posted"]
  }

  /// Sets a payment's amount from its applications.
  func rollUpCheck(_ headNum: Int) {
    guard var check = writer.find("CheckHed", [.string(store.company), .int(headNum)]) else { return }
    let applications = writer.children("APTran", where: ["Company", "HeadNum"], equal: check.key).filter { !$0.bool("Voided") }
    check["DocCheckAmt"] = .decimal(applications.reduce(Decimal(0)) { $0 + $1.decimal("DocTranAmt") })
    check["CheckAmt"] = .decimal(applications.reduce(Decimal(0)) { $0 + $1.decimal("TranAmt") })
    writer.rewrite(check)
  }
}
