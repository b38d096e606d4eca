import MLCPluginKit

/// `Erp.BO.VendorSvc/Vendors` rows → canonical `vendor`.
///
/// Columns from `VendorRow` (SYSTEMS.md §1.3 [V SNO]): `VendorID` is the code people use
/// (the canonical `code`), `VendorNum` the internal key (in the record key), `ZIP` (not
/// `Zip`), `State`, `EMailAddress`, `PhoneNum`, `TaxPayerID`, `TermsCode`, `CurrencyCode`,
/// `Inactive`. Epicor keeps no change time on vendors, only `SysRevID`.
struct VendorMapping: RecordMapping {
  var entity: EpicorEntity { .vendor }

  func writeData(_ row: EpicorRow, _ context: MappingContext, to writer: inout JSONWriter) throws {
    if let number = row.int("VendorNum"), let id = row.string("VendorID") { context.vendors.remember(number: number, id: id) }
    writer.field("code", ifPresent: row.string("VendorID"))
    writer.field("name", ifPresent: row.string("Name"))
    writer.field("legal_name", ifPresent: row.string("LegalName"))
    writer.field("tax_id", ifPresent: row.string("TaxPayerID"))
    writer.field("email", ifPresent: row.string("EMailAddress"))
    writer.field("phone", ifPresent: row.string("PhoneNum"))
    writer.key("address")
    writer.beginObject()
    writer.field("line1", ifPresent: row.string("Address1"))
    writer.field("line2", ifPresent: row.string("Address2"))
    writer.field("line3", ifPresent: row.string("Address3"))
    writer.field("city", ifPresent: row.string("City"))
    writer.field("region", ifPresent: row.string("State"))
    writer.field("postal_code", ifPresent: row.string("ZIP"))
    writer.field("country", ifPresent: CountryCode.iso(row.string("Country")))
    writer.endObject()
    writer.field("terms_code", ifPresent: row.string("TermsCode"))
    writer.field("currency", ifPresent: row.string("CurrencyCode"))
    writer.field("active", ifPresent: row.bool("Inactive").map { !$0 })
  }
}
