import Foundation
import MLCSandboxKit

/// Builds the sandbox's deterministic seed data from a record count and a seed.
///
/// `records` purchase orders (1–5 lines each) over a date span that grows with the count
/// (about 150 orders a day, ending 2026-01-31), suppliers (`records / 20`, at least 5) from
/// several countries with non-ASCII names, parts, the `MAINBOOK` chart of accounts with
/// cost centers as segment 2, invoices with lines and GL distribution for most orders,
/// payments for many posted invoices, and AP invoice groups for the unposted ones.
///
/// Many rows deliberately share a `ChangeDate` to the second: nightly batch jobs (02:00:00),
/// AP posting runs (22:00:00), payment runs (17:30:00) and a mass price update on parts, so
/// clients paging by change date meet ties across page boundaries. Each table draws from its
/// own forked generator, so changing one table's seeding doesn't reshuffle the others.
struct EpicorSeeder {
  let records: Int
  let seed: UInt64

  /// The last day of seeded activity; sandbox writes happen "now", after it.
  static let end = SandboxDateTime(year: 2026, month: 1, day: 31, hour: 18)

  static let users = ["manager", "jsmith", "mkrueger", "aokafor", "slindqvist", "hdupre", "tyamada"]
  static let buyers = ["JSMITH", "MKRUEGER", "AOKAFOR", "SLINDQVI", "HDUPRE"]

  /// A seeded supplier, kept for transactions.
  struct Supplier {
    let number: Int
    let vendorID: String
    let name: String
    let currency: String
    let terms: String
    let country: SeededNames.Country
  }

  /// A seeded part, kept for transactions.
  struct Item {
    let number: String
    let description: String
    let uom: String
    let price: Decimal
    let account: String
  }

  func seed(_ store: EpicorStore) {
    let root = SplitMix64(seed: seed)
    seedChart(store)
    var partRandom = root.fork(2)
    let items = seedParts(store, &partRandom)
    var vendorRandom = root.fork(1)
    let suppliers = seedVendors(store, &vendorRandom)
    var orderRandom = root.fork(3)
    seedTransactions(store, suppliers: suppliers, items: items, random: &orderRandom)
  }

  /// `MAINBOOK`: segment values for all three segments (one cost center inactive) and the
  /// account combinations, a few inactive.
  private func seedChart(_ store: EpicorStore) {
    var random = SplitMix64(seed: seed).fork(4)
    let segments: [(Int, [(code: String, name: String)])] = [
      (1, EpicorChart.naturalAccounts), (2, EpicorChart.costCenters + [("900", "Alte Kostenstelle – stillgelegt")]), (3, EpicorChart.sites),
    ]
    for (number, values) in segments {
      for value in values {
        var row = EpicorRecord(store.table("COASegValues").schema, company: store.company)
        row["COACode"] = .string(EpicorChart.coaCode)
        row["SegmentNbr"] = .int(number)
        row["SegmentCode"] = .string(value.code)
        row["SegmentName"] = .string(value.name)
        row["SegmentDesc"] = .string("\(EpicorChart.segmentNames[number]!) \(value.code): \(value.name)")
        row["Active"] = .bool(value.code != "900")
        row["SysRevID"] = .int(store.nextRevision())
        store.seed("COASegValues", row.values)
      }
    }
    for natural in EpicorChart.naturalAccounts {
      for center in EpicorChart.costCenters {
        for site in EpicorChart.sites.prefix(2) where natural.code != "2000" || (center.code == "100" && site.code == "10") {
          var row = EpicorRecord(store.table("GLAccount").schema, company: store.company)
          let stored = "\(natural.code)|\(center.code)|\(site.code)"
          row["COACode"] = .string(EpicorChart.coaCode)
          row["GLAccount1"] = .string(stored)
          row["AccountDesc"] = .string("\(natural.name) – \(center.name)")
          row["SegValue1"] = .string(natural.code)
          row["SegValue2"] = .string(center.code)
          row["SegValue3"] = .string(site.code)
          row["Active"] = .bool(stored == EpicorChart.defaultExpenseAccount || !random.chance(0.05))
          row["EffFrom"] = .dateTime(SandboxDateTime(year: 2020, month: 1, day: 1))
          row["GLAcctDispGLAcctDisp"] = .string(EpicorChart.displayForm(stored))
          row["GLAcctDispGLShortAcct"] = .string(EpicorChart.displayForm(stored))
          row["SysRevID"] = .int(store.nextRevision())
          store.seed("GLAccount", row.values)
        }
      }
    }
  }

