import Foundation

/// A loaded deployment: its config, the plugins found in its plugin directory, and the
/// means to open connections and the state store. Shared by the commands that act on it.
final class Deployment {
  let config: DeploymentConfig
  let logger: Logger
  /// Scanned on first use: commands that only read state never load plugin code.
  private(set) lazy var scan: PluginLoader.Scan = {
    let scan = PluginLoader.scan(directory: config.pluginDirectory, enabled: Set(config.enabled))
    for refused in scan.refused { logger.log(.warn, "plugin \(refused.path) refused: \(refused.reason)") }
    return scan
  }()
  private var openedState: StateStore?
  private var openedVault: SecretVault?
  let redactor = Redactor()
  /// Retries all of this process's HTTP requests may spend together.
  let runBudget = RetryBudget(limit: ConnectionHTTPSettings.defaultRunRetryBudget)

  /// Loads the config named by `--config`/`MLC_CONFIG`/`./mlc.json` and scans its plugins.
  /// Refused plugins are logged (the deployment goes on with the rest).
  private let environmentVariables: [String: String]

  init(configOption: String?, environment: CommandEnvironment, verbose: Bool) throws {
    environmentVariables = environment.variables
    let path = DeploymentConfig.resolvePath(explicit: configOption, environment: environment.variables)
    let absolute = environment.absolutePath(path)
    config = try DeploymentConfig.load(path: absolute)
    logger = Logger(minimum: verbose ? .debug : Logger.Level(name: environment.variables["MLC_LOG"] ?? "") ?? .warn)
  }

  func state() throws -> StateStore {
    if let openedState { return openedState }
    let store = try StateStore(directory: config.stateDirectory)
    openedState = store
    return store
  }

  /// The secrets vault, on its own connection to the state database (plugin threads use it
  /// while the router holds the store's). Loading it creates the master key file on first
  /// use and teaches the logger every secret value to redact.
  func vault() throws -> SecretVault {
    if let openedVault { return openedVault }
    let state = try state()
    let key = try MasterKey.load(stateDir: config.stateDirectory, environment: environmentVariables, database: state.database)
    let database = try SQLite(path: state.database.path)
    let vault = try SecretVault(database: database, masterKey: key, redactor: redactor)
    try redactor.addSecrets(from: vault)
    let redactor = self.redactor
    logger.setRedactor { redactor.redact($0) }
    openedVault = vault
    return vault
  }

  /// The run lifecycle every command that moves records shares.
  func lifecycle() throws -> RunLifecycle {
    RunLifecycle(state: try state(), stateDirectory: config.stateDirectory, logger: logger)
  }

  /// Runs a flow once under its lock: opens its source and sink, resolves its entities, and
  /// moves what changed. Shared by `mlc sync` and the scheduler in `mlc serve`. A connection
  /// that cannot be opened fails the run (recorded, with the reason) rather than the process.
  func run(flow: DeploymentConfig.Flow, full: Bool, progress: Bool) throws -> RunSummary {
    try lifecycle().perform(flow: flow.name, kind: .sync, full: full) { runID, summary in
      let source = try open(connection: flow.source, flow: flow.name)
      defer { source.close() }
      let sink = try open(connection: flow.sink, flow: flow.name)
      defer { sink.close() }
      let entities = try FlowEntities.resolve(flow: flow, config: config, source: source.plugin, sink: sink.plugin)
      let runner = FlowRunner(flow: flow, entities: entities, source: source, delivery: delivery(to: sink), state: try state(),
                              logger: logger, progress: Progress(flow: flow.name, enabled: progress))
      try runner.run(runID: runID, full: full, summary: &summary)
    }
  }

  /// Sends parked records of one flow to its sink again, as a replay run.
  func replay(_ records: [StateStore.ParkedRecord], flow: DeploymentConfig.Flow) throws -> RunSummary {
    try lifecycle().perform(flow: flow.name, kind: .replay, full: false) { runID, summary in
      let sink = try open(connection: flow.sink, flow: flow.name)
      defer { sink.close() }
      var counts: [String: RunSummary.EntityCounts] = [:]
      defer { summary.entities = CanonicalEntity.ordered(Array(counts.keys)).compactMap { counts[$0] } }
      try Replayer(flow: flow.name, delivery: delivery(to: sink), state: try state(), logger: logger)
        .replay(records, runID: runID, batchSize: flow.pageSize, counts: &counts)
    }
  }

  /// The write-with-retry path to a sink, paying its retries from this process's budget.
  func delivery(to sink: any RecordSink) -> SinkDelivery {
    SinkDelivery(sink: sink, budget: runBudget, logger: logger)
  }

  /// Redaction and debug logging for one connection's HTTP service.
  private func httpHooks(connection: String) -> HTTPServiceHooks {
    let redactor = self.redactor
    let logger = self.logger
    let redact: @Sendable (String) -> String = { redactor.redact($0) }
    let register: @Sendable (String) -> Void = { redactor.add(derived: $0, name: connection) }
    var debug: (@Sendable (String) -> Void)?
    if logger.minimum == .debug {
      debug = { line in logger.log(.debug, line, source: connection) }
    }
    return HTTPServiceHooks(redact: redact, registerSecret: register, debugLog: debug)
  }

  /// The loaded plugin a connection uses, or an error that says why it is unavailable.
  func plugin(for connection: DeploymentConfig.Connection) throws -> LoadedPlugin {
    if let plugin = scan.plugin(named: connection.plugin) { return plugin }
    if let refused = scan.refused.first(where: { URL(fileURLWithPath: $0.path).lastPathComponent.contains(connection.plugin) }) {
      throw ConfigError(file: config.file, path: "connections.\(connection.name).plugin",
                        message: "plugin \"\(connection.plugin)\" was refused: \(refused.path): \(refused.reason)")
    }
    throw ConfigError(file: config.file, path: "connections.\(connection.name).plugin",
                      message: "no plugin named \"\(connection.plugin)\" in \(config.pluginDirectory); run `mlc plugins` to see what loaded")
  }

  /// Opens a plugin instance for a connection. `flow` scopes the id-map lookups it may make.
  /// A connection with a `base_url` gets the host's HTTP service (auth, limits, retries);
  /// the vault is opened only when its `auth` names secrets.
  func open(connection name: String, flow: String?) throws -> PluginInstance {
    let connection = try config.connection(named: name)
    let plugin = try plugin(for: connection)
    let context = HostContext(connection: name, plugin: plugin.name, logger: logger)
    // Lookups run on plugin threads while the router commits on its own: each gets its own
    // connection to the state database (SQLite connections are not shared across threads).
    if let flow { context.lookup = IdMapLookup(database: try SQLite(path: try state().database.path), flow: flow) }
    context.mappings = MappingStore(database: try SQLite(path: try state().database.path))
    let secrets: any SecretProvider = connection.auth == nil ? NoSecrets() : try vault()
    context.crypto = LazyCrypto { [unowned self] in CryptoService(secrets: try self.vault()) }
    if let baseURL = connection.baseURL {
      context.http = try HTTPServiceFactory.make(
        connection: name, plugin: plugin.name, baseURL: baseURL.absoluteString, auth: connection.auth?.value,
        http: connection.http?.value, path: "connections.\(name)", secrets: secrets, signer: HostJWTSigner(),
        runBudget: runBudget, hooks: httpHooks(connection: name))
    }
    return try PluginInstance(plugin: plugin, context: context, config: connection.pluginConfig)
  }
}
