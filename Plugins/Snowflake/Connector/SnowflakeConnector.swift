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
  /// each value; `ok` is false when no warehouse is usable or the session's user is not
  /// the configured one. With `create_tables` `dry_run`, the DDL the connector would run
  /// follows, one statement per line group.
  public func check() throws -> CheckReport {
    let result: StatementResult
    do {
      result = try client.execute(StatementBuilder.context)
    } catch let failure as StatementFailure {
      throw FailureAdvice(client: client, config: config).error(for: failure)
    }
    let row = result.rows.first ?? []
    func value(_ index: Int) -> String? { index < row.count ? row[index] : nil }
    let account = value(0) ?? "(none)", role = value(1) ?? "(none)", user = value(3) ?? "(none)"
    let configured = config.account.map { " (config: \($0))" } ?? ""
    var detail = "account \(account)\(configured), role \(role), warehouse \(value(2) ?? "(none)"), user \(user), "
      + "database \(value(4) ?? "(none)"), schema \(value(5) ?? "(none)"); create_tables \(config.createTables.rawValue)"
    var ok = true
    if value(2) == nil {
      ok = false
      detail += ". No warehouse is in use: \(config.warehouse.sql) does not exist or role \(role) may not use it (GRANT USAGE ON WAREHOUSE \(config.warehouse.sql) TO ROLE \(role);)"
    }
    if let expected = config.user, expected.name != user {
      ok = false
      detail += ". The credentials authenticate as \(user), but the config's \"user\" is \(expected.sql): fix one of them"
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
}
