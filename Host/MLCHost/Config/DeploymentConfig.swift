import Foundation

/// The deployment config (`mlc.json`): where plugins and state live, which connectors this
/// deployment enables, the connections to real systems and the flows between them.
///
/// Relative paths are resolved against the config file's directory, so a deployment folder
/// can be moved as a whole.
struct DeploymentConfig {
  /// One configured system: which plugin talks to it and with what settings.
  struct Connection {
    let name: String
    let plugin: String
    /// The connection's `config` object as JSON, handed to the plugin's `open` unchanged.
    let pluginConfig: [UInt8]
    /// Base URL for HTTP requests the plugin makes; nil for connectors that make none.
    let baseURL: URL?
    /// The raw `auth` and `http` objects, interpreted by the host's HTTP service.
    let auth: JSONPathReader?
    let http: JSONPathReader?
  }

  /// Fills a mapping table from records as they are delivered, e.g. each GL account's
  /// cost-center segment into `gl_cost_center`, so sinks can translate GL accounts on invoice
  /// lines. Rows people set with `mlc map set` are never overwritten.
  struct MappingSeed: Equatable {
    let table: String
    let entity: String
    /// Members of the record's `data` object holding the source and target values.
    let from: String
    let to: String
  }

  /// Records moving from one connection to another.
  struct Flow {
    let name: String
    let source: String
    let sink: String
    /// In delivery order (reference data first).
    let entities: [String]
    let pageSize: Int
    /// Seconds between scheduled runs (`mlc serve`), or nil for on demand only.
    let scheduleSeconds: Int?
    var mappingSeeds: [MappingSeed] = []
  }

  let file: String
  let pluginDirectory: String
  let stateDirectory: String
  let enabled: [String]
  let connections: [String: Connection]
  let flows: [Flow]

  /// Where the config comes from: `--config`, else `MLC_CONFIG`, else `./mlc.json`.
  static func resolvePath(explicit: String?, environment: [String: String]) -> String {
    if let explicit { return explicit }
    if let fromEnvironment = environment["MLC_CONFIG"], !fromEnvironment.isEmpty { return fromEnvironment }
    return "mlc.json"
  }

