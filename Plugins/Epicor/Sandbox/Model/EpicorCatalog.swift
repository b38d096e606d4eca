/// The tables, services and entity sets the sandbox serves, with the column names and types of
/// SYSTEMS.md §1.3.
///
/// Verified against SNO (`Snolandia/EpicorRestAPI_MethodsSchemas`, `PythonEpicorRestAPI/
/// Erp_BO_*Svc.py`, the tableset row classes):
/// - `POHeaderRow.ChangeDate` is "The date and time that the record was last changed", and
///   POHeader has no `ChangeTime` column, so `ChangeDate` carries the time. Tables that do have
///   `ChangeTime` (seconds since midnight) are order tables the sandbox doesn't serve. The
///   other change-tracked tables here (PODetail, APInvHed, APInvDtl, CheckHed, APTran) are
///   assumed to behave like POHeader [U].
/// - `APTranRow` key `(Company,HeadNum,APTranNo,InvoiceNum,Voided)`, `TranType` "Pay",
///   `TranAmt`/`DocTranAmt`, `CheckNum`, `TranDate` (Erp_BO_PaymentEntrySvc.py,
///   `GetById_APTran1`).
/// - `GLAccount` values are "stored in physical segment number sequence with the vertical bar
///   as its separator ... The display format GL Account is found in table GLAcctDisp"
///   (Erp_BO_GLAccountSvc.py, `GLAccountListRow`): `GLAccount1` is `4000|100|10`, the display
///   form `GLAcctDispGLAcctDisp` is `4000-100-10`, and `APInvExp.GLAccount` uses the stored form.
/// - Type names in OData errors: only `'Erp.PO'` for POes is seen live (EPI-PO); the others
///   follow the same `Erp.<BO>` pattern [U].
enum EpicorCatalog {
  /// Every table schema by table name.
  static let tables: [String: EpicorTableSchema] = {
    var tables: [String: EpicorTableSchema] = [:]
    for schema in allSchemas { tables[schema.name] = schema }
    return tables
  }()

  /// The business objects: service name → tableset tables (parents first) and entity sets.
  static let services: [String: EpicorService] = {
    var services: [String: EpicorService] = [:]
    for service in allServices { services[service.name] = service }
    return services
  }()

  static let allServices: [EpicorService] = [
    EpicorService(name: "VendorSvc", tables: ["Vendor"], entitySets: ["Vendors": "Vendor"]),
    EpicorService(name: "POSvc", tables: ["POHeader", "PODetail"], entitySets: ["POes": "POHeader", "PODetails": "PODetail"]),
    EpicorService(name: "APInvoiceSvc", tables: ["APInvHed", "APInvDtl", "APInvExp"],
                  entitySets: ["APInvoices": "APInvHed", "APInvDtls": "APInvDtl", "APInvExps": "APInvExp"]),
    EpicorService(name: "APInvGrpSvc", tables: ["APInvGrp"], entitySets: ["APInvGrps": "APInvGrp"]),
    EpicorService(name: "PaymentEntrySvc", tables: ["CheckHed", "APTran"],
                  entitySets: ["PaymentEntries": "CheckHed", "APTrans": "APTran"]),
    EpicorService(name: "GLAccountSvc", tables: ["GLAccount"], entitySets: ["GLAccounts": "GLAccount"]),
    EpicorService(name: "COASegValuesSvc", tables: ["COASegValues"], entitySets: ["COASegValues": "COASegValues"]),
    EpicorService(name: "PartSvc", tables: ["Part"], entitySets: ["Parts": "Part"]),
  ]

