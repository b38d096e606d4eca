import Foundation
import MLCSandboxKit

/// The `GetNew*` methods: each returns the client's tableset with one new row appended,
/// filled with the defaults Epicor's screen logic would show (`RowMod` "A"); nothing is
/// stored until `Update` [V EPI-AP flow, SYSTEMS.md §1.6; parameter names V SNO].
enum EpicorNewRows {
  /// What a template can read: the store (for next numbers and supplier defaults), the
  /// method's parameters and the tableset sent with it.
  struct Context {
    let store: EpicorStore
    let writer: EpicorWriter
    let parameters: SandboxJSON
    let ds: [String: [SandboxJSON]]

    var today: SandboxDateTime { writer.now.startOfDay }

    /// A new row of `table` with defaults and `Company`.
    func row(_ table: String) -> EpicorRecord {
      EpicorRecord(store.table(table).schema, company: store.company)
    }

    /// The parameter `name` converted to `type`; missing is Epicor's parameter error.
    func parameter(_ name: String, _ type: EpicorFieldType) throws -> EpicorValue {
      guard let value = parameters[name] else { throw EpicorError.badRequest("Parameter \(name) is not found in the input object") }
      return try type.coerce(value, path: name)
    }

    /// The next line number: one more than the largest in the store and in the sent tableset.
    func nextNumber(_ table: String, _ field: String, parentFields: [String], parentValues: [EpicorValue]) -> Int {
      let stored = writer.children(table, where: parentFields, equal: parentValues).map { $0.int(field) }
      let sent = (ds[table] ?? []).compactMap { row -> Int? in
        let matches = zip(parentFields, parentValues).allSatisfy { name, value in
          guard name != "Company", let json = row[name] else { return true }
          return (try? store.table(table).schema.fields[store.table(table).schema.position(of: name)!].type.coerce(json, path: name)) == value
        }
        return matches ? row[field]?.intValue : nil
      }
      return ((stored + sent).max() ?? 0) + 1
    }

    /// Fills supplier defaults (`VendorNumVendorID`-style columns, currency, terms) for `vendorNum`.
    func applyVendor(_ record: inout EpicorRecord, vendorNum: EpicorValue, idField: String, nameField: String) {
      record["VendorNum"] = vendorNum
      guard let vendor = writer.find("Vendor", [.string(store.company), vendorNum]) else { return }
      record[idField] = vendor["VendorID"]
      record[nameField] = vendor["Name"]
      if record.schema.position(of: "CurrencyCode") != nil { record["CurrencyCode"] = vendor["CurrencyCode"] }
      if record.schema.position(of: "TermsCode") != nil { record["TermsCode"] = vendor["TermsCode"] }
    }
  }

  typealias Template = @Sendable (Context) throws -> EpicorRecord

  /// The template for `service`/`method`, or `nil` when the sandbox doesn't serve it.
  static func template(service: String, method: String) -> Template? {
    templates["\(service)/\(method)"]
  }

