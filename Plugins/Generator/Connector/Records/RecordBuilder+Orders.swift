import MLCPluginKit

/// Purchase orders and procurement requests: a header and 1–5 lines whose amounts sum to
/// the total exactly.
extension RecordBuilder {
  /// The header fields of a purchase order, drawn before its lines.
  struct OrderHeader {
    var vendor: Int
    var orderDay: Int
    var dueDay: Int
    var status: Int
    var person: Int
    var lineCount: Int
  }

  static let orderStatuses: [StaticString] = ["draft", "open", "approved", "closed", "void"]
  static let requestStatuses: [StaticString] = ["draft", "submitted", "approved", "ordered", "rejected"]

  /// Purchase order `index`'s header, leaving `random` where its lines start. Order dates
  /// rise with the index across the year before `base_time`.
  func purchaseOrderHeader(_ index: Int, random: inout RecordRandom) -> OrderHeader {
    let count = world.config.count(.purchaseOrder)
    let orderDay = world.pastDay(world.baseDay - 365 + index * 365 / count + random.below(3))
    let dueDay = orderDay + random.within(14...75)
    let roll = random.below(100)
    let status = roll < 5 ? 0 : roll < 40 ? 1 : roll < 80 ? 2 : roll < 95 ? 3 : 4
    let person = random.below(ItemCatalog.people.count)
    let lineCount = random.within(1...5)
    return OrderHeader(vendor: world.orderVendor(.purchaseOrder, index), orderDay: orderDay,
                       dueDay: dueDay, status: status, person: person, lineCount: lineCount)
  }

  /// Purchase order `index`'s header and its lines after `edits` into `lines`.
  mutating func purchaseOrder(_ index: Int, edits: Int) -> OrderHeader {
    var random = world.random(.purchaseOrder, index)
    let header = purchaseOrderHeader(index, random: &random)
    OrderLine.generate(world, .purchaseOrder, index, count: header.lineCount,
                       pricing: world.pricing(of: header.vendor), edits: edits, random: &random, into: &lines)
    return header
  }

  /// Writes a purchase order. Each edit raises one line's quantity (and so the total) and
  /// moves a draft, open or approved order one status on.
  mutating func writePurchaseOrder(_ index: Int, edits: Int) {
    let header = purchaseOrder(index, edits: edits)
    let status = header.status <= 2 ? min(header.status + edits, 3) : header.status
    writer.key("data")
    writer.beginObject()
    writer.key("number")
    writeNumber("PO-", .purchaseOrder, index)
    writer.key("vendor_code")
    writeVendorCode(header.vendor)
    writer.key("order_date")
    writeDate(header.orderDay)
    writer.key("due_date")
    writeDate(header.dueDay)
    writer.key("currency")
    writeCurrency(header.vendor)
    writer.field("total", decimal: OrderLine.total(lines), scale: 2)
    writer.field("status", Self.orderStatuses[status])
    writer.key("buyer")
    writer.string(utf8: texts.people[header.person])
    writer.key("lines")
    writeLines(dueDay: header.dueDay)
    writer.endObject()
    beginRefs(vendor: header.vendor)
    writer.endObject()
  }

  /// Writes a procurement request. Each edit raises one line's quantity and moves a draft,
  /// submitted or approved request one status on.
  mutating func writeProcurementRequest(_ index: Int, edits: Int) {
    let count = world.config.count(.procurementRequest)
    var random = world.random(.procurementRequest, index)
    let vendor = world.orderVendor(.procurementRequest, index)
    let person = random.below(ItemCatalog.people.count)
    let neededDay = world.baseDay - 180 + index * 180 / max(count, 1) + random.within(14...60)
    let roll = random.below(100)
    let baseStatus = roll < 15 ? 0 : roll < 45 ? 1 : roll < 80 ? 2 : roll < 95 ? 3 : 4
    let status = baseStatus <= 2 ? min(baseStatus + edits, 3) : baseStatus
    OrderLine.generate(world, .procurementRequest, index, count: random.within(1...3),
                       pricing: world.pricing(of: vendor), edits: edits, random: &random, into: &lines)
    writer.key("data")
    writer.beginObject()
    writer.key("number")
    writeNumber("PR-", .procurementRequest, index)
    writer.key("requester")
    writer.string(utf8: texts.people[person])
    writer.key("vendor_code")
    writeVendorCode(vendor)
    writer.key("needed_by")
    writeDate(neededDay)
    writer.key("currency")
    writeCurrency(vendor)
    writer.field("total", decimal: OrderLine.total(lines), scale: 2)
    writer.field("status", Self.requestStatuses[status])
    writer.key("lines")
    writeLines(dueDay: nil)
    writer.endObject()
    beginRefs(vendor: vendor)
    writer.endObject()
  }

  /// Writes `lines` as an order's line array; purchase order lines carry a due date.
  private mutating func writeLines(dueDay: Int?) {
    writer.beginArray()
    for (offset, line) in lines.enumerated() {
      writer.beginObject()
      writer.field("line", int: offset + 1)
      writer.key("part_code")
      writePartCode(line.part)
      writer.key("description")
      writer.string(utf8: texts.partDescriptions[ItemCatalog.partDescriptionOffsets[line.kind] + line.variant])
      writer.key("quantity")
      writeQuantity(line)
      writer.key("uom")
      writer.string(utf8: texts.uoms[line.kind])
      writer.field("unit_cost", decimal: line.unitCost, scale: 2)
      writer.field("amount", decimal: line.amount, scale: 2)
      writer.key("gl_account_code")
      writeGLCode(line.glAccount)
      writer.key("cost_center_code")
      writeCostCenterCode(world.glCostCenter(line.glAccount))
      if let dueDay {
        writer.key("due_date")
        writeDate(dueDay)
      }
      writer.endObject()
    }
    writer.endArray()
  }
}
