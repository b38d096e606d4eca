import MLCPluginKit

/// A source of deterministic synthetic canonical records of all eight entities, for
/// demos, tests and the host's throughput benchmark.
///
/// Same config, same bytes, every run: every value is a hash of (seed, entity, index,
/// version). `epoch` replays a history of changes (see `Timeline`), so incremental syncs
/// can be tested by raising it; `since` is honoured without generating skipped records.
public final class GeneratorConnector: Source {
  public static let manifest = Manifest(
    name: "generator", version: "1.0.0",
    reads: GeneratedEntity.allCases.map(\.name),
    configSchema: GeneratorConfig.schema,
    auth: ["none"], concurrent: true)

  let world: GeneratorWorld
  let texts: RecordTexts

  public init(config: ConfigObject, host: PluginHost) throws {
    world = GeneratorWorld(config: try GeneratorConfig(config))
    texts = RecordTexts(world: world)
  }

  public func check() throws -> CheckReport {
    let config = world.config
    return CheckReport(detail: "generator ready: \(config.count(.purchaseOrder)) purchase orders, seed \(config.seed), epoch \(config.epoch)")
  }

  public func openReader(_ request: ReadRequest) throws -> any RecordReader {
    guard let entity = GeneratedEntity(name: request.entity) else {
      throw PluginError.unsupported("generator: no entity \"\(request.entity)\"")
    }
    var since: Int64? = nil
    if let text = request.since, !request.full {
      guard let parsed = CivilTime.parseTimestamp(text) else {
        throw PluginError.fatal(
          "generator: cannot read the since cursor \"\(text)\" of \(request.entity); expected an RFC 3339 timestamp such as 2026-01-01T00:00:00Z (run a full sync to reset it)")
      }
      since = parsed.seconds
    }
    return GeneratorReader(entity: entity, world: world, texts: texts, pageSize: request.pageSize, since: since)
  }
}