  private static let allSchemas: [EpicorTableSchema] = [
    EpicorTableSchema(
      name: "Vendor", typeName: "Erp.Vendor",
      fields: [("Company", .string), ("VendorNum", .int), ("VendorID", .string), ("Name", .string),
               ("Address1", .string), ("Address2", .string), ("Address3", .string), ("City", .string),
               ("State", .string), ("ZIP", .string), ("Country", .string), ("EMailAddress", .string),
               ("PhoneNum", .string), ("FaxNum", .string), ("TermsCode", .string), ("CurrencyCode", .string),
               ("GroupCode", .string), ("TaxPayerID", .string), ("Inactive", .bool), ("SysRevID", .int),
               ("SysRowID", .string), ("RowMod", .string)],
      key: ["Company", "VendorNum"]),
    EpicorTableSchema(
      name: "POHeader", typeName: "Erp.PO",
      fields: [("Company", .string), ("PONum", .int), ("VendorNum", .int), ("VendorVendorID", .string),
               ("VendorName", .string), ("OrderDate", .dateTime), ("DueDate", .dateTime), ("PromiseDate", .dateTime),
               ("OpenOrder", .bool), ("VoidOrder", .bool), ("OrderHeld", .bool), ("Approve", .bool),
               ("ApprovalStatus", .string), ("BuyerID", .string), ("TermsCode", .string), ("CurrencyCode", .string),
               ("TotalOrder", .decimal), ("DocTotalOrder", .decimal), ("EntryPerson", .string), ("ChangedBy", .string),
               ("ChangeDate", .dateTime), ("SysRevID", .int), ("SysRowID", .string), ("RowMod", .string)],
      key: ["Company", "PONum"], changeField: "ChangeDate",
      navigations: [EpicorNavigation(name: "PODetails", childTable: "PODetail", parentFields: ["Company", "PONum"],
                                     childFields: ["Company", "PONUM"])]),
    EpicorTableSchema(
      name: "PODetail", typeName: "Erp.PO.PODetail",
      fields: [("Company", .string), ("PONUM", .int), ("POLine", .int), ("PartNum", .string), ("LineDesc", .string),
               ("OrderQty", .decimal), ("XOrderQty", .decimal), ("UnitCost", .decimal), ("DocUnitCost", .decimal),
               ("ExtCost", .decimal), ("DocExtCost", .decimal), ("IUM", .string), ("PUM", .string),
               ("DueDate", .dateTime), ("OpenLine", .bool), ("VoidLine", .bool), ("VendorNum", .int),
               ("ChangedBy", .string), ("ChangeDate", .dateTime), ("SysRevID", .int), ("SysRowID", .string),
               ("RowMod", .string)],
      key: ["Company", "PONUM", "POLine"], changeField: "ChangeDate"),
    EpicorTableSchema(
      name: "APInvHed", typeName: "Erp.APInvoice",
      fields: [("Company", .string), ("VendorNum", .int), ("VendorNumVendorID", .string), ("VendorNumName", .string),
               ("InvoiceNum", .string), ("InvoiceDate", .dateTime), ("DueDate", .dateTime), ("ApplyDate", .dateTime),
               ("InvoiceAmt", .decimal), ("DocInvoiceAmt", .decimal), ("InvoiceVendorAmt", .decimal),
               ("DocInvoiceVendorAmt", .decimal), ("ScrDocInvoiceVendorAmt", .decimal), ("InvoiceBal", .decimal),
               ("DocInvoiceBal", .decimal), ("GroupID", .string), ("Posted", .bool), ("OpenPayable", .bool),
               ("DebitMemo", .bool), ("TermsCode", .string), ("CurrencyCode", .string), ("REFPONum", .int),
               ("Description", .string), ("FiscalYear", .int), ("ChangedBy", .string), ("ChangeDate", .dateTime),
               ("SysRevID", .int), ("SysRowID", .string), ("RowMod", .string)],
      key: ["Company", "VendorNum", "InvoiceNum"], changeField: "ChangeDate",
      navigations: [
        EpicorNavigation(name: "APInvDtls", childTable: "APInvDtl", parentFields: ["Company", "VendorNum", "InvoiceNum"],
                         childFields: ["Company", "VendorNum", "InvoiceNum"]),
        EpicorNavigation(name: "APInvExps", childTable: "APInvExp", parentFields: ["Company", "VendorNum", "InvoiceNum"],
                         childFields: ["Company", "VendorNum", "InvoiceNum"]),
      ]),
    EpicorTableSchema(
      name: "APInvDtl", typeName: "Erp.APInvoice.APInvDtl",
      fields: [("Company", .string), ("VendorNum", .int), ("InvoiceNum", .string), ("InvoiceLine", .int),
               ("LineType", .string), ("PartNum", .string), ("Description", .string), ("VendorQty", .decimal),
               ("ScrVendorQty", .decimal), ("OurQty", .decimal), ("UnitCost", .decimal), ("DocUnitCost", .decimal),
               ("ExtCost", .decimal), ("DocExtCost", .decimal), ("PONum", .int), ("POLine", .int), ("PORelNum", .int),
               ("ChangedBy", .string), ("ChangeDate", .dateTime), ("SysRevID", .int), ("SysRowID", .string),
               ("RowMod", .string)],
      key: ["Company", "VendorNum", "InvoiceNum", "InvoiceLine"], changeField: "ChangeDate",
      navigations: [
        EpicorNavigation(name: "APInvExps", childTable: "APInvExp",
                         parentFields: ["Company", "VendorNum", "InvoiceNum", "InvoiceLine"],
                         childFields: ["Company", "VendorNum", "InvoiceNum", "InvoiceLine"]),
      ]),
    EpicorTableSchema(
      name: "APInvExp", typeName: "Erp.APInvoice.APInvExp",
      fields: [("Company", .string), ("VendorNum", .int), ("InvoiceNum", .string), ("InvoiceLine", .int),
               ("InvExpSeq", .int), ("GLAccount", .string), ("ExpAmt", .decimal), ("DocExpAmt", .decimal),
               ("SysRevID", .int), ("SysRowID", .string), ("RowMod", .string)],
      key: ["Company", "VendorNum", "InvoiceNum", "InvoiceLine", "InvExpSeq"]),
    EpicorTableSchema(
      name: "APInvGrp", typeName: "Erp.APInvGrp",
      fields: [("Company", .string), ("GroupID", .string), ("ApplyDate", .dateTime), ("ActiveUserID", .string),
               ("SysRevID", .int), ("SysRowID", .string), ("RowMod", .string)],
      key: ["Company", "GroupID"]),
    EpicorTableSchema(
      name: "CheckHed", typeName: "Erp.PaymentEntry",
      fields: [("Company", .string), ("HeadNum", .int), ("VendorNum", .int), ("VendorNumVendorID", .string),
               ("VendorNumName", .string), ("CheckNum", .int), ("CheckDate", .dateTime), ("CheckAmt", .decimal),
               ("DocCheckAmt", .decimal), ("CurrencyCode", .string), ("BankAcctID", .string), ("GroupID", .string),
               ("Posted", .bool), ("Voided", .bool), ("ChangedBy", .string), ("ChangeDate", .dateTime),
               ("SysRevID", .int), ("SysRowID", .string), ("RowMod", .string)],
      key: ["Company", "HeadNum"], changeField: "ChangeDate",
      navigations: [EpicorNavigation(name: "APTrans", childTable: "APTran", parentFields: ["Company", "HeadNum"],
                                     childFields: ["Company", "HeadNum"])]),
    EpicorTableSchema(
      name: "APTran", typeName: "Erp.PaymentEntry.APTran",
      fields: [("Company", .string), ("TranType", .string), ("HeadNum", .int), ("APTranNo", .int), ("InvoiceNum", .string),
               ("Voided", .bool), ("Posted", .bool), ("TranAmt", .decimal), ("DocTranAmt", .decimal), ("DiscAmt", .decimal),
               ("DocDiscAmt", .decimal), ("Description", .string), ("BankAcctID", .string), ("CheckNum", .int),
               ("TranDate", .dateTime), ("VendorNum", .int), ("CurrencyCode", .string), ("ChangedBy", .string),
               ("ChangeDate", .dateTime), ("SysRevID", .int), ("SysRowID", .string), ("RowMod", .string)],
      key: ["Company", "HeadNum", "APTranNo", "InvoiceNum", "Voided"], changeField: "ChangeDate"),
    EpicorTableSchema(
      name: "GLAccount", typeName: "Erp.GLAccount",
      fields: [("Company", .string), ("COACode", .string), ("GLAccount1", .string), ("AccountDesc", .string),
               ("SegValue1", .string), ("SegValue2", .string), ("SegValue3", .string), ("Active", .bool),
               ("EffFrom", .dateTime), ("EffTo", .dateTime), ("GLAcctDispGLAcctDisp", .string),
               ("GLAcctDispGLShortAcct", .string), ("SysRevID", .int), ("SysRowID", .string), ("RowMod", .string)],
      key: ["Company", "COACode", "GLAccount1"]),
    EpicorTableSchema(
      name: "COASegValues", typeName: "Erp.COASegValues",
      fields: [("Company", .string), ("COACode", .string), ("SegmentNbr", .int), ("SegmentCode", .string),
               ("SegmentName", .string), ("SegmentDesc", .string), ("Active", .bool), ("SysRevID", .int),
               ("SysRowID", .string), ("RowMod", .string)],
      key: ["Company", "COACode", "SegmentNbr", "SegmentCode"]),
    EpicorTableSchema(
      name: "Part", typeName: "Erp.Part",
      fields: [("Company", .string), ("PartNum", .string), ("PartDescription", .string), ("TypeCode", .string),
               ("ClassID", .string), ("IUM", .string), ("PUM", .string), ("InActive", .bool), ("UnitPrice", .decimal),
               ("CreatedOn", .dateTime), ("ChangedOn", .dateTime), ("SysRevID", .int), ("SysRowID", .string),
               ("RowMod", .string)],
      key: ["Company", "PartNum"], changeField: "ChangedOn"),
  ]
}

/// One business object: its name (`POSvc`), tableset tables in parent-first order, and the
/// entity sets its OData endpoint serves.
struct EpicorService: Sendable {
  let name: String
  let tables: [String]
  let entitySets: [String: String]
}
