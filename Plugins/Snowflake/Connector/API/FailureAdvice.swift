import MLCPluginKit

/// Turns a statement failure that is not about one record into an error a person can act
/// on: what failed, where, and the SQL that fixes it.
struct FailureAdvice {
  let client: SQLAPIClient
  let config: SnowflakeConfig

  /// The error that stops the batch for `failure`.
  func error(for failure: StatementFailure) -> PluginError {
    let location = "\(config.database.sql).\(config.schema.sql)"
    if failure.isWarehouseUnavailable {
      return PluginError.config(warehouseMessage(failure))
    }
    if failure.isMissingObject {
      let remedy = config.createTables == .auto
        ? "the role may lack privileges on it or on \(location); grant them, or check database and schema in the config"
        : "create it (set create_tables to dry_run and run `mlc check` to print the DDL) or set create_tables to auto"
      return PluginError.config("snowflake: \(failure.statement): a table it names does not exist in \(location) or the role cannot see it (\(failure.snowflakeText)); \(remedy)")
    }
    if failure.isCompilationError {
      return PluginError.config("snowflake: \(failure.statement) does not compile against the table (\(failure.snowflakeText)); if you created the table yourself, its columns must match the connector's layout: rename columns with the config's \"tables\" object, or let the connector create the table")
    }
    return PluginError.fatal("snowflake: \(failure.description)")
  }

  /// Explains an unusable warehouse, precisely when `SHOW WAREHOUSES` can say why.
  ///
  /// Snowflake answers `000606` "No active warehouse selected" both for a warehouse that is
  /// suspended with AUTO_RESUME = FALSE and for one the role cannot use [C]. `SHOW
  /// WAREHOUSES` needs no running warehouse and lists `name`, `state` and `auto_resume`
  /// [V] (docs.snowflake.com/en/sql-reference/sql/show-warehouses); when it answers, the
  /// message says which case this is, otherwise it lists both with their fixes.
  private func warehouseMessage(_ failure: StatementFailure) -> String {
    let warehouse = config.warehouse.sql
    let role = config.role?.sql ?? "the user's default role"
    let resume = "ALTER WAREHOUSE \(warehouse) RESUME;"
    let autoResume = "ALTER WAREHOUSE \(warehouse) SET AUTO_RESUME = TRUE;"
    let grant = "GRANT USAGE ON WAREHOUSE \(warehouse) TO ROLE \(config.role?.sql ?? "<role>");"
    let snowflake = "(\(failure.snowflakeText))"
    if let state = try? showWarehouse() {
      if state.suspended && !state.autoResume {
        return "snowflake: warehouse \(warehouse) is suspended and AUTO_RESUME is off, so it cannot run \(failure.statement) \(snowflake). Resume it with `\(resume)`, and let it resume by itself from now on with `\(autoResume)`; then rerun the sync"
      }
      return "snowflake: warehouse \(warehouse) is \(state.suspended ? "suspended" : "running") with AUTO_RESUME \(state.autoResume ? "on" : "off"), yet \(role) cannot use it for \(failure.statement) \(snowflake). Grant it with `\(grant)`"
    }
    return "snowflake: warehouse \(warehouse) cannot run \(failure.statement) \(snowflake). Either it is suspended and AUTO_RESUME is off: resume it with `\(resume)` and keep it resuming by itself with `\(autoResume)`; or \(role) may not use it: `\(grant)`; or the config's \"warehouse\" is misspelt. Then rerun the sync"
  }

  /// The configured warehouse's state from `SHOW WAREHOUSES`, or nil when it is not listed.
  private func showWarehouse() throws -> (suspended: Bool, autoResume: Bool)? {
    let result = try client.execute(SQLStatement("SHOW WAREHOUSES", summary: "SHOW WAREHOUSES"))
    let columns = result.columns.map { $0.lowercased() }
    guard let name = columns.firstIndex(of: "name"), let state = columns.firstIndex(of: "state"),
          let autoResume = columns.firstIndex(of: "auto_resume")
    else { return nil }
    for row in result.rows where row.count > max(name, state, autoResume) && row[name] == config.warehouse.name {
      return (suspended: (row[state] ?? "").uppercased().hasPrefix("SUSPEND"),
              autoResume: (row[autoResume] ?? "").lowercased() == "true")
    }
    return nil
  }
}
