import MLCPluginKit

/// Makes sure the tables an entity writes to exist, as `create_tables` says.
///
/// `auto` creates an entity's tables when a statement on them fails because one is missing
/// (Snowflake's `002003`), then runs the work again: a run against existing tables sends
/// no DDL at all, and `CREATE TABLE IF NOT EXISTS` leaves a table the user made, with their
/// own types, alone. `never` and `dry_run` run no DDL; a missing table then surfaces as
/// `002003`, which `FailureAdvice` explains.
final class TableProvisioner {
  private let client: SQLAPIClient
  private let config: SnowflakeConfig
  private let host: PluginHost
  private var ensured: Set<String> = []

  init(client: SQLAPIClient, config: SnowflakeConfig, host: PluginHost) {
    self.client = client
    self.config = config
    self.host = host
  }

  /// Every DDL statement the connector would run, in table order, for `check` in dry-run
  /// mode and the README.
  static func ddl(_ config: SnowflakeConfig) -> [String] {
    var statements: [String] = []
    for role in DefaultLayouts.tableRoles {
      guard let table = config.layouts.values.flatMap(\.tables).first(where: { $0.role == role }) else { continue }
      statements.append(StatementBuilder.createTable(table).text)
    }
    return statements
  }

  /// Runs `work`; when it fails on a missing table and the mode is `auto`, creates the
  /// entity's tables and runs `work` once more (it must be safe to repeat, as every write
  /// of the connector is).
  func creatingTablesIfMissing<Result>(_ layout: EntityLayout, _ work: () throws -> Result) throws -> Result {
    do {
      return try work()
    } catch let failure as StatementFailure where failure.isMissingObject && config.createTables == .auto
      && layout.tables.contains(where: { !ensured.contains($0.role) }) {
      host.log(.info, "snowflake: \(failure.statement) found no table (\(failure.code)); creating the \(layout.entity) tables")
      try ensure(layout)
      return try work()
    }
  }

  /// Creates `layout`'s tables that this instance has not created yet.
  private func ensure(_ layout: EntityLayout) throws {
    for table in layout.tables where !ensured.contains(table.role) {
      do {
        // A random requestId: if someone drops the table, the next run must create it
        // again rather than have Snowflake answer from statement history.
        _ = try client.execute(StatementBuilder.createTable(table))
      } catch let failure as StatementFailure {
        throw PluginError.config("snowflake: could not create table \(table.name.sql) in \(config.database.sql).\(config.schema.sql): \(failure.snowflakeText). Grant the role CREATE TABLE on the schema, or create the table yourself (set create_tables to dry_run and run `mlc check` to print the DDL) and set create_tables to never")
      }
      ensured.insert(table.role)
    }
  }
}
