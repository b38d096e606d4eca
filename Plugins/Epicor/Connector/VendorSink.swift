import MLCPluginKit

/// Writes canonical vendors to `Erp.BO.VendorSvc`: look up by vendor ID, then create
/// (`GetNewVendor` → set columns → `Update`), update (`GetByID` → set columns, `RowMod` "U"
/// → `Update`) or skip when Epicor already holds the same values.
///
/// Epicor has no idempotency key, so the look-up by `VendorID` is what keeps a resent
/// vendor from becoming a duplicate (Epicor also refuses a duplicate ID). Method names and
/// the `ds` round trip from SYSTEMS.md §1.6 [V SNO: `GetNewVendor {"ds":{}}`, `Update`].
struct VendorSink {
  let client: EpicorClient
  let vendors: VendorDirectory

  private var service: String { EpicorEntity.vendor.service }

  /// Writes one canonical vendor: inserted, updated or skipped (see the type).
  func write(_ record: CanonicalInput) throws -> SinkResult {
    let code = try record.required("code", entity: "vendor")
    let wanted = columns(record)
    var query = ODataQuery()
    query.add("$filter", "VendorID eq \(ODataQuery.quoted(code))")
    query.add("$top", "2")
    if let existing = try client.lookup(service, EpicorEntity.vendor.entitySet, query).first,
       let number = existing.int("VendorNum") {
      let key = CanonicalKey.make(client.config.company, [String(number)])
      vendors.remember(number: number, id: code)
      let changed = wanted.filter { name, value in value != nil && existing.value(name) != value }
      guard !changed.isEmpty else { return .skipped(key, "vendor \(code) is already up to date in Epicor") }
      var ds = try Tableset(response: client.invoke(service, "GetByID", ["vendorNum": .number(String(number))]),
                            what: "VendorSvc/GetByID")
      guard !ds.rows("Vendor").isEmpty else { return .failed("Epicor's GetByID returned no Vendor row for VendorNum \(number)") }
      ds.set("Vendor", row: 0, changed + [("RowMod", .string("U"))])
      _ = try client.invoke(service, "Update", ["ds": ds.json])
      return .updated(key, "changed " + changed.map(\.0).joined(separator: ", "))
    }
    var ds = try Tableset(response: client.invoke(service, "GetNewVendor", ["ds": Tableset().json]), what: "VendorSvc/GetNewVendor")
    guard let row = ds.newRowIndex("Vendor") else { return .failed("Epicor's GetNewVendor returned no new Vendor row") }
    ds.set("Vendor", row: row, wanted)
    let saved = try Tableset(response: client.invoke(service, "Update", ["ds": ds.json]), what: "VendorSvc/Update")
    guard let number = saved.rows("Vendor").first(where: { $0.string("VendorID") == code })?.int("VendorNum")
      ?? saved.rows("Vendor").last?.int("VendorNum") else {
      return .failed("Epicor's Update did not return the new vendor's VendorNum")
    }
    vendors.remember(number: number, id: code)
    return .inserted(CanonicalKey.make(client.config.company, [String(number)]))
  }

  /// The Vendor columns the canonical vendor sets; nil where the record says nothing.
  private func columns(_ record: CanonicalInput) -> [(String, JSONValue?)] {
    let address = record.object("address")
    return [
      ("VendorID", .text(record.string("code"))),
      ("Name", .text(record.string("name"))),
      ("Address1", .text(address.string("line1"))),
      ("Address2", .text(address.string("line2"))),
      ("Address3", .text(address.string("line3"))),
      ("City", .text(address.string("city"))),
      ("State", .text(address.string("region"))),
      ("ZIP", .text(address.string("postal_code"))),
      ("Country", .text(CountryCode.epicorName(address.string("country")))),
      ("EMailAddress", .text(record.string("email"))),
      ("PhoneNum", .text(record.string("phone"))),
      ("TaxPayerID", .text(record.string("tax_id"))),
      ("TermsCode", .text(record.string("terms_code"))),
      ("CurrencyCode", .text(record.string("currency"))),
      ("Inactive", record.bool("active").map { .bool(!$0) }),
    ]
  }
}
