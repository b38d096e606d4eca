import MLCPluginKit

extension RecordBuilder {
  /// Writes a vendor's `data` and `refs`. Each edit moves its payment terms on, so a
  /// changed vendor always differs from its previous version.
  mutating func writeVendor(_ index: Int, edits: Int) {
    let countryIndex = world.vendorCountry(index)
    let country = VendorCountry.all[countryIndex]
    var random = world.random(.vendor, index)
    _ = random.next()  // The draw `vendorCountry` used for the country.
    let surname = random.pick(country.surnames)
    let trade = random.pick(country.trades)
    let form = random.pick(country.legalForms)
    let name: String
    let slug: String
    if index < FeaturedVendor.all.count {
      name = FeaturedVendor.all[index].name
      slug = FeaturedVendor.all[index].slug
    } else {
      name = country.name(surname: surname.name, trade: trade, form: form)
      slug = surname.slug
    }
    let city = random.pick(country.cities)
    let street = random.pick(country.streets)
    let house = random.within(1...240)
    let line2 = random.chance(20) ? random.within(1...12) : nil
    let active = random.chance(96)
    let last4 = random.below(10_000)
    let terms = (world.vendorTerms(index) + edits) % ItemCatalog.termsCodes.count
    let method = world.vendorPaymentMethod(index)

    writer.key("data")
    writer.beginObject()
    writer.key("code")
    writeVendorCode(index)
    writer.field("name", name)
    writer.field("legal_name", name)
    writer.key("tax_id")
    writeAssembled { bytes in Self.appendPattern(country.taxPattern, digitsFrom: &random, to: &bytes) }
    writer.key("email")
    writeAssembled { bytes in
      Self.append("ap@", to: &bytes)
      bytes.append(contentsOf: slug.utf8)
      if index >= FeaturedVendor.all.count {
        bytes.append(UInt8(ascii: "-"))
        DecimalDigits.append(index + 1, to: &bytes)
      }
      bytes.append(UInt8(ascii: "."))
      bytes.append(contentsOf: country.domain.utf8)
    }
    writer.key("phone")
    writeAssembled { bytes in
      bytes.append(contentsOf: country.phonePrefix.utf8)
      bytes.append(UInt8(ascii: " "))
      DecimalDigits.append(random.within(1_000_000...9_999_999), to: &bytes)
    }
    writer.key("address")
    writer.beginObject()
    writer.key("line1")
    writeAssembled { bytes in
      for byte in street.utf8 {
        if byte == UInt8(ascii: "#") {
          DecimalDigits.append(house, to: &bytes)
        } else {
          bytes.append(byte)
        }
      }
    }
    if let line2 {
      writer.key("line2")
      writeAssembled { bytes in
        bytes.append(contentsOf: country.line2Prefix.utf8)
        DecimalDigits.append(line2, to: &bytes)
      }
    }
    writer.field("city", city.name)
    writer.field("region", city.region)
    writer.field("postal_code", city.postalCode)
    writer.field("country", country.code)
    writer.endObject()
    writer.field("terms_code", ItemCatalog.termsCodes[terms])
    writer.field("currency", country.currency)
    writer.field("active", bool: active)
    writer.key("payment")
    writer.beginObject()
    writer.field("method", ItemCatalog.paymentMethods[method])
    if method != 0 {
      writer.key("bank_account_last4")
      writeCode("", last4, width: 4)
    }
    writer.endObject()
    writer.endObject()
    writeNoRefs()
  }

  /// Appends `pattern` with each `#` replaced by a random digit (tax ids).
  static func appendPattern(_ pattern: String, digitsFrom random: inout RecordRandom, to bytes: inout [UInt8]) {
    for byte in pattern.utf8 {
      bytes.append(byte == UInt8(ascii: "#") ? UInt8(ascii: "0") + UInt8(random.below(10)) : byte)
    }
  }
}
