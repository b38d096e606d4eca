/// Runs `MERGE` as Snowflake defines it (docs.snowflake.com/en/sql-reference/sql/merge):
/// the source is evaluated once, each target row joins at most one source row when a
/// `WHEN MATCHED` clause would change it (several → `100090` "Duplicate row detected during DML
/// action", the behaviour of ERROR_ON_NONDETERMINISTIC_MERGE = TRUE), matched rows are updated
/// or deleted, and source rows that matched nothing are inserted.
///
/// SQLite has no MERGE, so the steps are explicit: the source is materialized into a temporary
/// table with a `matched` flag computed before any change (so an UPDATE that alters the join
/// key cannot turn a matched row into an insert), then UPDATE ... FROM, DELETE and
/// INSERT ... SELECT run against it, all inside the statement's transaction.
struct MergeExecutor {
  let engine: SQLEngine
  var compiler: ExpressionCompiler

  init(engine: SQLEngine, compiler: ExpressionCompiler) {
    self.engine = engine
    self.compiler = compiler
  }

  /// Executes the merge and returns Snowflake's count columns and stats.
  mutating func run(_ merge: MergeStatement) throws -> StatementOutcome {
    let table = try engine.catalog.table(merge.target, in: compiler.session)
    let connection = engine.connection
    var queries = QueryCompiler(expressions: compiler, catalog: engine.catalog)
    let (sourceSQL, sourceRelation) = try queries.relation(merge.source)
    compiler = queries.expressions
    try engine.indexes.ensureEach(compiler.equalityColumns, in: connection)
    compiler.equalityColumns = []

    // 1. Materialize the source with its own storage names, so later steps read it as `s`.
    let sourceColumns = sourceRelation.columns
    let sourceNames = sourceColumns.indices.map { "m\($0 + 1)" }
    try connection.execute("DROP TABLE IF EXISTS temp.merge_source")
    try connection.execute("CREATE TEMP TABLE merge_source (\(sourceNames.joined(separator: ", ")), merge_matched)")
    let select = sourceColumns.map(\.sql).joined(separator: ", ")
    try connection.query("INSERT INTO temp.merge_source (\(sourceNames.joined(separator: ", "))) SELECT \(select) FROM \(sourceSQL)",
                         compiler.parameters)
    defer { try? connection.execute("DROP TABLE IF EXISTS temp.merge_source") }

    let targetName = merge.targetAlias?.name ?? table.name
    let target = ScopeRelation(name: targetName, columns: table.columns.map {
      ScopeColumn(name: $0.name, type: $0.type, nullable: $0.nullable, sql: "t.\"\($0.storage)\"", table: table, storage: $0.storage)
    })
    let source = ScopeRelation(name: sourceRelation.name, columns: sourceColumns.enumerated().map { index, column in
      ScopeColumn(name: column.name, type: column.type, nullable: column.nullable, sql: "s.\(sourceNames[index])", table: nil)
    })
    let both = Scope(relations: [target, source])
    let condition = try compiler.condition(try compiler.compile(merge.condition, both))
    // Each source row looks up its target rows by the ON columns (steps 2 to 4).
    try engine.indexes.ensureJoin(compiler.equalityColumns, target: table.storage, in: connection)
    let table_ = "main.\"\(table.storage)\""
    var stats = SnowflakeDMLStats()

    // 2. Flag matched source rows before anything changes.
    try connection.query("UPDATE temp.merge_source AS s SET merge_matched = EXISTS (SELECT 1 FROM \(table_) AS t WHERE \(condition))",
                         compiler.parameters)

    if let matched = merge.matched {
      try rejectDuplicates(table, table_, condition)
      var filter = condition
      if let predicate = matched.predicate { filter += " AND " + (try compiler.condition(try compiler.compile(predicate, both))) }
      switch matched.action {
      case .update(let assignments):
        var sets: [String] = []
        for assignment in assignments {
          let column = try engine.targetColumns(table, [assignment.column])[0]
          sets.append("\"\(column.storage)\" = " + (try compiler.store(try compiler.compile(assignment.value, both), into: column)))
        }
        try connection.query("UPDATE \(table_) AS t SET \(sets.joined(separator: ", ")) FROM temp.merge_source AS s WHERE \(filter)",
                             compiler.parameters)
        stats.numRowsUpdated = connection.changes
      case .delete:
        try connection.query("DELETE FROM \(table_) AS t WHERE EXISTS (SELECT 1 FROM temp.merge_source AS s WHERE \(filter))",
                             compiler.parameters)
        stats.numRowsDeleted = connection.changes
      }
    }

    if let notMatched = merge.notMatched {
      let columns = try engine.targetColumns(table, notMatched.columns)
      guard columns.count == notMatched.values.count else {
        throw SQLEngine.countMismatch(expected: columns.count, got: notMatched.values.count)
      }
      let sourceOnly = Scope(relations: [source])
      var values: [String] = []
      for (value, column) in zip(notMatched.values, columns) {
        values.append(try compiler.store(try compiler.compile(value, sourceOnly), into: column))
      }
      var filter = "s.merge_matched = 0"
      if let predicate = notMatched.predicate {
        filter += " AND " + (try compiler.condition(try compiler.compile(predicate, sourceOnly)))
      }
      let columnList = columns.map { "\"\($0.storage)\"" }.joined(separator: ", ")
      try connection.query("INSERT INTO \(table_) (\(columnList)) SELECT \(values.joined(separator: ", ")) FROM temp.merge_source AS s WHERE \(filter)",
                           compiler.parameters)
      stats.numRowsInserted = connection.changes
    }

    var counts: [(String, Int)] = []
    if merge.notMatched != nil { counts.append(("number of rows inserted", stats.numRowsInserted)) }
    if case .update? = merge.matched?.action { counts.append(("number of rows updated", stats.numRowsUpdated)) }
    if case .delete? = merge.matched?.action { counts.append(("number of rows deleted", stats.numRowsDeleted)) }
    return .counts(counts, stats: stats)
  }

  /// Throws `100090` when some target row joins more than one source row, naming that row's
  /// values as Snowflake does.
  private func rejectDuplicates(_ table: TableInfo, _ tableSQL: String, _ condition: String) throws {
    let rows = try engine.connection.query(
      // CROSS JOIN keeps the (small) source outside, so the target is probed by its index.
      "SELECT t.rowid FROM temp.merge_source AS s CROSS JOIN \(tableSQL) AS t WHERE \(condition) GROUP BY t.rowid HAVING COUNT(*) > 1 LIMIT 1",
      compiler.parameters)
    guard let first = rows.first, case .integer(let rowid) = first[0] else { return }
    let columns = table.columns.map { "\"\($0.storage)\"" }.joined(separator: ", ")
    let values = try engine.connection.query("SELECT \(columns) FROM \(tableSQL) WHERE rowid = ?1", [.integer(rowid)]).first ?? []
    let shown = zip(values, table.columns).map { value, column -> String in
      guard let text = ValueFormatter.json(value, as: column.type) else { return "NULL" }
      switch column.type {
      case .fixed, .real, .boolean: return text
      default: return ValueFormatter.quoted(ValueFormatter.text(value, as: column.type))
      }
    }
    throw SnowflakeSQLError.duplicateRow(shown.joined(separator: ", "))
  }
}
