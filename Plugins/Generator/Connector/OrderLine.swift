/// One line of a purchase order or procurement request, in integers: the quantity in
/// hundredths, money in cents.
///
/// Amounts are rounded per line and the document total is the sum of the rounded line
/// amounts, so lines always add up to the total exactly, as they do in an ERP.
struct OrderLine {
  var part: Int
  /// The part's kind and variant (see `GeneratorWorld.part`), kept to avoid recomputing.
  var kind: Int
  var variant: Int
  /// Quantity × 100 (`250` is 2.50 kg; whole units for countable parts).
  var quantity: Int
  var unitCost: Int
  var glAccount: Int
  /// Whether the quantity is written with two decimals.
  var fractional: Bool
  /// The currency's rounding unit in cents (100 for JPY).
  var rounding: Int

  /// `quantity × unitCost`, rounded half up to the currency's unit.
  var amount: Int { (quantity * unitCost + 50 * rounding) / (100 * rounding) * rounding }

  /// The lines of document `index` of `entity` (a purchase order or procurement request),
  /// priced in the vendor's currency (`pricing`), after `edits` changes, appended to `lines` (emptied first; reused to avoid an
  /// allocation per record). Each edit raises one line's quantity, so every change moves
  /// the total. Consumes `random` after the document's header fields.
  static func generate(_ world: GeneratorWorld, _ entity: GeneratedEntity, _ index: Int,
                       count: Int, pricing: (factor: Int, rounding: Int), edits: Int, random: inout RecordRandom,
                       into lines: inout [OrderLine]) {
    lines.removeAll(keepingCapacity: true)
    let parts = world.config.count(.part)
    for _ in 0..<count {
      let part = random.below(parts)
      let facts = world.part(part)
      let fractional = world.partFractional[facts.kind]
      let quantity = fractional ? random.within(50...25_000) : random.within(1...40) * 100
      // Negotiated prices land within ±8 % of the list price, in the vendor's currency.
      let listPrice = facts.price * pricing.factor
      let rounding = pricing.rounding
      let unitCost = max(rounding, listPrice * random.within(92...108) / (100 * rounding) * rounding)
      let glAccount = world.expenseAccounts[random.below(world.expenseAccounts.count)]
      lines.append(OrderLine(part: part, kind: facts.kind, variant: facts.variant, quantity: quantity, unitCost: unitCost,
                             glAccount: glAccount, fractional: fractional, rounding: rounding))
    }
    var edit = 0
    while edit < edits && !lines.isEmpty {
      let hash = world.editHash(entity, index, edit: edit)
      let line = Int(hash % UInt64(lines.count))
      lines[line].quantity += (1 + Int((hash >> 32) % 5)) * 100
      edit += 1
    }
  }

  /// The sum of the lines' amounts.
  static func total(_ lines: [OrderLine]) -> Int {
    lines.reduce(0) { $0 + $1.amount }
  }
}
