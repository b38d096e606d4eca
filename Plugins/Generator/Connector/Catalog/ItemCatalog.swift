/// The fixed vocabularies records draw from: parts, the chart of accounts, cost centers,
/// people and payment terms. Built once per process; records only index into them, so no
/// per-record string is ever composed on the hot path.
enum ItemCatalog {
  /// A kind of part with its size variants, unit of measure and price range.
  struct PartKind: Sendable {
    let name: String
    let variants: [String]
    let uom: String
    /// Unit price range in minor units (cents).
    let priceRange: ClosedRange<Int>
    /// Whether quantities are fractional (sold by weight or length).
    let fractional: Bool
  }

  /// One natural account of the chart, the first segment of every GL account code.
  struct NaturalAccount: Sendable {
    /// The segment value, four digits.
    let number: Int
    let description: String
    let type: String
    var code: String { String(number) }
    var isExpense: Bool { type == "expense" }
  }

  static let partKinds: [PartKind] = [
    .init(name: "Hex bolt, stainless A2", variants: ["M6×20", "M8×30", "M10×40", "M12×50"], uom: "EA", priceRange: 12...90, fractional: false),
    .init(name: "Ball bearing", variants: ["6204-2RS", "6205-2RS", "6306-ZZ", "6008-2RS"], uom: "EA", priceRange: 450...2500, fractional: false),
    .init(name: "Hydraulic hose", variants: ["DN10 × 1 m", "DN12 × 2 m", "DN16 × 1.5 m"], uom: "EA", priceRange: 2500...9000, fractional: false),
    .init(name: "Steel plate S355", variants: ["5 mm", "8 mm", "10 mm", "12 mm"], uom: "KG", priceRange: 120...260, fractional: true),
    .init(name: "Copper cable H07V-K", variants: ["1.5 mm²", "2.5 mm²", "4 mm²", "6 mm²"], uom: "M", priceRange: 45...300, fractional: true),
    .init(name: "Safety gloves, cut level C", variants: ["size 8", "size 9", "size 10"], uom: "BOX", priceRange: 1800...4200, fractional: false),
    .init(name: "O-ring NBR 70", variants: ["Ø 20 × 2", "Ø 40 × 3", "Ø 63 × 3.5"], uom: "EA", priceRange: 8...120, fractional: false),
    .init(name: "Cutting oil", variants: ["semi-synthetic", "neat, chlorine-free"], uom: "L", priceRange: 300...900, fractional: true),
    .init(name: "Industrial V-belt", variants: ["SPA 1250", "SPB 1800", "SPZ 1000"], uom: "EA", priceRange: 900...4500, fractional: false),
    .init(name: "Pneumatic cylinder ISO 15552", variants: ["Ø 32 × 100", "Ø 50 × 200", "Ø 63 × 250"], uom: "EA", priceRange: 8500...32000, fractional: false),
    .init(name: "Welding wire ER70S-6", variants: ["0.8 mm", "1.0 mm", "1.2 mm"], uom: "KG", priceRange: 300...700, fractional: true),
    .init(name: "Aluminium profile 40×40", variants: ["slot 8", "slot 10"], uom: "M", priceRange: 900...2600, fractional: true),
    .init(name: "LED high-bay luminaire", variants: ["100 W", "150 W", "200 W"], uom: "EA", priceRange: 9000...26000, fractional: false),
    .init(name: "Filter cartridge", variants: ["10 µm", "25 µm", "50 µm"], uom: "EA", priceRange: 1500...6000, fractional: false),
    .init(name: "Pallet wrap film", variants: ["17 µm × 500 mm", "23 µm × 500 mm"], uom: "ROLL", priceRange: 1200...2500, fractional: false),
    .init(name: "Laptop docking station", variants: ["USB-C", "Thunderbolt 4"], uom: "EA", priceRange: 12000...30000, fractional: false),
    .init(name: "Printer paper A4 80 g/m²", variants: ["500 sheets", "box of 5 reams"], uom: "BOX", priceRange: 400...2600, fractional: false),
    .init(name: "Gear motor", variants: ["0.37 kW", "0.75 kW", "1.5 kW"], uom: "EA", priceRange: 28000...95000, fractional: false),
  ]

  /// `"<kind> <variant>"` for every kind and variant, indexed by `partDescriptionOffsets`.
  static let partDescriptions: [String] = partKinds.flatMap { kind in
    kind.variants.map { "\(kind.name) \($0)" }
  }

  /// Where each kind's variants start in `partDescriptions`.
  static let partDescriptionOffsets: [Int] = {
    var offsets: [Int] = []
    var next = 0
    for kind in partKinds {
      offsets.append(next)
      next += kind.variants.count
    }
    return offsets
  }()

  static let chart: [NaturalAccount] = [
    .init(number: 1400, description: "Inventory", type: "asset"),
    .init(number: 1500, description: "Prepaid expenses", type: "asset"),
    .init(number: 1610, description: "Machinery & equipment", type: "asset"),
    .init(number: 2000, description: "Accounts payable", type: "liability"),
    .init(number: 2100, description: "Accrued liabilities", type: "liability"),
    .init(number: 5000, description: "Cost of goods sold", type: "expense"),
    .init(number: 5100, description: "Raw materials", type: "expense"),
    .init(number: 5200, description: "Freight in", type: "expense"),
    .init(number: 6000, description: "Salaries & wages", type: "expense"),
    .init(number: 6100, description: "Repairs & maintenance", type: "expense"),
    .init(number: 6200, description: "Office supplies", type: "expense"),
    .init(number: 6300, description: "Utilities", type: "expense"),
    .init(number: 6400, description: "Travel", type: "expense"),
    .init(number: 6500, description: "IT services & software", type: "expense"),
    .init(number: 6600, description: "Professional fees", type: "expense"),
    .init(number: 6700, description: "Rent & leases", type: "expense"),
    .init(number: 6800, description: "Safety equipment", type: "expense"),
    .init(number: 6900, description: "Tools & consumables", type: "expense"),
    .init(number: 7000, description: "Vehicle expenses", type: "expense"),
    .init(number: 7100, description: "Training", type: "expense"),
  ]

  static let costCenterNames: [String] = [
    "Operations", "Maintenance", "Engineering", "Procurement", "Finance", "Logistics",
    "Quality Assurance", "Facilities", "IT Services", "Field Service", "Research & Development",
    "Health, Safety & Environment",
  ]

  static let people: [String] = [
    "Anna Schmidt", "José Álvarez", "Li Wei", "Sarah O'Connor", "Zoë Martin", "Mika Häkkinen",
    "Ingrid Øvrebø", "Tomás Ruiz", "Priya Natarajan", "田中 花子", "Marc Lefèvre", "Emma Johansson",
  ]

  static let termsCodes: [String] = ["NET30", "NET45", "NET60", "2%10NET30"]
  /// Days until an invoice on each of `termsCodes` falls due.
  static let termsDays: [Int] = [30, 45, 60, 30]

  static let paymentMethods: [String] = ["check", "ach", "wire"]
}
