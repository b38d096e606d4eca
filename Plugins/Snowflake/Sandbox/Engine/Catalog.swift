import Foundation

/// A column of a sandbox table: its Snowflake name and type, and its SQLite storage name.
struct ColumnInfo: Sendable {
  let name: String
  let type: SnowflakeType
  let nullable: Bool
  /// The SQLite column (`c1`, `c2`, ...). Storage names are generated because SQLite compares
  /// identifiers case-insensitively while Snowflake's quoted identifiers are case-sensitive.
  let storage: String
}

/// A sandbox table: where Snowflake finds it and where SQLite keeps it.
struct TableInfo: Sendable {
  let database: String
  let schema: String
  let name: String
  /// The SQLite table (`t1`, `t2`, ...).
  let storage: String
  let columns: [ColumnInfo]

  /// `DB.SCHEMA.NAME` with each part quoted only where Snowflake would quote it.
  var qualifiedName: String { [database, schema, name].map(Catalog.display).joined(separator: ".") }
}

/// The session a statement runs in: who runs it and its current database, schema and
/// warehouse (from the request body or the user's defaults).
struct SessionContext: Sendable {
  var account: String
  var user: String
  var role: String
  var warehouse: String?
  var database: String?
  var schema: String?
}

/// The databases, schemas and tables the sandbox knows, by their exact (case-sensitive) names.
struct Catalog: Sendable {
  /// Schemas by database.
  private(set) var schemas: [String: Set<String>] = [:]
  private var tables: [String: TableInfo] = [:]
  private var nextStorage = 1

  /// Creates a catalog with one database holding `schemas` (PUBLIC is always there, as in
  /// every Snowflake database).
  init(database: String, schemas: [String]) {
    self.schemas[database] = Set(schemas + ["PUBLIC"])
  }

  /// How Snowflake shows a name: bare when it needs no quotes, quoted otherwise.
  static func display(_ name: String) -> String {
    Identifier.isPlain(name) ? name : "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  private static func key(_ database: String, _ schema: String, _ name: String) -> String {
    [database, schema, name].joined(separator: "\u{0}")
  }

  /// Resolves `name` to (database, schema, table) in `session`, checking that the database and
  /// schema exist; `action` names the statement for Snowflake's "no current schema" errors.
  func resolve(_ name: ObjectName, in session: SessionContext, action: String) throws -> (String, String, String) {
    let parts = name.parts.map(\.name)
    var database = session.database
    var schema = session.schema
    if parts.count == 3 { database = parts[0] }
    if parts.count >= 2 { schema = parts[parts.count - 2] }
    guard let database else {
      throw SnowflakeSQLError(code: "090105", sqlState: "22000", message: "Cannot perform \(action). This session does not have a current database. Call 'USE DATABASE', or use a qualified name.")
    }
    guard let known = schemas[database] else {
      throw SnowflakeSQLError(code: "002003", sqlState: "02000", message: "SQL compilation error:\nDatabase '\(Self.display(database))' does not exist or not authorized.")
    }
    guard let schema else {
      throw SnowflakeSQLError(code: "090106", sqlState: "22000", message: "Cannot perform \(action). This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name.")
    }
    guard known.contains(schema) else {
      throw SnowflakeSQLError(code: "002003", sqlState: "02000", message: "SQL compilation error:\nSchema '\(Self.display(database)).\(Self.display(schema))' does not exist or not authorized.")
    }
    return (database, schema, parts[parts.count - 1])
  }

  /// The table `name` names, or `002003` as Snowflake words it.
  func table(_ name: ObjectName, in session: SessionContext) throws -> TableInfo {
    let shown = name.parts.map(\.display).joined(separator: ".")
    let (database, schema, table): (String, String, String)
    do {
      (database, schema, table) = try resolve(name, in: session, action: "SELECT")
    } catch {
      throw SnowflakeSQLError.objectNotFound(shown)
    }
    guard let info = tables[Self.key(database, schema, table)] else { throw SnowflakeSQLError.objectNotFound(shown) }
    return info
  }

  /// The table at an exact location, if any.
  func table(database: String, schema: String, name: String) -> TableInfo? {
    tables[Self.key(database, schema, name)]
  }

  /// Adds a schema to a known database; false when it already existed.
  mutating func addSchema(_ schema: String, in database: String) -> Bool {
    schemas[database, default: []].insert(schema).inserted
  }

  /// Registers a table and assigns it storage names; the caller creates the SQLite table.
  mutating func addTable(database: String, schema: String, name: String,
                         columns: [(name: String, type: SnowflakeType, nullable: Bool)]) -> TableInfo {
    let storage = "t\(nextStorage)"
    nextStorage += 1
    let infos = columns.enumerated().map { index, column in
      ColumnInfo(name: column.name, type: column.type, nullable: column.nullable, storage: "c\(index + 1)")
    }
    let table = TableInfo(database: database, schema: schema, name: name, storage: storage, columns: infos)
    tables[Self.key(database, schema, name)] = table
    return table
  }

  /// Forgets a table; the caller drops the SQLite table.
  mutating func removeTable(_ table: TableInfo) {
    tables[Self.key(table.database, table.schema, table.name)] = nil
  }

  /// Every table, for tests and diagnostics.
  var allTables: [TableInfo] { tables.values.sorted { $0.qualifiedName < $1.qualifiedName } }
}
