import MLCPluginKit

/// The Snowflake connection's plugin config, validated.
///
/// ```json
/// {"account": "myorg-myaccount", "user": "MLC_LOADER", "warehouse": "LOAD_WH",
///  "database": "ERP", "schema": "RAW", "role": "LOADER",
///  "create_tables": "auto", "tables": {"vendor": "SUPPLIERS"},
///  "rows_per_statement": 1000, "statement_timeout_seconds": 3600, "query_tag": "mlc"}
/// ```
/// `account` and `user` are optional and only checked: who the connector works as is
/// decided by the credentials (the `snowflake_keypair_jwt` auth profile signs for its own
/// account and user, a PAT belongs to one user) and where by the connection's `base_url`
/// (`https://<account_identifier>.snowflakecomputing.com`). `check` reports both and says
/// when the session's user is not the configured one.
struct SnowflakeConfig: Sendable {
  /// What the connector does about missing tables.
  enum CreateTables: String, Sendable, CaseIterable {
    /// `CREATE TABLE IF NOT EXISTS` before the first write of each table.
    case auto
    /// Never run DDL; a missing table is an error that names it.
    case never
    /// Never run DDL: `check` reports the DDL it would run and writes are refused, so the
    /// DDL can be reviewed (or run by an administrator) first.
    case dryRun = "dry_run"
  }

  /// The account identifier as the user wrote it, for `check`'s report.
  var account: String?
  /// The user the credentials should authenticate as, for `check`.
  var user: SnowflakeIdentifier?
  /// Context of every statement, as Snowflake stores the names (`SHOW` output).
  var warehouse: SnowflakeIdentifier
  var database: SnowflakeIdentifier
  var schema: SnowflakeIdentifier
  var role: SnowflakeIdentifier?
  var createTables: CreateTables
  var layouts: [String: EntityLayout]
  /// Most header rows one MERGE carries; lines of those headers may need more statements.
  var rowsPerStatement: Int
  /// The statement `timeout` sent with each request (0 = Snowflake's maximum, 7 days).
  var statementTimeoutSeconds: Int
  var queryTag: String

  static let members: Set<String> = [
    "account", "user", "warehouse", "database", "schema", "role", "create_tables", "tables", "rows_per_statement",
    "statement_timeout_seconds", "query_tag",
  ]

  /// Reads and checks `config`; every problem names its field.
  init(_ config: ConfigObject) throws {
    try config.rejectUnknownMembers(Self.members)
    account = try config.string("account")
    user = try Self.identifier(config, "user", required: false)
    warehouse = try Self.identifier(config, "warehouse", required: true)!
    database = try Self.identifier(config, "database", required: true)!
    schema = try Self.identifier(config, "schema", required: true)!
    role = try Self.identifier(config, "role", required: false)
    let mode = try config.string("create_tables", default: "auto") ?? "auto"
    guard let createTables = CreateTables(rawValue: mode) else {
      throw config.error("create_tables", "must be \"auto\", \"never\" or \"dry_run\", found \"\(mode)\"")
    }
    self.createTables = createTables
    layouts = try LayoutOverrides.apply(try config.object("tables"))
    // Snowflake's VALUES clause takes at most 16,384 rows.
    rowsPerStatement = try config.int("rows_per_statement", default: 1000, in: 1...16_384)
    statementTimeoutSeconds = try config.int("statement_timeout_seconds", default: 3600, in: 0...604_800)
    queryTag = try config.string("query_tag", default: "mlc") ?? "mlc"
  }

  private static func identifier(_ config: ConfigObject, _ name: String, required: Bool) throws -> SnowflakeIdentifier? {
    guard let text = try config.string(name) else {
      if required {
        throw config.error(name, "is missing: name the \(name) every statement runs in, as `SHOW \(name.uppercased())S` prints it")
      }
      return nil
    }
    guard let identifier = SnowflakeIdentifier(configured: text) else {
      throw config.error(name, "\"\(text)\" is not a Snowflake identifier (1 to 255 characters; quote a case-sensitive name as \"\\\"Name\\\"\")")
    }
    return identifier
  }

  /// The JSON Schema in the manifest.
  static let schema = #"""
    {"type":"object","additionalProperties":false,"required":["warehouse","database","schema"],"properties":{\#
    "account":{"type":"string","description":"account identifier, reported by check (the base_url and auth profile decide where and as whom)"},\#
    "user":{"type":"string","description":"user the credentials should authenticate as; check says when they do not"},\#
    "warehouse":{"type":"string","description":"warehouse every statement runs in; unquoted names are upper-cased as Snowflake does"},\#
    "database":{"type":"string"},"schema":{"type":"string"},\#
    "role":{"type":"string","description":"role to use; the user's default role when absent"},\#
    "create_tables":{"enum":["auto","never","dry_run"],"default":"auto","description":"auto: CREATE TABLE IF NOT EXISTS before the first write; dry_run: check prints the DDL and writes are refused"},\#
    "tables":{"type":"object","description":"per table role (vendor, purchase_order_line, ...): a table name, or {name, columns: {DEFAULT: NAME}, omit: [...]}"},\#
    "rows_per_statement":{"type":"integer","minimum":1,"maximum":16384,"default":1000},\#
    "statement_timeout_seconds":{"type":"integer","minimum":0,"maximum":604800,"default":3600},\#
    "query_tag":{"type":"string","default":"mlc"}}}
    """#
}
