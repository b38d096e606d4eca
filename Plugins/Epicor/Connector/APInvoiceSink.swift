import MLCPluginKit

/// Writes canonical AP invoices to `Erp.BO.APInvoiceSvc` the way AP Invoice Entry does
/// (SYSTEMS.md §1.6 [V EPI-AP flow, SNO method shapes]):
/// `GetNewAPInvHedInvoice {cGroupID, ds}` → set the header → `Update`; then per line
/// `GetNewAPInvDtl {ds, vendorNum, invoiceNum}` → set the line → `UpdateMaster`; then the GL
/// account of each line's distribution (`GetByID` → `APInvExp.GLAccount`, `RowMod` "U" →
/// `Update`). The entry group is created (`APInvGrpSvc/GetNewAPInvGrpNoLock` → `Update`)
/// when Epicor says it does not exist.
///
/// Epicor has no idempotency key, so every write starts with a look-up by vendor and invoice
/// number. An invoice already there is skipped when it matches; an unposted one that lacks
/// lines (an earlier write stopped half-way) gets the missing lines, and one whose header
/// differs is updated; a posted one that differs fails, since Epicor changes posted invoices
/// only through memos. The vendor code resolves to `VendorNum` by `VendorID`; an unknown
/// vendor holds the invoice. The PO reference is set only when the id map knows the
/// purchase order's Epicor key.
struct APInvoiceSink {
  let client: EpicorClient
  let vendors: VendorDirectory
  let host: PluginHost
  let accounts: GLAccountResolver

  static let service = EpicorEntity.apInvoice.service
  private var config: EpicorConfig { client.config }

  /// Writes one canonical invoice: held, skipped, updated or inserted (see the type).
  func write(_ record: CanonicalInput) throws -> SinkResult {
    let number = try record.required("number", entity: "ap_invoice")
    let vendorCode = try record.required("vendor_code", entity: "ap_invoice")
    guard let vendorNum = try vendors.number(ofID: vendorCode) else {
      return .held("vendor \"\(vendorCode)\" (data.vendor_code of ap_invoice \(record.key)) is not in Epicor company \(config.company); the invoice is retried once the vendor has been delivered")
    }
    let key = CanonicalKey.make(config.company, [String(vendorNum), CanonicalKey.escape(number)])
    let lines = record.objects("lines").sorted { ($0.int("line") ?? 0) < ($1.int("line") ?? 0) }
    var accountsByLine: [String?] = []
    for (offset, line) in lines.enumerated() {
      guard let code = line.string("gl_account_code") else {
        accountsByLine.append(nil)
        continue
      }
      guard let account = try accounts.storedAccount(code) else {
        return .held("GL account \"\(code)\" (line \(line.int("line") ?? offset + 1) of ap_invoice \(record.key)) is not an account of Epicor company \(config.company); map it with `mlc map set \(GLAccountResolver.mappingTable) \(code) <Epicor account>` and the invoice is retried")
      }
      accountsByLine.append(account)
    }
    var query = ODataQuery()
    query.add("$filter", "VendorNum eq \(vendorNum) and InvoiceNum eq \(ODataQuery.quoted(number))")
    query.add("$expand", "APInvDtls")
    query.add("$top", "1")
    if let existing = try client.lookup(Self.service, EpicorEntity.apInvoice.entitySet, query).first {
      return try reconcile(existing, record, lines: lines, accounts: accountsByLine, vendorNum: vendorNum, number: number, key: key)
    }
    var ds = try newHeader()
    guard let row = ds.newRowIndex("APInvHed") else { return .failed("Epicor's GetNewAPInvHedInvoice returned no new APInvHed row") }
    ds.set("APInvHed", row: row, [
      ("InvoiceNum", .string(number)), ("VendorNum", .number(String(vendorNum))), ("VendorNumVendorID", .string(vendorCode)),
      ("InvoiceDate", .date(record.string("invoice_date"))), ("DueDate", .date(record.string("due_date"))),
      ("CurrencyCode", .text(record.string("currency"))), ("ScrDocInvoiceVendorAmt", .decimal(record.decimal("amount"))),
      ("Description", .text(record.string("description"))), ("REFPONum", .int(try epicorPONumber(record))),
    ])
    ds = try Tableset(response: client.invoke(Self.service, "Update", ["ds": ds.json]), what: "APInvoiceSvc/Update")
    try addLines(lines[...], accounts: accountsByLine[...], to: ds, vendorNum: vendorNum, number: number)
    return .inserted(key)
  }

