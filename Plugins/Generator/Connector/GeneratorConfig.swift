import MLCPluginKit

/// The generator connection's config, validated: how many records of each entity, the
/// seed, and how the data changes from epoch to epoch.
///
/// ```json
/// {"count": 1000, "counts": {"vendor": 80}, "seed": 1, "change_rate": 0.01, "epoch": 0,
///  "base_time": "2026-01-01T00:00:00Z", "ties": 10}
/// ```
struct GeneratorConfig: Sendable {
  /// Record counts indexed by `GeneratedEntity.rawValue`.
  var counts: [Int]
  var seed: UInt64
  /// The fraction of each entity's records that change in each epoch ≥ 1.
  var changeRate: Double
  /// The epoch whose data a read shows: 0 is the initial data.
  var epoch: Int
  /// Unix seconds of epoch 0's first `updated_at`.
  var baseTime: Int64
  /// How many consecutive records share one `updated_at` second.
  var ties: Int

  /// The config's known members; anything else is refused as a likely typo.
  static let members: Set<String> = ["count", "counts", "seed", "change_rate", "epoch", "base_time", "ties"]

  /// The JSON Schema in the manifest.
  static let schema = #"""
    {"type":"object","additionalProperties":false,"properties":{\#
    "count":{"type":"integer","minimum":1,"default":1000,"description":"purchase orders to generate; other entities scale from it"},\#
    "counts":{"type":"object","description":"per-entity record counts overriding the derived ones","additionalProperties":{"type":"integer","minimum":0}},\#
    "seed":{"type":"integer","minimum":0,"default":1},\#
    "change_rate":{"type":"number","minimum":0,"maximum":1,"default":0.01,"description":"fraction of records changed in each epoch"},\#
    "epoch":{"type":"integer","minimum":0,"default":0,"description":"0 = initial data; each later epoch changes change_rate of the records"},\#
    "base_time":{"type":"string","format":"date-time","default":"2026-01-01T00:00:00Z"},\#
    "ties":{"type":"integer","minimum":1,"default":10,"description":"records sharing one updated_at second"}}}
    """#

  /// Reads and checks `config`; every problem names its field.
  init(_ config: ConfigObject) throws {
    try config.rejectUnknownMembers(Self.members)
    let count = try config.int("count", default: 1000, in: 1...100_000_000)
    var counts = Self.derivedCounts(purchaseOrders: count)
    if let overrides = try config.object("counts") {
      let names = Set(GeneratedEntity.allCases.map(\.name))
      try overrides.rejectUnknownMembers(names)
      for entity in GeneratedEntity.allCases {
        if let value = try overrides.int(entity.name, in: Self.minimum(entity)...Self.maximum(entity)) {
          counts[entity.rawValue] = value
        }
      }
    }
    if counts[GeneratedEntity.apPayment.rawValue] > 0 && counts[GeneratedEntity.apInvoice.rawValue] == 0 {
      throw config.error("counts", "asks for payments but no invoices: \"ap_invoice\" must be at least 1 when \"ap_payment\" is")
    }
    self.counts = counts
    seed = UInt64(try config.int("seed", default: 1, in: 0...Int.max))
    changeRate = try config.double("change_rate", default: 0.01, in: 0...1)
    epoch = try config.int("epoch", default: 0, in: 0...100_000)
    let baseText = try config.string("base_time") ?? "2026-01-01T00:00:00Z"
    guard let base = CivilTime.parseTimestamp(baseText), !base.hadFraction else {
      throw config.error("base_time", "must be an RFC 3339 timestamp in whole seconds such as \"2026-01-01T00:00:00Z\", found \"\(baseText)\"")
    }
    baseTime = base.seconds
    ties = try config.int("ties", default: 10, in: 1...1_000_000)
  }

  /// The count of `entity`.
  func count(_ entity: GeneratedEntity) -> Int { counts[entity.rawValue] }

  /// Counts derived from the number of purchase orders, as the README describes.
  static func derivedCounts(purchaseOrders count: Int) -> [Int] {
    GeneratedEntity.allCases.map { entity in
      switch entity {
      case .glAccount: return 40
      case .costCenter: return 8
      case .vendor: return max(count / 20, 5)
      case .part: return max(count / 10, 5)
      case .purchaseOrder: return count
      case .apInvoice: return count * 8 / 10
      case .apPayment: return count / 2
      case .procurementRequest: return count / 5
      }
    }
  }

  /// GL accounts and cost centers are reference data the connector holds tables of, so
  /// they stay at ERP-like sizes; the rest only cost time.
  private static func maximum(_ entity: GeneratedEntity) -> Int {
    switch entity {
    case .glAccount, .costCenter: return 100_000
    default: return 100_000_000
    }
  }

  /// Records other entities point at must exist, so their counts start at 1.
  private static func minimum(_ entity: GeneratedEntity) -> Int {
    switch entity {
    case .glAccount, .costCenter, .vendor, .part, .purchaseOrder: return 1
    case .apInvoice, .apPayment, .procurementRequest: return 0
    }
  }
}
