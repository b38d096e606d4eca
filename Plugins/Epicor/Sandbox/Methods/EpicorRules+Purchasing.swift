import Foundation
import MLCSandboxKit

/// Purchase order rules: PO numbers, supplier defaults, line numbers and costs, header totals.
extension EpicorRules {
  /// Numbers a new PO, fills supplier columns (ID, name, currency, terms) and new-order defaults.
  func preparePOHeader(_ record: inout EpicorRecord, isNew: Bool) throws {
    if isNew && record.int("PONum") == 0 { record["PONum"] = .int(store.maxInt("POHeader", "PONum") + 1) }
    let vendor = try resolveVendor(&record, idField: isNew ? "VendorVendorID" : nil, table: "POHeader")
    record["VendorVendorID"] = vendor["VendorID"]
    record["VendorName"] = vendor["Name"]
    if record.string("CurrencyCode").isEmpty { record["CurrencyCode"] = vendor["CurrencyCode"] }
    if record.string("TermsCode").isEmpty { record["TermsCode"] = vendor["TermsCode"] }
    guard isNew else { return }
    if record.date("OrderDate") == nil { record["OrderDate"] = .dateTime(today) }
    if record.string("ApprovalStatus").isEmpty { record["ApprovalStatus"] = .string("U") }
    record["OpenOrder"] = .bool(!record.bool("VoidOrder"))
    record["EntryPerson"] = .string(writer.user)
  }

  /// Numbers a new line, defaults it from its part, checks quantity and description, and
  /// derives base-currency and extended costs.
  func preparePODetail(_ record: inout EpicorRecord, isNew: Bool) throws {
    guard let header = writer.find("POHeader", [.string(store.company), record["PONUM"]]) else {
      throw EpicorError.validation("Purchase order \(record.int("PONUM")) was not found.", table: "PODetail", field: "PONUM")
    }
    if isNew && record.int("POLine") == 0 {
      let lines = writer.children("PODetail", where: ["Company", "PONUM"], equal: header.key)
      record["POLine"] = .int((lines.map { $0.int("POLine") }.max() ?? 0) + 1)
    }
    let partNum = record.string("PartNum")
    if !partNum.isEmpty, let part = writer.find("Part", [.string(store.company), .string(partNum)]) {
      if record.string("LineDesc").isEmpty { record["LineDesc"] = part["PartDescription"] }
      if record.string("IUM").isEmpty { record["IUM"] = part["IUM"] }
      if record.string("PUM").isEmpty { record["PUM"] = part["PUM"] }
    }
    guard !partNum.isEmpty || !record.string("LineDesc").isEmpty else {
      throw EpicorError.validation("A part number or line description is required.", table: "PODetail", field: "PartNum")
    }
    guard record.decimal("OrderQty") > 0 else {
      throw EpicorError.validation("Order quantity must be greater than zero.", table: "PODetail", field: "OrderQty")
    }
    if record.string("IUM").isEmpty { record["IUM"] = .string("EA") }
    if record.string("PUM").isEmpty { record["PUM"] = record["IUM"] }
    let currency = header.string("CurrencyCode")
    if record.decimal("DocUnitCost") == 0 { record["DocUnitCost"] = record["UnitCost"] }
    record["UnitCost"] = .decimal(base(record.decimal("DocUnitCost"), currency))
    let docExt = Money.rounded(record.decimal("OrderQty") * record.decimal("DocUnitCost"), scale: EpicorCurrencies.scale(currency))
    record["DocExtCost"] = .decimal(docExt)
    record["ExtCost"] = .decimal(base(docExt, currency))
    record["XOrderQty"] = record["OrderQty"]
    record["VendorNum"] = header["VendorNum"]
    if isNew {
      if record.date("DueDate") == nil { record["DueDate"] = header["DueDate"] }
      record["OpenLine"] = .bool(!record.bool("VoidLine"))
    }
  }

  /// Sets the PO's totals from its lines that are not void.
  func rollUpPO(_ poNum: Int) {
    guard var header = writer.find("POHeader", [.string(store.company), .int(poNum)]) else { return }
    let lines = writer.children("PODetail", where: ["Company", "PONUM"], equal: header.key).filter { !$0.bool("VoidLine") }
    header["DocTotalOrder"] = .decimal(lines.reduce(Decimal(0)) { $0 + $1.decimal("DocExtCost") })
    header["TotalOrder"] = .decimal(lines.reduce(Decimal(0)) { $0 + $1.decimal("ExtCost") })
    writer.rewrite(header)
  }
}