  /// Reads and validates the config. Plugin-dependent checks (does the plugin read this
  /// entity?) happen in `validate(against:)` once plugins are loaded.
  static func load(path: String) throws -> DeploymentConfig {
    let url = URL(fileURLWithPath: path)
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw ConfigError(file: path, path: "", message: "cannot read the config file (\(Self.reason(error))); pass --config FILE or set MLC_CONFIG")
    }
    let json: Any
    do {
      json = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw ConfigError(file: path, path: "", message: "not valid JSON: \(Self.jsonProblem(error, in: data))")
    }
    return try parse(JSONPathReader(value: json, path: "", file: path), baseDirectory: url.deletingLastPathComponent().path)
  }

  static func parse(_ root: JSONPathReader, baseDirectory: String) throws -> DeploymentConfig {
    try root.onlyMembers(["plugin_dir", "state_dir", "enabled", "connections", "flows", "$schema", "comment"])
    func resolve(_ path: String) -> String {
      path.hasPrefix("/") ? path : URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).standardizedFileURL.path
    }
    let pluginDirectory = resolve(try root.member("plugin_dir")?.nonEmptyString() ?? "plugins")
    let stateDirectory = resolve(try root.member("state_dir")?.nonEmptyString() ?? ".mlc")

    var enabled: [String] = []
    for element in try root.member("enabled")?.elements() ?? [] {
      let name = try element.nonEmptyString()
      if enabled.contains(name) { throw element.error("\"\(name)\" is listed twice") }
      enabled.append(name)
    }

    var connections: [String: Connection] = [:]
    for (name, reader) in try root.member("connections")?.members() ?? [] {
      try reader.onlyMembers(["plugin", "config", "base_url", "auth", "http", "comment"])
      let pluginReader = try reader.require("plugin")
      let plugin = try pluginReader.nonEmptyString()
      if !enabled.contains(plugin) {
        throw pluginReader.error("plugin \"\(plugin)\" is not enabled; add it to \"enabled\"")
      }
      var baseURL: URL?
      if let urlReader = try reader.member("base_url") {
        let text = try urlReader.nonEmptyString()
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
          throw urlReader.error("must be an http(s) URL with a host, got \"\(text)\"")
        }
        baseURL = url
      }
      let configReader = try reader.member("config")
      if let configReader { _ = try configReader.object() }
      let pluginConfig = try configReader?.jsonBytes() ?? Array("{}".utf8)
      connections[name] = Connection(name: name, plugin: plugin, pluginConfig: pluginConfig, baseURL: baseURL,
                                     auth: try reader.member("auth"), http: try reader.member("http"))
    }

    var flows: [Flow] = []
    for reader in try root.member("flows")?.elements() ?? [] {
      try reader.onlyMembers(["name", "source", "sink", "entities", "page_size", "schedule_seconds", "mapping_seeds", "comment"])
      let nameReader = try reader.require("name")
      let name = try nameReader.nonEmptyString()
      if flows.contains(where: { $0.name == name }) { throw nameReader.error("another flow is already named \"\(name)\"") }
      let sourceReader = try reader.require("source")
      let source = try sourceReader.nonEmptyString()
      guard connections[source] != nil else { throw sourceReader.error("no connection named \"\(source)\"") }
      let sinkReader = try reader.require("sink")
      let sink = try sinkReader.nonEmptyString()
      guard connections[sink] != nil else { throw sinkReader.error("no connection named \"\(sink)\"") }
      if sink == source { throw sinkReader.error("a flow's sink must differ from its source") }
      var entities: [String] = []
      for element in try reader.member("entities")?.elements() ?? [] {
        let entity = try element.nonEmptyString()
        guard CanonicalEntity.isKnown(entity) else {
          throw element.error("unknown entity \"\(entity)\"; expected one of \(CanonicalEntity.deliveryOrder.joined(separator: ", "))")
        }
        if entities.contains(entity) { throw element.error("\"\(entity)\" is listed twice") }
        entities.append(entity)
      }
      var seeds: [MappingSeed] = []
      for element in try reader.member("mapping_seeds")?.elements() ?? [] {
        try element.onlyMembers(["table", "entity", "from", "to"])
        let entityReader = try element.require("entity")
        let entity = try entityReader.nonEmptyString()
        guard CanonicalEntity.isKnown(entity) else { throw entityReader.error("unknown entity \"\(entity)\"") }
        seeds.append(MappingSeed(table: try element.require("table").nonEmptyString(), entity: entity,
                                 from: try element.require("from").nonEmptyString(), to: try element.require("to").nonEmptyString()))
      }
      flows.append(Flow(
        name: name, source: source, sink: sink, entities: CanonicalEntity.ordered(entities),
        pageSize: try reader.member("page_size")?.int(in: 1...100_000) ?? 500,
        scheduleSeconds: try reader.member("schedule_seconds")?.int(in: 1...31_536_000), mappingSeeds: seeds))
    }

    return DeploymentConfig(file: root.file, pluginDirectory: pluginDirectory, stateDirectory: stateDirectory,
                            enabled: enabled, connections: connections, flows: flows)
  }

  func flow(named name: String) throws -> Flow {
    guard let flow = flows.first(where: { $0.name == name }) else {
      let known = flows.map(\.name).joined(separator: ", ")
      throw ConfigError(file: file, path: "flows", message: "no flow named \"\(name)\"" + (known.isEmpty ? "" : "; known: \(known)"))
    }
    return flow
  }

  func connection(named name: String) throws -> Connection {
    guard let connection = connections[name] else {
      let known = connections.keys.sorted().joined(separator: ", ")
      throw ConfigError(file: file, path: "connections", message: "no connection named \"\(name)\"" + (known.isEmpty ? "" : "; known: \(known)"))
    }
    return connection
  }

  /// Foundation says "around character N"; people want a line and column.
  private static func jsonProblem(_ error: Error, in data: Data) -> String {
    let detail = (error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"
    guard let range = detail.range(of: #"character (\d+)"#, options: .regularExpression),
          let offset = Int(detail[range].split(separator: " ")[1]) else { return detail }
    let prefix = data.prefix(offset)
    let line = prefix.filter { $0 == 0x0A }.count + 1
    let column = offset - (prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
    return detail.replacingOccurrences(of: #" around character \d+\.?"#, with: "", options: .regularExpression)
      .lowercased() + " at line \(line), column \(column)"
  }

  private static func reason(_ error: Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError { return underlying.localizedDescription }
    return nsError.localizedDescription
  }
}
