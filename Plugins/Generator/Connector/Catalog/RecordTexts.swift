import MLCPluginKit

/// Every string the hot path writes, laid out once per connection as `TextTable`s: the
/// catalogs' words, GL and cost-center codes, and the dates records can carry.
///
/// Shared by all readers of a connection (immutable, so safe across threads); a reader's
/// builder then writes each such value as one copy of known bytes.
final class RecordTexts: Sendable {
  let partDescriptions = TextTable(ItemCatalog.partDescriptions)
  let uoms = TextTable(ItemCatalog.partKinds.map(\.uom))
  let people = TextTable(ItemCatalog.people)
  let currencies = TextTable(VendorCountry.all.map(\.currency))
  let entityNames = TextTable(GeneratedEntity.allCases.map(\.name))
  /// `6100-104-10` for every GL account, when there are at most `codeLimit` of them.
  let glCodes: TextTable
  /// `104` for every cost center, when there are at most `codeLimit` of them.
  let costCenterCodes: TextTable
  /// `YYYY-MM-DD` for the days `firstDay ..< firstDay + dates.count`.
  let dates: TextTable
  let firstDay: Int

  /// Beyond this many GL accounts or cost centers, codes are formatted per record
  /// instead of held in memory.
  static let codeLimit = 100_000
  /// Days around `base_time` that get a pre-formatted date: every business date the
  /// generator derives lies within about a year before it and a few months after.
  static let dayRange = -800..<800

  init(world: GeneratorWorld) {
    let glCount = world.config.count(.glAccount)
    glCodes = TextTable(glCount > Self.codeLimit ? [] : (0..<glCount).map { account in
      let natural = String(world.chartNumbers[world.glNatural(account)])
      return "\(natural)-\(Self.padded(world.costCenterCode(world.glCostCenter(account)), 3))-\(Self.padded(world.glDivision(account), 2))"
    })
    let centerCount = world.config.count(.costCenter)
    costCenterCodes = TextTable(centerCount > Self.codeLimit ? [] : (0..<centerCount).map {
      Self.padded(world.costCenterCode($0), 3)
    })
    firstDay = world.baseDay + Self.dayRange.lowerBound
    dates = TextTable(Self.dayRange.map { offset in
      var bytes: [UInt8] = []
      CivilTime.appendDate(days: world.baseDay + offset, to: &bytes)
      return String(decoding: bytes, as: UTF8.self)
    })
  }

  private static func padded(_ value: Int, _ width: Int) -> String {
    var bytes: [UInt8] = []
    DecimalDigits.appendPadded(value, width: width, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }
}