  private static let partClasses: [(prefix: String, classID: String, account: String, uoms: [String], words: [String])] = [
    ("RM", "RAW", "5000", ["KG", "M", "EA"], ["Stahlblech 2 mm", "Aluminiumprofil 40×40", "Kupferdraht Ø1,5", "Granulé PP naturel", "Rundstahl S235 Ø20"]),
    ("FS", "RAW", "5000", ["EA", "BOX"], ["Sechskantschraube M8×40 verzinkt", "Écrou hexagonal M10", "Unterlegscheibe DIN 125", "Blindniet 4×10"]),
    ("SC", "SUB", "5100", ["EA"], ["Pulverbeschichtung RAL 7035", "Laserschneiden Auftrag", "Galvanisation à chaud", "Wärmebehandlung"]),
    ("OF", "OFF", "6100", ["BOX", "EA"], ["Kopierpapier A4 80 g", "Cartouche d'encre noire", "Ordner breit", "コピー用紙 A4"]),
    ("MR", "MRO", "6200", ["EA", "L"], ["Hydrauliköl HLP 46", "Kugellager 6204-2RS", "Courroie trapézoïdale SPZ", "Schmierfett Lithium"]),
    ("FR", "FRT", "6300", ["EA"], ["Frakt Malmö–Göteborg", "Transport palette Lyon", "Expressversand 24h"]),
    ("IT", "IT", "6400", ["EA"], ["Softwarelizenz (Jahr)", "Support réseau – forfait", "Notebook 14\" Ersatzakku"]),
  ]

  /// Parts: about one per 20 orders (20–5000), with class-dependent units, prices and default
  /// expense accounts; a third share one `ChangedOn` from a mass price update.
  private func seedParts(_ store: EpicorStore, _ random: inout SplitMix64) -> [Item] {
    let count = min(5000, max(20, records / 20))
    let priceUpdate = SandboxDateTime(year: 2025, month: 6, day: 1, hour: 3)
    var items: [Item] = []
    items.reserveCapacity(count)
    for index in 0..<count {
      let kind = Self.partClasses[index % Self.partClasses.count]
      let number = "\(kind.prefix)-\(10000 + index)"
      let description = random.pick(kind.words)
      let uom = random.pick(kind.uoms)
      let price = Money.random(&random, min: 0.5, max: kind.classID == "SUB" || kind.classID == "IT" ? 2500 : 180, scale: 2)
      let created = SandboxDateTime(year: 2023, month: 1, day: 1).adding(days: random.int(in: 0...700)).adding(seconds: Int64(random.int(in: 28_800...64_800)))
      var row = EpicorRecord(store.table("Part").schema, company: store.company)
      row["PartNum"] = .string(number)
      row["PartDescription"] = .string(description)
      row["TypeCode"] = .string("P")
      row["ClassID"] = .string(kind.classID)
      row["IUM"] = .string(uom)
      row["PUM"] = .string(uom)
      row["InActive"] = .bool(random.chance(0.04))
      row["UnitPrice"] = .decimal(price)
      row["CreatedOn"] = .dateTime(created)
      row["ChangedOn"] = .dateTime(random.chance(0.33) && created < priceUpdate ? priceUpdate : created.adding(days: random.int(in: 0...30)))
      row["SysRevID"] = .int(store.nextRevision())
      store.seed("Part", row.values)
      items.append(Item(number: number, description: description, uom: uom, price: price, account: kind.account))
    }
    return items
  }

  /// Suppliers: `records / 20`, at least 5, from the country profiles of `SeededNames`.
  private func seedVendors(_ store: EpicorStore, _ random: inout SplitMix64) -> [Supplier] {
    let count = max(5, records / 20)
    var suppliers: [Supplier] = []
    var usedIDs = Set<String>()
    for number in 1...count {
      let country = SeededNames.country(&random)
      let name = SeededNames.companyName(in: country, &random)
      let address = SeededNames.address(in: country, &random)
      var stem = SeededNames.asciiSlug(name).replacingOccurrences(of: "-", with: "").uppercased()
      if stem.count < 3 { stem = country.code + "SUP" }
      var vendorID = String(stem.prefix(6))
      var suffix = 1
      while usedIDs.contains(vendorID) {
        suffix += 1
        vendorID = String(stem.prefix(6)) + String(suffix).leftPadded(2)
      }
      usedIDs.insert(vendorID)
      let terms = random.pick(EpicorCurrencies.termCodes)
      var row = EpicorRecord(store.table("Vendor").schema, company: store.company)
      row["VendorNum"] = .int(number)
      row["VendorID"] = .string(vendorID)
      row["Name"] = .string(name)
      row["Address1"] = .string(address.line1)
      row["Address2"] = .string(address.line2)
      row["City"] = .string(address.city)
      row["State"] = .string(address.region)
      row["ZIP"] = .string(address.postalCode)
      row["Country"] = .string(EpicorCurrencies.countryNames[country.code] ?? country.code)
      row["EMailAddress"] = .string(SeededNames.email(for: name, in: country, &random))
      row["PhoneNum"] = .string(SeededNames.phone(in: country, &random))
      row["TermsCode"] = .string(terms)
      row["CurrencyCode"] = .string(country.currency)
      row["GroupCode"] = .string(random.pick(["MAT", "SVC", "MRO", "LOG"]))
      row["TaxPayerID"] = .string("\(country.code)\(random.int(in: 100_000_000...999_999_999))")
      row["Inactive"] = .bool(random.chance(0.05))
      row["SysRevID"] = .int(store.nextRevision())
      store.seed("Vendor", row.values)
      suppliers.append(Supplier(number: number, vendorID: vendorID, name: name, currency: country.currency, terms: terms, country: country))
    }
    return suppliers
  }
}
