import Foundation
import MLCSandboxKit

/// The business logic Epicor's BOs run on a write, as far as an integration can observe it:
/// number assignment, defaults from the supplier, required columns, uniqueness, and totals
/// rolled up to the parent row.
///
/// Verified behaviour: a duplicate supplier invoice fails with an `ErrorMessage` containing
/// "duplicate" (EPI-AP checks exactly that); BL failures are 400 with `ErrorDetails` naming
/// the table and field [V-3p EPI-DOCS]; writing a child updates the parent's totals
/// (`POHeader.TotalOrder` "is the sum of ... PODetail.ExtCost" [V SNO]). Message texts and
/// the exact set of required columns are the sandbox's [U]. Amounts in document currency
/// (`Doc*`) are entered; base-currency amounts (USD) are derived with fixed rates.
struct EpicorRules {
  let writer: EpicorWriter

  var store: EpicorStore { writer.store }
  var today: SandboxDateTime { writer.now.startOfDay }

  /// Fills defaults and checks a row about to be added.
  func prepareNew(_ record: inout EpicorRecord) throws {
    switch record.schema.name {
    case "Vendor": try prepareVendor(&record, isNew: true)
    case "APInvGrp": try prepareGroup(&record)
    case "POHeader": try preparePOHeader(&record, isNew: true)
    case "PODetail": try preparePODetail(&record, isNew: true)
    case "APInvHed": try prepareInvoice(&record, isNew: true)
    case "APInvDtl": try prepareInvoiceLine(&record, isNew: true)
    case "APInvExp": try prepareDistribution(&record, isNew: true)
    case "CheckHed": try prepareCheck(&record, isNew: true)
    case "APTran": try preparePayment(&record, isNew: true)
    default: break
    }
    if record.schema.position(of: "CreatedOn") != nil, record["CreatedOn"] == .null { record["CreatedOn"] = .dateTime(writer.now.wholeSeconds) }
  }

  /// Checks a changed row and re-derives what depends on the changed columns.
  func prepareChange(_ record: inout EpicorRecord) throws {
    switch record.schema.name {
    case "Vendor": try prepareVendor(&record, isNew: false)
    case "POHeader": try preparePOHeader(&record, isNew: false)
    case "PODetail": try preparePODetail(&record, isNew: false)
    case "APInvHed": try prepareInvoice(&record, isNew: false)
    case "APInvDtl": try prepareInvoiceLine(&record, isNew: false)
    case "APInvExp": try prepareDistribution(&record, isNew: false)
    case "CheckHed": try prepareCheck(&record, isNew: false)
    case "APTran": try preparePayment(&record, isNew: false)
    default: break
    }
  }

  /// Refuses deletes Epicor refuses, and deletes the children Epicor deletes with a parent.
  func prepareDelete(_ record: EpicorRecord) throws {
    switch record.schema.name {
    case "Vendor":
      let vendor = [EpicorValue.string(store.company), record["VendorNum"]]
      if !writer.children("POHeader", where: ["Company", "VendorNum"], equal: vendor).isEmpty
        || !writer.children("APInvHed", where: ["Company", "VendorNum"], equal: vendor).isEmpty {
        throw EpicorError.validation("Supplier has purchase orders or invoices and cannot be deleted.", table: "Vendor", field: "VendorNum")
      }
    case "APInvHed":
      guard !record.bool("Posted") else { throw postedInvoice() }
      for child in ["APInvExp", "APInvDtl"] {
        for row in writer.children(child, where: ["Company", "VendorNum", "InvoiceNum"], equal: Array(record.key.prefix(3))) {
          try writer.remove(child, key: row.key)
        }
      }
    case "POHeader":
      for line in writer.children("PODetail", where: ["Company", "PONUM"], equal: record.key) {
        try writer.remove("PODetail", key: line.key)
      }
    case "CheckHed":
      for payment in writer.children("APTran", where: ["Company", "HeadNum"], equal: record.key) {
        try writer.remove("APTran", key: payment.key)
      }
    default: break
    }
  }

