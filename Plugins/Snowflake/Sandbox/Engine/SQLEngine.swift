import Foundation

/// Executes parsed statements on the in-memory SQLite store with Snowflake's semantics.
///
/// One statement runs in one SQLite transaction, so a failing MERGE or INSERT leaves no
/// partial rows, as in Snowflake (AUTOCOMMIT per statement). Not thread-safe: the sandbox
/// calls it under its own lock.
final class SQLEngine {
  let connection: SQLiteConnection
  private(set) var catalog: Catalog
  /// The indexes that keep key lookups fast; results never depend on them.
  let indexes = IndexAdvisor()

  /// Creates an empty store with `database` holding `schemas`.
  init(database: String, schemas: [String]) throws {
    connection = try SQLiteConnection()
    SQLFunctions.register(on: connection)
    catalog = Catalog(database: database, schemas: schemas)
  }

  /// Parses and runs `sql` as one statement.
  func run(_ sql: String, bindings: [Int: BoundValue], session: SessionContext, now: Int64) throws -> StatementOutcome {
    let statements = try SQLParser.parse(sql)
    guard statements.count == 1 else {
      throw SnowflakeSQLError(code: "000008", sqlState: "0A000",
                              message: "Actual statement count \(statements.count) did not match the desired statement count 1.")
    }
    return try execute(statements[0], bindings: bindings, session: session, now: now)
  }

  /// Runs one parsed statement in its own transaction.
  func execute(_ statement: Statement, bindings: [Int: BoundValue], session: SessionContext, now: Int64) throws -> StatementOutcome {
    let saved = catalog
    try connection.execute("BEGIN")
    do {
      let outcome = try dispatch(statement, ExpressionCompiler(bindings: bindings, session: session, now: now))
      try connection.execute("COMMIT")
      indexes.commit()
      return outcome
    } catch {
      try? connection.execute("ROLLBACK")
      indexes.rollback()
      catalog = saved
      if let sqlite = error as? SQLiteError {
        if sqlite.isNotNullViolation { throw SnowflakeSQLError.nullInNotNull }
        if sqlite.message.hasPrefix("integer overflow") { throw FixedPoint.outOfRange("SUM") }
        throw SnowflakeSQLError.internalError(sqlite.message)
      }
      throw error
    }
  }

  /// Whether a statement needs a running warehouse: queries over tables and DML do; DDL and
  /// table-less SELECTs (`SELECT CURRENT_ACCOUNT()`) are metadata operations that do not.
  static func needsWarehouse(_ statement: Statement) -> Bool {
    switch statement {
    case .createTable, .createSchema, .dropTable: return false
    case .select(let query): return query.from != nil
    default: return true
    }
  }

  /// Runs one statement by kind; the caller owns the transaction.
  private func dispatch(_ statement: Statement, _ compiler: ExpressionCompiler) throws -> StatementOutcome {
    switch statement {
    case .createTable(let name, let columns, let ifNotExists, let orReplace):
      return try createTable(name, columns, ifNotExists: ifNotExists, orReplace: orReplace, session: compiler.session)
    case .createSchema(let name, let ifNotExists):
      return try createSchema(name, ifNotExists: ifNotExists, session: compiler.session)
    case .dropTable(let name, let ifExists):
      return try dropTable(name, ifExists: ifExists, session: compiler.session)
    case .select(let query):
      var queries = QueryCompiler(expressions: compiler, catalog: catalog)
      let compiled = try queries.select(query)
      try indexes.ensureEach(queries.expressions.equalityColumns, in: connection)
      let rows = try connection.query(compiled.sql, queries.expressions.parameters)
      return StatementOutcome(columns: compiled.columns, rows: rows.map { row in
        zip(row, compiled.columns).map { ValueFormatter.json($0, as: $1.type) }
      })
    case .insert(let table, let columns, let source):
      return try insert(table, columns: columns, source: source, compiler)
    case .merge(let merge):
      var executor = MergeExecutor(engine: self, compiler: compiler)
      return try executor.run(merge)
    case .update(let table, let alias, let assignments, let filter):
      return try update(table, alias: alias, assignments: assignments, filter: filter, compiler)
    case .delete(let table, let alias, let filter):
      return try delete(table, alias: alias, filter: filter, compiler)
    }
  }

