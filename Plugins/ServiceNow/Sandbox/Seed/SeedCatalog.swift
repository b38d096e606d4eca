/// The fixed reference data the sandbox seeds: users, cost centers and suppliers, with the
/// non-ASCII names real instances hold (and connectors mangle when they get encodings wrong).
enum SeedCatalog {
  /// A requester: user name, first and last name.
  struct Person {
    let userName: String
    let first: String
    let last: String
  }

  /// A supplier: ERP code, name, country, currency.
  struct Supplier {
    let code: String
    let name: String
    let city: String
    let country: String
    let currency: String
  }

  static let people: [Person] = [
    Person(userName: "asa.lindqvist", first: "Åsa", last: "Lindqvist"),
    Person(userName: "jose.alvarez", first: "José", last: "Álvarez"),
    Person(userName: "zoe.mueller", first: "Zoë", last: "Müller"),
    Person(userName: "soren.hald", first: "Søren", last: "Hald"),
    Person(userName: "amelie.dubois", first: "Amélie", last: "Dubois"),
    Person(userName: "kenji.tanaka", first: "健二", last: "田中"),
    Person(userName: "priya.raman", first: "Priya", last: "Raman"),
    Person(userName: "lukasz.nowak", first: "Łukasz", last: "Nowak"),
    Person(userName: "siobhan.obrien", first: "Siobhán", last: "O'Brien"),
    Person(userName: "marcus.reed", first: "Marcus", last: "Reed"),
  ]

  /// Cost centers: code and name.
  static let costCenters: [(code: String, name: String)] = [
    ("CC-100", "Operations"), ("CC-200", "Maintenance & Repair"), ("CC-300", "IT Infrastructure"),
    ("CC-400", "Facilities"), ("CC-500", "Research & Development"),
  ]

  static let suppliers: [Supplier] = [
    Supplier(code: "SUP-0001", name: "Acme Industrial Supply", city: "Cleveland", country: "US", currency: "USD"),
    Supplier(code: "SUP-0002", name: "Müller Präzisionstechnik GmbH", city: "Stuttgart", country: "DE", currency: "EUR"),
    Supplier(code: "SUP-0003", name: "Société Générale d'Équipement SA", city: "Lyon", country: "FR", currency: "EUR"),
    Supplier(code: "SUP-0004", name: "Nordic Fasteners AB", city: "Göteborg", country: "SE", currency: "SEK"),
    Supplier(code: "SUP-0005", name: "株式会社 山田製作所", city: "大阪", country: "JP", currency: "JPY"),
    Supplier(code: "SUP-0006", name: "O'Brien & Sons Ltd", city: "Cork", country: "IE", currency: "EUR"),
    Supplier(code: "SUP-0007", name: "Łódź Metal Works Sp. z o.o.", city: "Łódź", country: "PL", currency: "PLN"),
    Supplier(code: "SUP-0008", name: "Pacific Office Products", city: "Portland", country: "US", currency: "USD"),
  ]

  /// Products a requisition line may ask for: name, unit, unit price range in cents.
  static let products: [(name: String, unit: String, cents: ClosedRange<Int>)] = [
    ("Hex bolt M12 × 80, zinc", "box", 1_250...4_800),
    ("Hydraulic hose assembly 1/2\"", "each", 3_900...18_500),
    ("Safety gloves, cut level 5", "pair", 450...1_900),
    ("Bearing 6205-2RS", "each", 600...2_400),
    ("Laptop docking station", "each", 14_900...32_900),
    ("Copy paper A4, 80 g/m²", "ream", 390...790),
    ("Industrial degreaser, 20 L", "drum", 6_900...15_900),
    ("Calibration service, torque wrench", "service", 12_000...45_000),
    ("LED high-bay fixture 150 W", "each", 8_900...21_900),
    ("Pallet wrap film 500 mm", "roll", 1_500...3_900),
  ]
}