  /// Rolls a written (or deleted) row's effect up to its parent: totals, balances, and the
  /// default GL distribution Epicor creates for a new invoice line.
  func afterWrite(_ record: EpicorRecord, deleted: Bool = false) throws {
    switch record.schema.name {
    case "PODetail": rollUpPO(record.int("PONUM"))
    case "APInvExp": break
    case "APInvDtl":
      if !deleted { try ensureDistribution(for: record) }
      rollUpInvoice(vendor: record.int("VendorNum"), invoice: record.string("InvoiceNum"))
    case "APTran":
      rollUpCheck(record.int("HeadNum"))
      rollUpInvoice(vendor: record.int("VendorNum"), invoice: record.string("InvoiceNum"))
    default: break
    }
  }

  // MARK: - Vendors and groups

  /// Numbers a new supplier, requires an ID and a name, refuses a duplicate ID and defaults
  /// currency and terms.
  private func prepareVendor(_ record: inout EpicorRecord, isNew: Bool) throws {
    if isNew && record.int("VendorNum") == 0 { record["VendorNum"] = .int(store.maxInt("Vendor", "VendorNum") + 1) }
    let vendorID = record.string("VendorID").trimmingCharacters(in: .whitespaces)
    guard !vendorID.isEmpty else { throw EpicorError.validation("Supplier ID is required.", table: "Vendor", field: "VendorID") }
    guard !record.string("Name").trimmingCharacters(in: .whitespaces).isEmpty else {
      throw EpicorError.validation("Supplier name is required.", table: "Vendor", field: "Name")
    }
    let vendors = store.table("Vendor")
    let idIndex = vendors.schema.position(of: "VendorID")!, numIndex = vendors.schema.position(of: "VendorNum")!
    if vendors.rows.contains(where: {
      EpicorValue.filterEquals($0.values[idIndex], .string(vendorID)) && $0.values[numIndex] != record["VendorNum"]
    }) {
      throw EpicorError.validation("Supplier ID '\(vendorID)' is a duplicate; each supplier needs a unique Supplier ID.",
                                   table: "Vendor", field: "VendorID")
    }
    if record.string("CurrencyCode").isEmpty { record["CurrencyCode"] = .string("USD") }
    if record.string("TermsCode").isEmpty { record["TermsCode"] = .string("N30") }
  }

  /// Requires a new, unique group ID and stamps the apply date and active user.
  private func prepareGroup(_ record: inout EpicorRecord) throws {
    let groupID = record.string("GroupID")
    guard !groupID.isEmpty else { throw EpicorError.validation("Group ID is required.", table: "APInvGrp", field: "GroupID") }
    if writer.find("APInvGrp", record.key) != nil {
      throw EpicorError.validation("Group ID '\(groupID)' is a duplicate; choose another Group ID.", table: "APInvGrp", field: "GroupID")
    }
    if record.date("ApplyDate") == nil { record["ApplyDate"] = .dateTime(today) }
    record["ActiveUserID"] = .string(writer.user)
  }

  // MARK: - Shared helpers

  /// The vendor row for `VendorNum`, resolving `idField` (a `VendorNumVendorID`-style helper
  /// column) first when the client filled it in; fails on `table`.`field`.
  func resolveVendor(_ record: inout EpicorRecord, idField: String?, table: String) throws -> EpicorRecord {
    if let idField, !record.string(idField).isEmpty {
      let vendorID = record.string(idField)
      let vendors = store.table("Vendor")
      let idIndex = vendors.schema.position(of: "VendorID")!
      guard let match = vendors.rows.first(where: { EpicorValue.filterEquals($0.values[idIndex], .string(vendorID)) }) else {
        throw EpicorError.validation("Supplier ID '\(vendorID)' is not valid.", table: table, field: idField)
      }
      record["VendorNum"] = match.values[vendors.schema.position(of: "VendorNum")!]
    }
    guard let vendor = writer.find("Vendor", [.string(store.company), record["VendorNum"]]), record.int("VendorNum") != 0 else {
      throw EpicorError.validation("A valid supplier is required.", table: table, field: "VendorNum")
    }
    return vendor
  }

  /// `amount` in document currency `currency`, converted to the base currency (USD).
  func base(_ amount: Decimal, _ currency: String) -> Decimal {
    Money.rounded(amount * EpicorCurrencies.rate(currency), scale: 2)
  }

  /// Days until an invoice with `terms` is due.
  func termDays(_ terms: String) -> Int {
    EpicorCurrencies.termDays[terms] ?? 30
  }

  /// The error for changing a posted invoice.
  func postedInvoice() -> EpicorError {
    EpicorError.validation("The invoice is posted and cannot be changed.", table: "APInvHed", field: "Posted")
  }
}
