import Foundation
import MLCSandboxKit

/// Purchase orders, invoices and payments: the bulk of the seed data, generated PO by PO so
/// each invoice and payment follows its order in time.
extension EpicorSeeder {
  func seedTransactions(_ store: EpicorStore, suppliers: [Supplier], items: [Item], random: inout SplitMix64) {
    guard records > 0 else { return }
    let spanDays = max(30, records / 150)
    let start = Self.end.startOfDay.adding(days: -spanDays)
    // Nightly batch stamps, about 300 orders apart: a third of all orders get one of them.
    let batchCount = max(2, records / 300)
    var invoiceCounters: [Int: Int] = [:]
    var groups = Set<String>()
    var nextHead = 1
    var nextCheck = 100_001
    // Prices are converted with a precomputed inverse rate: a Decimal division per line was a
    // noticeable part of seeding 100k orders, and the result is rounded anyway.
    var inverseRates: [String: Decimal] = [:]
    for supplier in suppliers where inverseRates[supplier.currency] == nil {
      inverseRates[supplier.currency] = Money.rounded(1 / EpicorCurrencies.rate(supplier.currency), scale: 10)
    }
    for index in 0..<records {
      let poNum = 1000 + index + 1
      // Larger suppliers get more orders: the square skews picks towards low numbers.
      let unit = random.nextUnit()
      let supplier = suppliers[min(suppliers.count - 1, Int(Double(suppliers.count) * unit * unit))]
      let day = min(spanDays - 1, index * spanDays / records + random.int(in: 0...2))
      let orderDate = start.adding(days: day)
      var changeDate = orderDate.adding(days: random.int(in: 0...10)).adding(seconds: Int64(random.int(in: 420...1140)) * 60)
      if random.chance(0.35) {
        let batch = min(batchCount - 1, (day * batchCount + spanDays - 1) / spanDays)
        let stamp = start.adding(days: batch * spanDays / batchCount).adding(seconds: 7200)
        if stamp >= orderDate { changeDate = stamp }
      }
      if changeDate > Self.end { changeDate = Self.end }
      let user = random.pick(Self.users)
      let isVoid = random.chance(0.03)
      let scale = EpicorCurrencies.scale(supplier.currency)
      let rate = EpicorCurrencies.rate(supplier.currency)

      var lines: [EpicorRecord] = []
      var lineItems: [Item] = []
      for lineNumber in 1...random.int(in: 1...5) {
        let item = random.pick(items)
        lineItems.append(item)
        let quantity = item.uom == "KG" || item.uom == "M" || item.uom == "L"
          ? Money.random(&random, min: 1, max: 400, scale: 1) : Decimal(random.int(in: 1...250))
        let variance = Money.amount(minorUnits: Int64(random.int(in: 90...112)), scale: 2)
        let docUnit = max(Money.rounded(item.price * variance * inverseRates[supplier.currency]!, scale: scale), Money.amount(minorUnits: 1, scale: scale))
        let docExt = Money.rounded(quantity * docUnit, scale: scale)
        var line = EpicorRecord(store.table("PODetail").schema, company: store.company)
        line["PONUM"] = .int(poNum)
        line["POLine"] = .int(lineNumber)
        line["PartNum"] = .string(item.number)
        line["LineDesc"] = .string(item.description)
        line["OrderQty"] = .decimal(quantity)
        line["XOrderQty"] = .decimal(quantity)
        line["DocUnitCost"] = .decimal(docUnit)
        line["UnitCost"] = .decimal(Money.rounded(docUnit * rate, scale: 2))
        line["DocExtCost"] = .decimal(docExt)
        line["ExtCost"] = .decimal(Money.rounded(docExt * rate, scale: 2))
        line["IUM"] = .string(item.uom)
        line["PUM"] = .string(item.uom)
        line["DueDate"] = .dateTime(orderDate.adding(days: random.int(in: 14...60)))
        line["OpenLine"] = .bool(!isVoid)
        line["VoidLine"] = .bool(isVoid)
        line["VendorNum"] = .int(supplier.number)
        line["ChangedBy"] = .string(user)
        line["ChangeDate"] = .dateTime(changeDate)
        lines.append(line)
      }

      var header = EpicorRecord(store.table("POHeader").schema, company: store.company)
      header["PONum"] = .int(poNum)
      header["VendorNum"] = .int(supplier.number)
      header["VendorVendorID"] = .string(supplier.vendorID)
      header["VendorName"] = .string(supplier.name)
      header["OrderDate"] = .dateTime(orderDate)
      header["DueDate"] = lines.map { $0["DueDate"] }.max { EpicorValue.compare($0, $1) < 0 }!
      header["PromiseDate"] = random.chance(0.6) ? header["DueDate"] : .null
      let approval = random.chance(0.8) ? "A" : random.pick(["P", "U"])
      header["OpenOrder"] = .bool(!isVoid && !(day < spanDays / 2 && random.chance(0.5)))
      header["VoidOrder"] = .bool(isVoid)
      header["OrderHeld"] = .bool(random.chance(0.02))
      header["Approve"] = .bool(approval == "A")
      header["ApprovalStatus"] = .string(approval)
      header["BuyerID"] = .string(random.pick(Self.buyers))
      header["TermsCode"] = .string(supplier.terms)
      header["CurrencyCode"] = .string(supplier.currency)
      // Totals count lines that are not void [V SNO: "the sum of PODetail.ExtCost for non voided lines"].
      let liveLines = lines.filter { !$0.bool("VoidLine") }
      header["DocTotalOrder"] = .decimal(liveLines.reduce(Decimal(0)) { $0 + $1.decimal("DocExtCost") })
      header["TotalOrder"] = .decimal(liveLines.reduce(Decimal(0)) { $0 + $1.decimal("ExtCost") })
      header["EntryPerson"] = .string(user)
      header["ChangedBy"] = .string(user)
      header["ChangeDate"] = .dateTime(changeDate)
      header["SysRevID"] = .int(store.nextRevision())
      store.seed("POHeader", header.values)
      for var line in lines {
        line["SysRevID"] = .int(store.nextRevision())
        store.seed("PODetail", line.values)
      }

      guard !isVoid, approval == "A", random.chance(0.85) else { continue }
      let invoiceDate = min(orderDate.adding(days: random.int(in: 5...40)), Self.end.startOfDay)
      let counter = invoiceCounters[supplier.number, default: random.int(in: 1...900)] + random.int(in: 1...3)
      invoiceCounters[supplier.number] = counter
      let invoiceNum = Self.invoiceNumber(supplier, counter: counter, year: invoiceDate.civil.year, random: &random)
      let posted = invoiceDate < Self.end.adding(days: -20)
      var groupID = ""
      if !posted {
        let (_, month, dayOfMonth) = invoiceDate.civil
        groupID = "AP\(String(month).leftPadded(2))\(String(dayOfMonth).leftPadded(2))"
        if groups.insert(groupID).inserted {
          var group = EpicorRecord(store.table("APInvGrp").schema, company: store.company)
          group["GroupID"] = .string(groupID)
          group["ApplyDate"] = .dateTime(invoiceDate)
          group["ActiveUserID"] = .string("manager")
          group["SysRevID"] = .int(store.nextRevision())
          store.seed("APInvGrp", group.values)
        }
      }
      // AP posting runs at 22:00:00 stamp many invoices with the same second.
      var invoiceChange = invoiceDate.adding(days: random.int(in: 0...4)).adding(seconds: Int64(random.int(in: 480...1080)) * 60)
      if posted && random.chance(0.4) { invoiceChange = invoiceDate.adding(seconds: 79_200) }
      if invoiceChange > Self.end { invoiceChange = Self.end }
      let invoiceUser = random.pick(Self.users)

      var docAmount = Decimal(0), amount = Decimal(0)
      var invoiceLines: [EpicorRecord] = []
      var distributions: [EpicorRecord] = []
      for (offset, poLine) in lines.enumerated() {
        let quantity = random.chance(0.85) ? poLine.decimal("OrderQty") : Money.rounded(poLine.decimal("OrderQty") / 2, scale: 1)
        let docExt = Money.rounded(quantity * poLine.decimal("DocUnitCost"), scale: scale)
        let ext = Money.rounded(docExt * rate, scale: 2)
        docAmount += docExt
        amount += ext
        var line = EpicorRecord(store.table("APInvDtl").schema, company: store.company)
        line["VendorNum"] = .int(supplier.number)
        line["InvoiceNum"] = .string(invoiceNum)
        line["InvoiceLine"] = .int(offset + 1)
        line["LineType"] = .string("PUR")
        line["PartNum"] = poLine["PartNum"]
        line["Description"] = poLine["LineDesc"]
        line["VendorQty"] = .decimal(quantity)
        line["ScrVendorQty"] = .decimal(quantity)
        line["OurQty"] = .decimal(quantity)
        line["DocUnitCost"] = poLine["DocUnitCost"]
        line["UnitCost"] = poLine["UnitCost"]
        line["DocExtCost"] = .decimal(docExt)
        line["ExtCost"] = .decimal(ext)
        line["PONum"] = .int(poNum)
        line["POLine"] = poLine["POLine"]
        line["PORelNum"] = .int(1)
        line["ChangedBy"] = .string(invoiceUser)
        line["ChangeDate"] = .dateTime(invoiceChange)
        invoiceLines.append(line)
        let item = lineItems[offset]
        let center = random.pick(EpicorChart.costCenters).code
        let site = random.chance(0.5) ? "10" : "20"
        var distribution = EpicorRecord(store.table("APInvExp").schema, company: store.company)
        distribution["VendorNum"] = .int(supplier.number)
        distribution["InvoiceNum"] = .string(invoiceNum)
        distribution["InvoiceLine"] = .int(offset + 1)
        distribution["InvExpSeq"] = .int(1)
        distribution["GLAccount"] = .string("\(item.account)|\(center)|\(site)")
        distribution["DocExpAmt"] = .decimal(docExt)
        distribution["ExpAmt"] = .decimal(ext)
        distributions.append(distribution)
      }

      // Payments for about 60% of posted invoices, one in ten of them partial.
      var docPaid = Decimal(0), paid = Decimal(0)
      var payment: (check: EpicorRecord, application: EpicorRecord)?
      if posted && random.chance(0.6) {
        let dueDate = invoiceDate.adding(days: EpicorCurrencies.termDays[supplier.terms] ?? 30)
        let checkDate = min(dueDate.adding(days: random.int(in: -5...3)), Self.end.startOfDay)
        docPaid = random.chance(0.1) ? Money.rounded(docAmount / 2, scale: scale) : docAmount
        paid = docPaid == docAmount ? amount : Money.rounded(docPaid * rate, scale: 2)
        let runStamp = checkDate.adding(seconds: 63_000)
        let paymentChange = runStamp > Self.end ? Self.end : runStamp
        var check = EpicorRecord(store.table("CheckHed").schema, company: store.company)
        check["HeadNum"] = .int(nextHead)
        check["VendorNum"] = .int(supplier.number)
        check["VendorNumVendorID"] = .string(supplier.vendorID)
        check["VendorNumName"] = .string(supplier.name)
        check["CheckNum"] = .int(nextCheck)
        check["CheckDate"] = .dateTime(checkDate)
        check["CheckAmt"] = .decimal(paid)
        check["DocCheckAmt"] = .decimal(docPaid)
        check["CurrencyCode"] = .string(supplier.currency)
        check["BankAcctID"] = .string(supplier.currency == "USD" ? "CHK01" : "FX-\(supplier.currency)")
        check["Posted"] = .bool(true)
        check["ChangedBy"] = .string("manager")
        check["ChangeDate"] = .dateTime(paymentChange)
        var application = EpicorRecord(store.table("APTran").schema, company: store.company)
        application["TranType"] = .string("Pay")
        application["HeadNum"] = .int(nextHead)
        application["InvoiceNum"] = .string(invoiceNum)
        application["Posted"] = .bool(true)
        application["TranAmt"] = .decimal(paid)
        application["DocTranAmt"] = .decimal(docPaid)
        application["Description"] = .string("PO \(poNum)")
        application["BankAcctID"] = check["BankAcctID"]
        application["CheckNum"] = .int(nextCheck)
        application["TranDate"] = .dateTime(checkDate)
        application["VendorNum"] = .int(supplier.number)
        application["CurrencyCode"] = .string(supplier.currency)
        application["ChangedBy"] = .string("manager")
        application["ChangeDate"] = .dateTime(paymentChange)
        payment = (check, application)
        nextHead += 1
        nextCheck += 1
      }

      var invoice = EpicorRecord(store.table("APInvHed").schema, company: store.company)
      invoice["VendorNum"] = .int(supplier.number)
      invoice["VendorNumVendorID"] = .string(supplier.vendorID)
      invoice["VendorNumName"] = .string(supplier.name)
      invoice["InvoiceNum"] = .string(invoiceNum)
      invoice["InvoiceDate"] = .dateTime(invoiceDate)
      invoice["DueDate"] = .dateTime(invoiceDate.adding(days: EpicorCurrencies.termDays[supplier.terms] ?? 30))
      invoice["ApplyDate"] = .dateTime(invoiceDate)
      invoice["InvoiceAmt"] = .decimal(amount)
      invoice["DocInvoiceAmt"] = .decimal(docAmount)
      invoice["InvoiceVendorAmt"] = .decimal(amount)
      invoice["DocInvoiceVendorAmt"] = .decimal(docAmount)
      invoice["ScrDocInvoiceVendorAmt"] = .decimal(docAmount)
      invoice["InvoiceBal"] = .decimal(amount - paid)
      invoice["DocInvoiceBal"] = .decimal(docAmount - docPaid)
      invoice["GroupID"] = .string(groupID)
      invoice["Posted"] = .bool(posted)
      invoice["OpenPayable"] = .bool(docAmount != docPaid)
      invoice["TermsCode"] = .string(supplier.terms)
      invoice["CurrencyCode"] = .string(supplier.currency)
      invoice["REFPONum"] = .int(poNum)
      invoice["Description"] = .string("Bestellung / order \(poNum)")
      invoice["FiscalYear"] = .int(invoiceDate.civil.year)
      invoice["ChangedBy"] = .string(invoiceUser)
      invoice["ChangeDate"] = .dateTime(invoiceChange)
      invoice["SysRevID"] = .int(store.nextRevision())
      store.seed("APInvHed", invoice.values)
      for var line in invoiceLines {
        line["SysRevID"] = .int(store.nextRevision())
        store.seed("APInvDtl", line.values)
      }
      for var distribution in distributions {
        distribution["SysRevID"] = .int(store.nextRevision())
        store.seed("APInvExp", distribution.values)
      }
      if var payment {
        payment.check["SysRevID"] = .int(store.nextRevision())
        store.seed("CheckHed", payment.check.values)
        payment.application["SysRevID"] = .int(store.nextRevision())
        store.seed("APTran", payment.application.values)
      }
    }
  }

  /// A supplier-style invoice number, unique per supplier: `RE-2025-00417`, `F2025/0417`,
  /// `INV-000417`, `417`.
  static func invoiceNumber(_ supplier: Supplier, counter: Int, year: Int, random: inout SplitMix64) -> String {
    switch supplier.number % 4 {
    case 0: return "INV-\(String(counter).leftPadded(6))"
    case 1: return "RE-\(year)-\(String(counter).leftPadded(5))"
    case 2: return "F\(year)/\(String(counter).leftPadded(4))"
    default: return String(counter)
    }
  }
}