  // MARK: - DDL

  /// `CREATE TABLE`: registers the table and creates its SQLite storage; answers with
  /// Snowflake's status messages for created and already-existing tables.
  private func createTable(_ name: ObjectName, _ definitions: [ColumnDefinition], ifNotExists: Bool, orReplace: Bool,
                           session: SessionContext) throws -> StatementOutcome {
    let (database, schema, table) = try catalog.resolve(name, in: session, action: "CREATE TABLE")
    if let existing = catalog.table(database: database, schema: schema, name: table) {
      if ifNotExists { return .status("\(Catalog.display(table)) already exists, statement succeeded.") }
      guard orReplace else { throw SnowflakeSQLError.objectExists(Catalog.display(table)) }
      try connection.execute("DROP TABLE main.\"\(existing.storage)\"")
      indexes.forget(existing.storage)
      catalog.removeTable(existing)
    }
    var columns: [(name: String, type: SnowflakeType, nullable: Bool)] = []
    for definition in definitions {
      guard !columns.contains(where: { $0.name == definition.name.name }) else {
        throw SnowflakeSQLError(code: "002025", sqlState: "42S21", message: "SQL compilation error:\nduplicate column name '\(definition.name.display)'")
      }
      columns.append((definition.name.name, try SnowflakeType(definition.type), !definition.notNull))
    }
    let info = catalog.addTable(database: database, schema: schema, name: table, columns: columns)
    let columnSQL = info.columns.map { "\"\($0.storage)\"\($0.nullable ? "" : " NOT NULL")" }.joined(separator: ", ")
    try connection.execute("CREATE TABLE main.\"\(info.storage)\" (\(columnSQL))")
    return .status("Table \(Catalog.display(table)) successfully created.")
  }

  /// `CREATE SCHEMA` in a known database.
  private func createSchema(_ name: ObjectName, ifNotExists: Bool, session: SessionContext) throws -> StatementOutcome {
    guard name.parts.count <= 2 else { throw SnowflakeSQLError.syntax(name.parts[2].position, found: name.parts[2].display) }
    let database = name.parts.count == 2 ? name.parts[0].name : session.database
    guard let database, catalog.schemas[database] != nil else {
      throw SnowflakeSQLError(code: "002003", sqlState: "02000", message: "SQL compilation error:\nDatabase '\(database.map(Catalog.display) ?? "")' does not exist or not authorized.")
    }
    let schema = name.last.name
    if catalog.addSchema(schema, in: database) { return .status("Schema \(Catalog.display(schema)) successfully created.") }
    guard ifNotExists else { throw SnowflakeSQLError.objectExists(Catalog.display(schema)) }
    return .status("\(Catalog.display(schema)) already exists, statement succeeded.")
  }

  /// `DROP TABLE [IF EXISTS]`.
  private func dropTable(_ name: ObjectName, ifExists: Bool, session: SessionContext) throws -> StatementOutcome {
    guard let table = try? catalog.table(name, in: session) else {
      if ifExists { return .status("Drop statement executed successfully (\(name.last.display) already dropped).") }
      throw SnowflakeSQLError.objectNotFound(name.parts.map(\.display).joined(separator: "."))
    }
    try connection.execute("DROP TABLE main.\"\(table.storage)\"")
    indexes.forget(table.storage)
    catalog.removeTable(table)
    return .status("\(Catalog.display(table.name)) successfully dropped.")
  }

  // MARK: - DML

  /// The columns an INSERT names, in order, or every column when it names none.
  func targetColumns(_ table: TableInfo, _ names: [Identifier]?) throws -> [ColumnInfo] {
    guard let names else { return table.columns }
    return try names.map { name in
      guard let column = table.columns.first(where: { $0.name == name.name }) else {
        throw SnowflakeSQLError.invalidIdentifier(name.display, at: name.position)
      }
      return column
    }
  }

  /// `002020`: a row whose value count differs from the column list.
  static func countMismatch(expected: Int, got: Int) -> SnowflakeSQLError {
    SnowflakeSQLError(code: "002020", sqlState: "21S01",
                      message: "SQL compilation error:\nInsert value list does not match column list expecting \(expected) but got \(got)")
  }

