import Foundation
import MLCPluginKit

/// A sink that upserts canonical records into Snowflake tables through the SQL API v2.
///
/// One header table per entity (and line tables for purchase orders and AP invoices),
/// named and shaped by `DefaultLayouts` and the config's `tables` object, created on first
/// use when `create_tables` is `auto`. Every write is a MERGE keyed on the source key with
/// all values bound, so the host's resends after a crash change nothing. See README.md in
/// this folder for the config, the table layout and how outcomes are decided.
public final class SnowflakeConnector: Sink {
  public static let manifest = Manifest(
    name: "snowflake", version: "0.1.0",
    writes: DefaultLayouts.entities,
    configSchema: SnowflakeConfig.schema,
    auth: ["snowflake_keypair_jwt", "bearer_token"], concurrent: false)

  let config: SnowflakeConfig
  private let host: PluginHost
  private let client: SQLAPIClient
  private let writer: BatchWriter

  public init(config: ConfigObject, host: PluginHost) throws {
    let parsed = try SnowflakeConfig(config)
    self.config = parsed
    self.host = host
    client = SQLAPIClient(host: host, config: parsed, pause: { Thread.sleep(forTimeInterval: $0) })
    writer = BatchWriter(client: client, config: parsed, provisioner: TableProvisioner(client: client, config: parsed, host: host),
                         host: host)
  }

  /// Runs `SELECT CURRENT_ACCOUNT(), CURRENT_ROLE(), CURRENT_WAREHOUSE(), …` and reports
  /// each value; with `create_tables` `dry_run`, the DDL the connector would run follows.
  public func check() throws -> CheckReport {
    let result: StatementResult
    do {
      result = try client.execute(StatementBuilder.context, requestContext: nil)
    } catch let failure as StatementFailure {
      throw FailureAdvice(client: client, config: config).error(for: failure)
    }
    let row = result.rows.first ?? []
    func value(_ index: Int) -> String { (index < row.count ? row[index] : nil) ?? "(none)" }
    var detail = "account \(value(0)), role \(value(1)), warehouse \(value(2)), database \(value(3)), schema \(value(4)); create_tables \(config.createTables.rawValue)"
    var ok = true
    if index(2, of: row) == nil {
      ok = false
      detail += ". No warehouse is in use: \(config.warehouse.sql) does not exist or the role may not use it (GRANT USAGE ON WAREHOUSE \(config.warehouse.sql) TO ROLE <role>)"
    }
    if config.createTables == .dryRun {
      detail += ". Writes are refused until create_tables is \"auto\" or \"never\"; the DDL it would run:\n"
        + TableProvisioner.ddl(config).map { $0 + ";" }.joined(separator: "\n")
    }
    return CheckReport(ok: ok, detail: detail)
  }

  public func write(_ batch: WriteBatch, outcomes: OutcomeReporter) throws {
    try writer.write(batch, outcomes: outcomes)
  }

  private func index(_ index: Int, of row: [String?]) -> String? {
    index < row.count ? row[index] : nil
  }
}
