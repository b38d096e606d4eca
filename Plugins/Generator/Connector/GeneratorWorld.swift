import MLCPluginKit

/// The facts records share across entities, as pure functions of the config: which
/// vendor an order is from, a part's price, a GL account's cost center, an order's lines.
///
/// Invoices copy their purchase order's lines and payments settle their invoice's amount,
/// so these are computed the same way wherever they are needed; that is what keeps every
/// reference, sum and currency consistent without storing anything per record.
struct GeneratorWorld: Sendable {
  let config: GeneratorConfig
  let timeline: Timeline
  /// Digits in each entity's zero-padded keys: at least 6, more when the count needs it,
  /// so every key of an entity has the same width and keys sort like their indices.
  let keyWidths: [Int]
  /// The day number of `base_time`; business dates lie in the year before it.
  let baseDay: Int
  /// GL account indices whose natural account is an expense: what order lines charge.
  let expenseAccounts: [Int]

  // Catalog facts the hot path reads, as plain integers: reading them out of the
  // catalogs' structs would copy (and reference-count) every string beside them.
  private let partVariantCounts = ItemCatalog.partKinds.map(\.variants.count)
  private let partPriceLows = ItemCatalog.partKinds.map(\.priceRange.lowerBound)
  private let partPriceHighs = ItemCatalog.partKinds.map(\.priceRange.upperBound)
  /// Whether each part kind has fractional quantities.
  let partFractional = ItemCatalog.partKinds.map(\.fractional)
  /// Each natural account's four-digit number.
  let chartNumbers = ItemCatalog.chart.map(\.number)
  private let chartCount = ItemCatalog.chart.count
  private let featuredCountries = FeaturedVendor.all.map(\.country)
  private let countryCount = VendorCountry.all.count
  private let priceFactors = VendorCountry.all.map(\.priceFactor)
  private let roundings = VendorCountry.all.map(\.rounding)

  init(config: GeneratorConfig) {
    self.config = config
    timeline = Timeline(config: config)
    keyWidths = config.counts.map { max(6, DecimalDigits.count($0)) }
    baseDay = Int(CivilTime.floorDivide(config.baseTime, 86_400).quotient)
    let glCount = config.count(.glAccount)
    let expenses = (0..<glCount).filter { ItemCatalog.chart[$0 % ItemCatalog.chart.count].isExpense }
    expenseAccounts = expenses.isEmpty ? Array(0..<glCount) : expenses
  }

  /// The random stream for one version of one record.
  @inline(__always)
  func random(_ entity: GeneratedEntity, _ index: Int, version: Int = 0) -> RecordRandom {
    RecordRandom(Mixer.hash(config.seed, entity.salt, UInt64(index), UInt64(version)))
  }

  /// A hash for the `edit`-th change of a record, to vary what each edit does.
  @inline(__always)
  func editHash(_ entity: GeneratedEntity, _ index: Int, edit: Int) -> UInt64 {
    Mixer.hash(config.seed, entity.salt ^ 0xED17_0000, UInt64(index), UInt64(edit))
  }

  // MARK: Vendors

  /// The index into `VendorCountry.all` of a vendor. The first five vendors are the
  /// featured ones, from fixed countries.
  func vendorCountry(_ vendor: Int) -> Int {
    if vendor < featuredCountries.count { return featuredCountries[vendor] }
    var random = self.random(.vendor, vendor)
    return random.below(countryCount)
  }

  /// A vendor's country.
  func country(of vendor: Int) -> VendorCountry {
    VendorCountry.all[vendorCountry(vendor)]
  }

  /// How catalog prices convert to a vendor's currency: the factor and the rounding unit
  /// in cents (see `VendorCountry`), without copying the whole country.
  func pricing(of vendor: Int) -> (factor: Int, rounding: Int) {
    let country = vendorCountry(vendor)
    return (priceFactors[country], roundings[country])
  }

  /// A vendor's payment terms index into `ItemCatalog.termsCodes`, before any edit.
  func vendorTerms(_ vendor: Int) -> Int {
    Int(Mixer.hash(config.seed, GeneratedEntity.vendor.salt ^ 0x7E4D, UInt64(vendor), 0) % 4)
  }