  /// `INSERT ... VALUES` or `INSERT ... SELECT`, each value converted to its column's type.
  private func insert(_ name: ObjectName, columns names: [Identifier]?, source: InsertSource,
                      _ compiler: ExpressionCompiler) throws -> StatementOutcome {
    let table = try catalog.table(name, in: compiler.session)
    let columns = try targetColumns(table, names)
    var expressions = compiler
    let columnList = columns.map { "\"\($0.storage)\"" }.joined(separator: ", ")
    var sql: String
    switch source {
    case .values(let rows):
      var sqlRows: [String] = []
      for row in rows {
        guard row.count == columns.count else { throw Self.countMismatch(expected: columns.count, got: row.count) }
        var cells: [String] = []
        for (value, column) in zip(row, columns) {
          cells.append(try expressions.store(try expressions.compile(value, Scope()), into: column))
        }
        sqlRows.append("(" + cells.joined(separator: ", ") + ")")
      }
      sql = "INSERT INTO main.\"\(table.storage)\" (\(columnList)) VALUES " + sqlRows.joined(separator: ", ")
    case .select(let query):
      var queries = QueryCompiler(expressions: expressions, catalog: catalog)
      let compiled = try queries.select(query)
      expressions = queries.expressions
      guard compiled.columns.count == columns.count else {
        throw Self.countMismatch(expected: columns.count, got: compiled.columns.count)
      }
      let cells = try zip(compiled.columns.indices, columns).map { index, column in
        try expressions.store(TypedSQL(sql: "q.o\(index + 1)", type: compiled.columns[index].type), into: column)
      }
      sql = "INSERT INTO main.\"\(table.storage)\" (\(columnList)) SELECT \(cells.joined(separator: ", ")) FROM (\(compiled.sql)) AS q"
    }
    try indexes.ensureEach(expressions.equalityColumns, in: connection)
    try connection.query(sql, expressions.parameters)
    let inserted = connection.changes
    return .counts([("number of rows inserted", inserted)], stats: SnowflakeDMLStats(numRowsInserted: inserted))
  }

  /// `UPDATE ... SET ... [WHERE ...]`.
  private func update(_ name: ObjectName, alias: Identifier?, assignments: [Assignment], filter: Expression?,
                      _ compiler: ExpressionCompiler) throws -> StatementOutcome {
    var queries = QueryCompiler(expressions: compiler, catalog: catalog)
    let (_, relation) = try queries.relation(.table(name, alias: alias))
    var expressions = queries.expressions
    let table = try catalog.table(name, in: compiler.session)
    let scope = Scope(relations: [relation])
    var sets: [String] = []
    for assignment in assignments {
      let column = try targetColumns(table, [assignment.column])[0]
      sets.append("\"\(column.storage)\" = " + (try expressions.store(try expressions.compile(assignment.value, scope), into: column)))
    }
    var sql = "UPDATE main.\"\(table.storage)\" AS r0 SET " + sets.joined(separator: ", ")
    if let filter { sql += " WHERE " + (try expressions.condition(try expressions.compile(filter, scope))) }
    try indexes.ensureEach(expressions.equalityColumns, in: connection)
    try connection.query(sql, expressions.parameters)
    let updated = connection.changes
    return .counts([("number of rows updated", updated), ("number of multi-joined rows updated", 0)],
                   stats: SnowflakeDMLStats(numRowsUpdated: updated))
  }

  /// `DELETE FROM ... [WHERE ...]`.
  private func delete(_ name: ObjectName, alias: Identifier?, filter: Expression?, _ compiler: ExpressionCompiler) throws -> StatementOutcome {
    var queries = QueryCompiler(expressions: compiler, catalog: catalog)
    let (_, relation) = try queries.relation(.table(name, alias: alias))
    var expressions = queries.expressions
    let table = try catalog.table(name, in: compiler.session)
    var sql = "DELETE FROM main.\"\(table.storage)\" AS r0"
    if let filter { sql += " WHERE " + (try expressions.condition(try expressions.compile(filter, Scope(relations: [relation])))) }
    try indexes.ensureEach(expressions.equalityColumns, in: connection)
    try connection.query(sql, expressions.parameters)
    let deleted = connection.changes
    return .counts([("number of rows deleted", deleted)], stats: SnowflakeDMLStats(numRowsDeleted: deleted))
  }
}