  private static let templates: [String: Template] = [
    "VendorSvc/GetNewVendor": { context in
      var row = context.row("Vendor")
      row["CurrencyCode"] = .string("USD")
      row["TermsCode"] = .string("N30")
      row["Country"] = .string("USA")
      return row
    },
    "POSvc/GetNewPOHeader": { context in
      var row = context.row("POHeader")
      row["OrderDate"] = .dateTime(context.today)
      row["ApprovalStatus"] = .string("U")
      row["OpenOrder"] = .bool(true)
      row["EntryPerson"] = .string(context.writer.user)
      return row
    },
    "POSvc/GetNewPODetail": { context in
      var row = context.row("PODetail")
      let poNum = try context.parameter("poNUM", .int)
      row["PONUM"] = poNum
      row["POLine"] = .int(context.nextNumber("PODetail", "POLine", parentFields: ["Company", "PONUM"],
                                              parentValues: [.string(context.store.company), poNum]))
      row["IUM"] = .string("EA")
      row["PUM"] = .string("EA")
      row["OpenLine"] = .bool(true)
      if let header = context.writer.find("POHeader", [.string(context.store.company), poNum]) {
        row["VendorNum"] = header["VendorNum"]
        row["DueDate"] = header["DueDate"]
      }
      return row
    },
    "APInvoiceSvc/GetNewAPInvHed": { context in
      var row = try invoiceHeader(context)
      context.applyVendor(&row, vendorNum: try context.parameter("vendorNum", .int), idField: "VendorNumVendorID", nameField: "VendorNumName")
      return row
    },
    "APInvoiceSvc/GetNewAPInvHedInvoice": { context in
      var row = try invoiceHeader(context)
      let groupID = try context.parameter("cGroupID", .string)
      if let group = groupID.stringValue, !group.isEmpty,
         context.writer.find("APInvGrp", [.string(context.store.company), groupID]) == nil {
        throw EpicorError.validation("AP invoice group '\(group)' was not found.", table: "APInvHed", field: "GroupID")
      }
      row["GroupID"] = groupID
      return row
    },
    "APInvoiceSvc/GetNewAPInvDtl": { context in
      var row = context.row("APInvDtl")
      let vendorNum = try context.parameter("vendorNum", .int), invoiceNum = try context.parameter("invoiceNum", .string)
      row["VendorNum"] = vendorNum
      row["InvoiceNum"] = invoiceNum
      row["InvoiceLine"] = .int(context.nextNumber("APInvDtl", "InvoiceLine", parentFields: ["Company", "VendorNum", "InvoiceNum"],
                                                   parentValues: [.string(context.store.company), vendorNum, invoiceNum]))
      return row
    },
    "APInvoiceSvc/GetNewAPInvExp": { context in
      var row = context.row("APInvExp")
      let vendorNum = try context.parameter("vendorNum", .int), invoiceNum = try context.parameter("invoiceNum", .string)
      let line = try context.parameter("invoiceLine", .int)
      row["VendorNum"] = vendorNum
      row["InvoiceNum"] = invoiceNum
      row["InvoiceLine"] = line
      row["InvExpSeq"] = .int(context.nextNumber("APInvExp", "InvExpSeq", parentFields: ["Company", "VendorNum", "InvoiceNum", "InvoiceLine"],
                                                 parentValues: [.string(context.store.company), vendorNum, invoiceNum, line]))
      return row
    },
    "APInvGrpSvc/GetNewAPInvGrp": newGroup,
    "APInvGrpSvc/GetNewAPInvGrpNoLock": newGroup,
    "PaymentEntrySvc/GetNewCheckHed": { context in
      var row = context.row("CheckHed")
      row["CheckDate"] = .dateTime(context.today)
      row["BankAcctID"] = .string("CHK01")
      return row
    },
    "PaymentEntrySvc/GetNewAPTran": { context in
      var row = context.row("APTran")
      let headNum = try context.parameter("headNum", .int)
      row["HeadNum"] = headNum
      row["APTranNo"] = try context.parameter("apTranNo", .int)
      row["InvoiceNum"] = try context.parameter("invoiceNum", .string)
      row["TranType"] = .string("Pay")
      if let check = context.writer.find("CheckHed", [.string(context.store.company), headNum]) {
        for field in ["VendorNum", "CheckNum", "BankAcctID", "CurrencyCode"] { row[field] = check[field] }
        row["TranDate"] = check["CheckDate"]
      }
      return row
    },
  ]

  private static let newGroup: Template = { context in
    var row = context.row("APInvGrp")
    row["ApplyDate"] = .dateTime(context.today)
    row["ActiveUserID"] = .string(context.writer.user)
    return row
  }

  private static func invoiceHeader(_ context: Context) throws -> EpicorRecord {
    var row = context.row("APInvHed")
    row["InvoiceDate"] = .dateTime(context.today)
    row["ApplyDate"] = .dateTime(context.today)
    row["FiscalYear"] = .int(context.today.civil.year)
    row["OpenPayable"] = .bool(true)
    return row
  }
}
