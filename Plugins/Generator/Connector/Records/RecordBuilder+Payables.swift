import MLCPluginKit

/// AP invoices, which bill a purchase order's original lines plus tax, and AP payments,
/// which settle them: an invoice's balance is its amount minus exactly the payments that
/// apply to it.
extension RecordBuilder {
  /// The facts of an invoice that its payments need too.
  struct InvoiceFacts {
    var order: Int
    var vendor: Int
    var invoiceDay: Int
    var subtotal: Int
    var tax: Int
    var amount: Int { subtotal + tax }
  }

  /// Invoice `index`'s facts; leaves its purchase order's original lines in `lines`.
  mutating func invoiceFacts(_ index: Int) -> InvoiceFacts {
    let order = world.invoiceOrder(index)
    let header = purchaseOrder(order, edits: 0)
    let subtotal = OrderLine.total(lines)
    let country = world.country(of: header.vendor)
    let unit = country.rounding
    var random = world.random(.apInvoice, index)
    return InvoiceFacts(order: order, vendor: header.vendor,
                        invoiceDay: world.pastDay(header.orderDay + random.within(3...30)),
                        subtotal: subtotal,
                        tax: (subtotal * country.taxBasisPoints + 5_000 * unit) / (10_000 * unit) * unit)
  }

  /// Writes an AP invoice. Each edit pushes the due date out 15 days and marks an unpaid
  /// invoice posted.
  mutating func writeInvoice(_ index: Int, edits: Int) {
    let facts = invoiceFacts(index)
    let payers = world.invoicePayments(index)
    var paid = 0
    let unit = world.pricing(of: facts.vendor).rounding
    for payment in payers { paid += world.paymentShare(payment, of: facts.amount, payers: payers, unit: unit) }
    let balance = facts.amount - paid
    let terms = world.vendorTerms(facts.vendor)
    writer.key("data")
    writer.beginObject()
    writer.key("number")
    writeNumber("INV-", .apInvoice, index)
    writer.key("vendor_code")
    writeVendorCode(facts.vendor)
    writer.key("invoice_date")
    writeDate(facts.invoiceDay)
    writer.key("due_date")
    writeDate(facts.invoiceDay + ItemCatalog.termsDays[terms] + 15 * edits)
    writer.key("currency")
    writeCurrency(facts.vendor)
    writer.field("amount", decimal: facts.amount, scale: 2)
    writer.field("tax_amount", decimal: facts.tax, scale: 2)
    writer.field("balance", decimal: balance, scale: 2)
    writer.key("po_number")
    writeNumber("PO-", .purchaseOrder, facts.order)
    writer.field("status", balance == 0 ? "paid" : edits > 0 ? "posted" : "open")
    writer.key("description")
    writer.beginString()
    writer.stringFragment("Materials per PO-")
    writer.stringFragment(digits: facts.order + 1, width: world.keyWidths[GeneratedEntity.purchaseOrder.rawValue])
    writer.endString()
    writer.key("lines")
    writer.beginArray()
    for (offset, line) in lines.enumerated() {
      writer.beginObject()
      writer.field("line", int: offset + 1)
      writer.key("description")
      writer.string(utf8: texts.partDescriptions[ItemCatalog.partDescriptionOffsets[line.kind] + line.variant])
      writer.key("part_code")
      writePartCode(line.part)
      writer.key("quantity")
      writeQuantity(line)
      writer.field("unit_cost", decimal: line.unitCost, scale: 2)
      writer.field("amount", decimal: line.amount, scale: 2)
      writer.key("po_number")
      writeNumber("PO-", .purchaseOrder, facts.order)
      writer.field("po_line", int: offset + 1)
      writer.key("gl_account_code")
      writeGLCode(line.glAccount)
      writer.key("cost_center_code")
      writeCostCenterCode(world.glCostCenter(line.glAccount))
      writer.endObject()
    }
    writer.endArray()
    writer.endObject()
    beginRefs(vendor: facts.vendor)
    writer.key("purchase_order")
    writeKey(.purchaseOrder, facts.order)
    writer.endObject()
  }

  static let paymentPrefixes: [StaticString] = ["CHK-", "ACH-", "WIRE-"]

  /// Writes an AP payment applying its share of one invoice. Each edit re-dates it a day
  /// later (a reissued payment).
  mutating func writePayment(_ index: Int, edits: Int) {
    let invoice = world.paymentInvoice(index)
    let facts = invoiceFacts(invoice)
    let amount = world.paymentShare(index, of: facts.amount, payers: world.invoicePayments(invoice),
                                    unit: world.pricing(of: facts.vendor).rounding)
    let method = world.vendorPaymentMethod(facts.vendor)
    var random = world.random(.apPayment, index)
    let paymentDay = world.pastDay(facts.invoiceDay + random.within(10...40)) + edits
    writer.key("data")
    writer.beginObject()
    writer.key("number")
    writeNumber(Self.paymentPrefixes[method], .apPayment, index)
    writer.key("vendor_code")
    writeVendorCode(facts.vendor)
    writer.key("payment_date")
    writeDate(paymentDay)
    writer.key("currency")
    writeCurrency(facts.vendor)
    writer.field("amount", decimal: amount, scale: 2)
    writer.field("method", ItemCatalog.paymentMethods[method])
    writer.key("applications")
    writer.beginArray()
    writer.beginObject()
    writer.key("invoice_number")
    writeNumber("INV-", .apInvoice, invoice)
    writer.field("amount", decimal: amount, scale: 2)
    writer.endObject()
    writer.endArray()
    writer.endObject()
    beginRefs(vendor: facts.vendor)
    writer.endObject()
  }
}
