import MLCPluginKit

/// `Erp.BO.PaymentEntrySvc/PaymentEntries?$expand=APTrans` rows → canonical `ap_payment`.
///
/// Header columns from `CheckHedRow` [V SNO]: `HeadNum` (internal key), `CheckNum`,
/// `VendorNum`, `CheckDate`, `CurrencyCode`, `DocCheckAmt` (document currency), `Voided`.
/// Applications from `APTranRow` (key `Company,HeadNum,APTranNo,InvoiceNum,Voided`, read in
/// `Erp_BO_PaymentEntrySvc.py`): `InvoiceNum`, `DocTranAmt`. Rows without an invoice
/// (miscellaneous payments) and voided rows are not applications.
///
/// `number` is the check number; an electronic payment has `CheckNum` 0 and then carries
/// its `HeadNum`, the only reference Epicor gives it.
struct APPaymentMapping: RecordMapping {
  var entity: EpicorEntity { .apPayment }
  var updatedAtColumns: [String] { ["ChangeDate"] }

  static let vendorIDColumns = ["VendorNumVendorID", "VendorVendorID"]

  func vendorNumbers(_ row: EpicorRow) -> [Int] {
    guard let number = row.nonZeroInt("VendorNum"), row.string(anyOf: Self.vendorIDColumns) == nil else { return [] }
    return [number]
  }

  func writeData(_ row: EpicorRow, _ context: MappingContext, to writer: inout JSONWriter) throws {
    let vendorNumber = row.nonZeroInt("VendorNum")
    if let vendorNumber, let id = row.string(anyOf: Self.vendorIDColumns) { context.vendors.remember(number: vendorNumber, id: id) }
    writer.field("number", ifPresent: (row.nonZeroInt("CheckNum") ?? row.int("HeadNum")).map(String.init))
    writer.field("vendor_code", ifPresent: vendorNumber.flatMap { context.vendors.id(of: $0) })
    writer.field("payment_date", ifPresent: row.date("CheckDate"))
    writer.field("currency", ifPresent: row.string("CurrencyCode"))
    writer.field("amount", decimal: row.decimal("DocCheckAmt") ?? row.decimal("CheckAmt"))
    // A tenant's payment-method name when the row carries one; otherwise a payment entry
    // with a check number is a check (targets such as ServiceNow require a method).
    let namedMethod = row.string(anyOf: ["PMUIDName", "PayMethodName", "PaymentMethod"])
    writer.field("method", ifPresent: namedMethod ?? (row.nonZeroInt("CheckNum") != nil ? "check" : nil))
    writer.key("applications")
    writer.beginArray()
    for application in row.children("APTrans") where application.bool("Voided") != true {
      guard let invoice = application.string("InvoiceNum") else { continue }
      writer.beginObject()
      writer.field("invoice_number", invoice)
      writer.field("amount", decimal: application.decimal("DocTranAmt") ?? application.decimal("TranAmt"))
      writer.endObject()
    }
    writer.endArray()
  }

  func writeRefs(_ row: EpicorRow, _ context: MappingContext, to writer: inout JSONWriter) {
    if let vendor = row.nonZeroInt("VendorNum") { writer.field("vendor", context.vendorKey(vendor)) }
  }
}
