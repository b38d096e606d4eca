/// The canonical entities this connector reads, with where each lives in Epicor Kinetic.
///
/// Services, entity sets, key columns and child collections are from SYSTEMS.md §1.3 [V SNO]
/// (the Swagger of a live Epicor SaaS tenant): `POes` (not `POHeaders`), `PaymentEntries`
/// holding `CheckHed` rows, `GLAccount1` as the GL account column, and `APInvExps` as a
/// child of `APInvDtls` (`APInvoices(…)/APInvDtls(…)/APInvExps`, checked in
/// `Erp_BO_APInvoiceSvc.py`). Change fields per table are from §1.4: `ChangeDate` on POs,
/// AP invoices and payments, `ChangedOn` on parts, only `SysRevID` on vendors, GL accounts
/// and segment values.
enum EpicorEntity: String, CaseIterable, Sendable {
  case vendor
  case purchaseOrder = "purchase_order"
  case apInvoice = "ap_invoice"
  case apPayment = "ap_payment"
  case glAccount = "gl_account"
  case costCenter = "cost_center"
  case part

  /// Entities written as a sink.
  static let writable: [EpicorEntity] = [.vendor, .apInvoice, .apPayment]

  /// The canonical entity name (`purchase_order`).
  var name: String { rawValue }

  /// The business object service (`Erp.BO.POSvc`).
  var service: String {
    switch self {
    case .vendor: return "Erp.BO.VendorSvc"
    case .purchaseOrder: return "Erp.BO.POSvc"
    case .apInvoice: return "Erp.BO.APInvoiceSvc"
    case .apPayment: return "Erp.BO.PaymentEntrySvc"
    case .glAccount: return "Erp.BO.GLAccountSvc"
    case .costCenter: return "Erp.BO.COASegValuesSvc"
    case .part: return "Erp.BO.PartSvc"
    }
  }

  /// The OData entity set listed for reads (`POes`).
  var entitySet: String {
    switch self {
    case .vendor: return "Vendors"
    case .purchaseOrder: return "POes"
    case .apInvoice: return "APInvoices"
    case .apPayment: return "PaymentEntries"
    case .glAccount: return "GLAccounts"
    case .costCenter: return "COASegValues"
    case .part: return "Parts"
    }
  }

  /// The row's key columns after `Company` (which the URL fixes), in the entity's key order.
  /// They break ties between equal change values and form the canonical key.
  var keyColumns: [String] {
    switch self {
    case .vendor: return ["VendorNum"]
    case .purchaseOrder: return ["PONum"]
    case .apInvoice: return ["VendorNum", "InvoiceNum"]
    case .apPayment: return ["HeadNum"]
    case .glAccount: return ["COACode", "GLAccount1"]
    case .costCenter: return ["COACode", "SegmentNbr", "SegmentCode"]
    case .part: return ["PartNum"]
    }
  }

  /// The column whose value moves on every change, unless the config names another.
  var defaultChangeField: String {
    switch self {
    case .purchaseOrder, .apInvoice, .apPayment: return "ChangeDate"
    case .part: return "ChangedOn"
    case .vendor, .glAccount, .costCenter: return "SysRevID"
    }
  }

  /// The header columns the mapping reads, when the row is wide enough that asking for
  /// just those pays: a `POHeaderRow` has over a hundred columns and the mapping reads
  /// sixteen, so `$select` cuts the bytes and the parsing of every page several-fold. The
  /// reader adds the key, change and tie columns. Nil reads whole rows.
  var selectColumns: [String]? {
    switch self {
    case .purchaseOrder:
      return ["VendorNum", "VendorVendorID", "OrderDate", "DueDate", "CurrencyCode", "DocTotalOrder", "TotalOrder",
              "BuyerID", "OpenOrder", "VoidOrder", "ApprovalStatus", "Approve"]
    case .vendor, .glAccount, .costCenter, .part, .apInvoice, .apPayment: return nil
    }
  }

  /// The `$expand` that brings the child rows the canonical record needs, if any, with a
  /// nested `$select` of the child columns the mapping reads where rows are wide.
  var expand: String? {
    switch self {
    case .purchaseOrder:
      return "PODetails($select=POLine,PartNum,LineDesc,XOrderQty,OrderQty,PUM,IUM,DocUnitCost,UnitCost,DocExtCost,ExtCost,DueDate,VoidLine)"
    case .apInvoice: return "APInvDtls($expand=APInvExps)"
    case .apPayment: return "APTrans"
    case .vendor, .glAccount, .costCenter, .part: return nil
    }
  }
}
