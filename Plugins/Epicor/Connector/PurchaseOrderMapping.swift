import MLCPluginKit

/// `Erp.BO.POSvc/POes?$expand=PODetails` rows → canonical `purchase_order`.
///
/// Header columns from `POHeaderRow` [V SNO]: `OrderDate`, `DueDate`, `CurrencyCode`,
/// `DocTotalOrder` (the total in the PO's currency; `TotalOrder` is in base currency),
/// `BuyerID`, `VendorVendorID` (the vendor's ID, link column [V EPI-PO `$select`]),
/// `OpenOrder`, `VoidOrder`, `ApprovalStatus` (U unsubmitted, P pending, A approved,
/// R rejected). Lines from `PODetailRow`: `POLine`, `PartNum`, `LineDesc`, `XOrderQty` (in
/// the supplier's unit `PUM`), `DocUnitCost`, `DocExtCost`, `DueDate`, `VoidLine`.
///
/// Status: void → `void`; not open → `closed`; approved → `approved`; pending approval →
/// `open`; unsubmitted or rejected → `draft`. Voided lines are left out: they are no part of
/// what was ordered and not in the total.
struct PurchaseOrderMapping: RecordMapping {
  var entity: EpicorEntity { .purchaseOrder }
  var updatedAtColumns: [String] { ["ChangeDate"] }

  func vendorNumbers(_ row: EpicorRow) -> [Int] {
    guard let number = row.nonZeroInt("VendorNum"), row.string("VendorVendorID") == nil else { return [] }
    return [number]
  }

  func writeData(_ row: EpicorRow, _ context: MappingContext, to writer: inout JSONWriter) throws {
    let vendorNumber = row.nonZeroInt("VendorNum")
    if let vendorNumber, let id = row.string("VendorVendorID") { context.vendors.remember(number: vendorNumber, id: id) }
    writer.field("number", ifPresent: row.int("PONum").map(String.init))
    writer.field("vendor_code", ifPresent: vendorNumber.flatMap { context.vendors.id(of: $0) })
    writer.field("order_date", ifPresent: row.date("OrderDate"))
    writer.field("due_date", ifPresent: row.date("DueDate"))
    writer.field("currency", ifPresent: row.string("CurrencyCode"))
    writer.field("total", decimal: row.decimal("DocTotalOrder") ?? row.decimal("TotalOrder"))
    writer.field("status", Self.status(row))
    writer.field("buyer", ifPresent: row.string("BuyerID"))
    writer.key("lines")
    writer.beginArray()
    let lines = row.children("PODetails").filter { $0.bool("VoidLine") != true }
    for line in lines.sorted(by: { ($0.int("POLine") ?? 0) < ($1.int("POLine") ?? 0) }) {
      writer.beginObject()
      writer.field("line", ifPresent: line.int("POLine"))
      writer.field("part_code", ifPresent: line.string("PartNum"))
      writer.field("description", ifPresent: line.string("LineDesc"))
      writer.field("quantity", decimal: line.decimal("XOrderQty") ?? line.decimal("OrderQty"))
      writer.field("uom", ifPresent: line.string("PUM") ?? line.string("IUM"))
      writer.field("unit_cost", decimal: line.decimal("DocUnitCost") ?? line.decimal("UnitCost"))
      writer.field("amount", decimal: line.decimal("DocExtCost") ?? line.decimal("ExtCost"))
      writer.field("due_date", ifPresent: line.date("DueDate"))
      writer.endObject()
    }
    writer.endArray()
  }

  func writeRefs(_ row: EpicorRow, _ context: MappingContext, to writer: inout JSONWriter) {
    if let vendor = row.nonZeroInt("VendorNum") { writer.field("vendor", context.vendorKey(vendor)) }
  }

  /// The canonical status of a PO header.
  static func status(_ row: EpicorRow) -> String {
    if row.bool("VoidOrder") == true { return "void" }
    if row.bool("OpenOrder") == false { return "closed" }
    switch row.string("ApprovalStatus") {
    case "A"?: return "approved"
    case "P"?: return "open"
    case "U"?, "R"?: return "draft"
    default: return row.bool("Approve") == true ? "approved" : "open"
    }
  }
}