  /// A vendor's payment method index into `ItemCatalog.paymentMethods`: foreign-currency
  /// vendors are paid by wire, the rest mostly by ACH, some by check.
  func vendorPaymentMethod(_ vendor: Int) -> Int {
    let hash = Mixer.hash(config.seed, GeneratedEntity.vendor.salt ^ 0x9A7D, UInt64(vendor), 0)
    if vendorCountry(vendor) != 5 && hash % 3 != 0 { return 2 }
    return hash % 4 == 0 ? 0 : 1
  }

  // MARK: Ledger

  /// A GL account's natural account index into `ItemCatalog.chart`.
  func glNatural(_ account: Int) -> Int { account % chartCount }

  /// A GL account's division segment: accounts beyond the chart's length repeat natural
  /// accounts in further divisions, which keeps every code unique.
  func glDivision(_ account: Int) -> Int { 10 + account / chartCount }

  /// The cost center a GL account's middle segment names.
  func glCostCenter(_ account: Int) -> Int {
    (account * 7 + account / chartCount) % config.count(.costCenter)
  }

  /// A cost center's code: three digits and up, `100` for the first.
  func costCenterCode(_ center: Int) -> Int { 100 + center }

  // MARK: Parts

  /// A part's kind, variant and base unit price in cents.
  func part(_ part: Int) -> (kind: Int, variant: Int, price: Int) {
    var random = self.random(.part, part)
    let kind = random.below(partVariantCounts.count)
    let variant = random.below(partVariantCounts[kind])
    let price = random.within(partPriceLows[kind]...partPriceHighs[kind])
    return (kind, variant, price)
  }

  /// A part's unit price after `edits` price changes: each raises it 1–6 %, at least a cent.
  func partPrice(_ part: Int, edits: Int) -> Int {
    var price = self.part(part).price
    var edit = 0
    while edit < edits {
      let percent = 1 + Int(editHash(.part, part, edit: edit) % 6)
      price += max(1, price * percent / 100)
      edit += 1
    }
    return price
  }

  // MARK: Orders

  /// The vendor a purchase order or procurement request is from.
  func orderVendor(_ entity: GeneratedEntity, _ index: Int) -> Int {
    Int(Mixer.hash(config.seed, entity.salt ^ 0x7E4D_0000, UInt64(index), 0)
      % UInt64(config.count(.vendor)))
  }

  /// The purchase order invoice `invoice` bills: invoices spread evenly over the orders.
  func invoiceOrder(_ invoice: Int) -> Int {
    invoice * config.count(.purchaseOrder) / max(config.count(.apInvoice), 1)
  }

  /// The invoice payment `payment` applies to: payments spread evenly over the invoices.
  func paymentInvoice(_ payment: Int) -> Int {
    payment * config.count(.apInvoice) / max(config.count(.apPayment), 1)
  }

  /// The payments applying to invoice `invoice`: exactly those `j` whose
  /// `paymentInvoice(j)` is `invoice` (a contiguous, possibly empty, range).
  func invoicePayments(_ invoice: Int) -> Range<Int> {
    let payments = config.count(.apPayment)
    let invoices = max(config.count(.apInvoice), 1)
    let first = (invoice * payments + invoices - 1) / invoices
    let end = ((invoice + 1) * payments + invoices - 1) / invoices
    return first..<max(first, min(end, payments))
  }

  /// What payment `payment` pays of an invoice of `amount` cents: the whole amount, half
  /// of it for one payment in seven (a partial payment), or an even share when several
  /// payments settle one invoice. Shares are multiples of the currency's `unit` (cents,
  /// or whole yen) and the shares of several payers add up to the amount exactly.
  func paymentShare(_ payment: Int, of amount: Int, payers: Range<Int>, unit: Int) -> Int {
    let units = amount / unit
    if payers.count == 1 {
      let partial = Mixer.hash(config.seed, GeneratedEntity.apPayment.salt ^ 0x9A47, UInt64(payment), 0) % 7 == 0
      return partial ? units / 2 * unit : amount
    }
    let share = units / payers.count
    return (payment - payers.lowerBound < units % payers.count ? share + 1 : share) * unit
  }

  /// A day no later than the day before `base_time`: business dates stay in the past.
  func pastDay(_ day: Int) -> Int { min(day, baseDay - 1) }
}