  /// Brings an invoice that is already in Epicor in line with the record, or says why not.
  private func reconcile(_ existing: EpicorRow, _ record: CanonicalInput, lines: [CanonicalInput], accounts: [String?],
                         vendorNum: Int, number: String, key: String) throws -> SinkResult {
    let stored = existing.children("APInvDtls")
    let amount = record.decimal("amount")
    // The vendor's invoice total as entered (`ScrDocInvoiceVendorAmt` sets it), which can
    // differ from the sum of the lines (`DocInvoiceAmt`) by tax and charges.
    let storedAmount = existing.decimal("DocInvoiceVendorAmt").flatMap { DecimalText.isZero($0) ? nil : $0 }
      ?? existing.decimal("DocInvoiceAmt")
    let sameAmount = amount == nil || storedAmount.map { DecimalText.equal($0, amount!) } == true
    if existing.bool("Posted") == true {
      if sameAmount { return .skipped(key, "invoice \(number) is already posted in Epicor") }
      return .failed("invoice \(number) of vendor \(record.string("vendor_code") ?? "?") is posted in Epicor with amount \(storedAmount ?? "?"), not \(amount ?? "?"); Epicor does not change posted invoices: enter a debit or credit memo", key: key)
    }
    var changed: [(String, JSONValue?)] = []
    if let date = record.string("invoice_date"), existing.date("InvoiceDate") != date { changed.append(("InvoiceDate", .date(date))) }
    if let date = record.string("due_date"), existing.date("DueDate") != date { changed.append(("DueDate", .date(date))) }
    if let text = record.string("description"), existing.string("Description") != text { changed.append(("Description", .string(text))) }
    if !sameAmount { changed.append(("ScrDocInvoiceVendorAmt", .decimal(amount))) }
    let missingLines = stored.count < lines.count
    if changed.isEmpty && !missingLines { return .skipped(key, "invoice \(number) is already in Epicor") }
    var notes: [String] = []
    if !changed.isEmpty {
      var ds = try Tableset(response: client.invoke(Self.service, "GetByID", ["vendorNum": .number(String(vendorNum)), "invoiceNum": .string(number)]),
                            what: "APInvoiceSvc/GetByID")
      ds.set("APInvHed", row: 0, changed + [("RowMod", .string("U"))])
      _ = try client.invoke(Self.service, "Update", ["ds": ds.json])
      notes.append("changed " + changed.map(\.0).joined(separator: ", "))
    }
    if missingLines {
      let ds = try Tableset(response: client.invoke(Self.service, "GetByID", ["vendorNum": .number(String(vendorNum)), "invoiceNum": .string(number)]),
                            what: "APInvoiceSvc/GetByID")
      try addLines(lines[stored.count...], accounts: accounts[stored.count...], to: ds, vendorNum: vendorNum, number: number)
      notes.append("added lines \(stored.count + 1)–\(lines.count) to the unposted invoice")
    }
    return .updated(key, notes.joined(separator: "; "))
  }

  /// A tableset with a new invoice header in the configured group, creating the group when
  /// Epicor says it is missing.
  private func newHeader() throws -> Tableset {
    let parameters: [String: JSONValue] = ["cGroupID": .string(config.invoiceGroup), "ds": Tableset().json]
    do {
      return try Tableset(response: client.invoke(Self.service, "GetNewAPInvHedInvoice", parameters), what: "APInvoiceSvc/GetNewAPInvHedInvoice")
    } catch let failure as EpicorFailure where failure.fields.contains(where: { $0.hasSuffix("GroupID") })
      || failure.message.lowercased().contains("group") {
      try createGroup()
      return try Tableset(response: client.invoke(Self.service, "GetNewAPInvHedInvoice", parameters), what: "APInvoiceSvc/GetNewAPInvHedInvoice")
    }
  }

