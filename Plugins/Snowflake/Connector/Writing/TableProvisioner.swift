import MLCPluginKit

/// Makes sure the tables an entity writes to exist, as `create_tables` says.
///
/// `auto` runs `CREATE TABLE IF NOT EXISTS` once per table and instance, before the first
/// write to it (cheap: a metadata operation, and the `IF NOT EXISTS` leaves a table the
/// user made, with their own types, alone). `never` and `dry_run` run no DDL; a missing
/// table then surfaces as Snowflake's `002003`, which `FailureAdvice` explains.
final class TableProvisioner {
  private let client: SQLAPIClient
  private let config: SnowflakeConfig
  private var ensured: Set<String> = []

  init(client: SQLAPIClient, config: SnowflakeConfig) {
    self.client = client
    self.config = config
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

  /// Creates `layout`'s tables if the mode is `auto` and this instance has not yet.
  func ensure(_ layout: EntityLayout) throws {
    guard config.createTables == .auto else { return }
    for table in layout.tables where !ensured.contains(table.role) {
      do {
        // A random requestId: if someone drops the table, the next run must create it
        // again rather than have Snowflake answer from statement history.
        _ = try client.execute(StatementBuilder.createTable(table), requestContext: nil)
      } catch let failure as StatementFailure {
        throw PluginError.config("snowflake: could not create table \(table.name.sql) in \(config.database.sql).\(config.schema.sql): \(failure.snowflakeText). Grant the role CREATE TABLE on the schema, or create the table yourself (set create_tables to dry_run and run `mlc check` to print the DDL) and set create_tables to never")
      }
      ensured.insert(table.role)
    }
  }
}