  /// Creates AP invoice group `ap_invoice_group` [V EPI-AP: `GetNewAPInvGrpNoLock` → set
  /// `GroupID` → `Update`].
  private func createGroup() throws {
    let groupService = "Erp.BO.APInvGrpSvc"
    var ds = try Tableset(response: client.invoke(groupService, "GetNewAPInvGrpNoLock", ["ds": Tableset().json]),
                          what: "APInvGrpSvc/GetNewAPInvGrpNoLock")
    guard let row = ds.newRowIndex("APInvGrp") else { throw PluginError.fatal("epicor: GetNewAPInvGrpNoLock returned no new APInvGrp row") }
    ds.set("APInvGrp", row: row, [("GroupID", .string(config.invoiceGroup))])
    _ = try client.invoke(groupService, "Update", ["ds": ds.json])
    host.log(.info, "created AP invoice group \(config.invoiceGroup) in Epicor company \(config.company)")
  }

  /// Adds `lines` to the invoice in `ds`, one `GetNewAPInvDtl` → `UpdateMaster` each, then
  /// codes their GL distribution.
  private func addLines(_ lines: ArraySlice<CanonicalInput>, accounts: ArraySlice<String?>, to start: Tableset, vendorNum: Int,
                        number: String) throws {
    var ds = start
    for line in lines {
      ds = try Tableset(response: client.invoke(Self.service, "GetNewAPInvDtl",
                                                ["ds": ds.json, "vendorNum": .number(String(vendorNum)), "invoiceNum": .string(number)]),
                        what: "APInvoiceSvc/GetNewAPInvDtl")
      guard let row = ds.newRowIndex("APInvDtl") else { throw PluginError.fatal("epicor: GetNewAPInvDtl returned no new APInvDtl row") }
      let quantity = line.decimal("quantity") ?? "1"
      let unitCost = line.decimal("unit_cost") ?? (line.decimal("quantity") == nil ? line.decimal("amount") : nil)
      ds.set("APInvDtl", row: row, [
        ("Description", .text(line.string("description") ?? line.string("part_code"))), ("PartNum", .text(line.string("part_code"))),
        ("ScrVendorQty", .decimal(quantity)), ("VendorQty", .decimal(quantity)), ("DocUnitCost", .decimal(unitCost)),
      ])
      ds = try Tableset(response: client.invoke(Self.service, "UpdateMaster", [
        "ds": ds.json, "cGroupID": .string(config.invoiceGroup), "cTableName": .string("APInvDtl"),
        "runChkCPay": .bool(false), "runChkBankRef": .bool(false), "runChkRevChrg": .bool(false), "suppressUserPrompts": .bool(false),
      ]), what: "APInvoiceSvc/UpdateMaster")
    }
    try codeDistribution(accounts, vendorNum: vendorNum, number: number)
  }

  /// Sets the first GL distribution row of each new line to the line's resolved account
  /// (stored form) where it differs from the default Epicor gave the line. `accounts` runs
  /// parallel to the lines just added, which are the invoice's last lines.
  private func codeDistribution(_ accounts: ArraySlice<String?>, vendorNum: Int, number: String) throws {
    guard accounts.contains(where: { $0 != nil }) else { return }
    var ds = try Tableset(response: client.invoke(Self.service, "GetByID", ["vendorNum": .number(String(vendorNum)), "invoiceNum": .string(number)]),
                          what: "APInvoiceSvc/GetByID")
    let epicorLines = Array(ds.rows("APInvDtl").compactMap { $0.int("InvoiceLine") }.sorted().suffix(accounts.count))
    let expenses = ds.rows("APInvExp")
    var changed = false
    for (target, account) in zip(epicorLines, accounts) {
      guard let account,
            let index = expenses.indices.filter({ expenses[$0].int("InvoiceLine") == target })
              .min(by: { (expenses[$0].int("InvExpSeq") ?? 0) < (expenses[$1].int("InvExpSeq") ?? 0) }),
            expenses[index].string("GLAccount") != account else { continue }
      ds.set("APInvExp", row: index, [("GLAccount", .string(account)), ("RowMod", .string("U"))])
      changed = true
    }
    if changed { _ = try client.invoke(Self.service, "Update", ["ds": ds.json]) }
  }

  /// The Epicor PO number of the record's purchase order, when the id map has delivered it.
  private func epicorPONumber(_ record: CanonicalInput) throws -> Int? {
    guard let source = record.ref("purchase_order"), let target = try host.lookup(entity: "purchase_order", sourceKey: source),
          let parts = CanonicalKey.parts(target, company: config.company), parts.count == 1 else { return nil }
    return Int(parts[0])
  }
}
