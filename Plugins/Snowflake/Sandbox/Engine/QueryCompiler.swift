/// A column of a compiled query's output.
struct ResultColumn: Sendable {
  let name: String
  let type: SnowflakeType
  let nullable: Bool
  /// The table the column is read from unchanged, for `rowType`'s database/schema/table.
  let table: TableInfo?
}

/// A compiled `SELECT`: SQLite text whose output columns are `o1`, `o2`, ..., and their types.
struct CompiledQuery {
  let sql: String
  let columns: [ResultColumn]
}

/// Compiles `SELECT` statements and FROM/USING sources to SQLite, sharing one parameter list
/// with the rest of the statement.
struct QueryCompiler {
  var expressions: ExpressionCompiler
  let catalog: Catalog
  /// Counter for SQLite relation aliases (`r0`, `r1`, ...) so nested queries never collide.
  private var nextAlias = 0

  init(expressions: ExpressionCompiler, catalog: Catalog) {
    self.expressions = expressions
    self.catalog = catalog
  }

  private mutating func alias() -> String {
    defer { nextAlias += 1 }
    return "r\(nextAlias)"
  }

  /// Compiles a FROM/USING source to a SQLite relation (`main."t1" AS r0`, `(...) AS r0`) and
  /// the scope relation expressions see it as.
  mutating func relation(_ source: FromSource) throws -> (sql: String, relation: ScopeRelation) {
    let sqlAlias = alias()
    switch source {
    case .table(let name, let tableAlias):
      let table = try catalog.table(name, in: expressions.session)
      let columns = table.columns.map {
        ScopeColumn(name: $0.name, type: $0.type, nullable: $0.nullable, sql: "\(sqlAlias).\"\($0.storage)\"", table: table,
                     storage: $0.storage)
      }
      return ("main.\"\(table.storage)\" AS \(sqlAlias)", ScopeRelation(name: tableAlias?.name ?? table.name, columns: columns))
    case .values(let rows, let valuesAlias, let names):
      let (sql, types) = try values(rows)
      let columns = types.indices.map { index in
        ScopeColumn(name: index < names.count ? names[index].name : "COLUMN\(index + 1)", type: types[index],
                    nullable: true, sql: "\(sqlAlias).column\(index + 1)", table: nil)
      }
      return ("(\(sql)) AS \(sqlAlias)", ScopeRelation(name: valuesAlias?.name, columns: columns))
    case .subquery(let query, let queryAlias, let names):
      let compiled = try select(query)
      let columns = compiled.columns.enumerated().map { index, column in
        ScopeColumn(name: index < names.count ? names[index].name : column.name, type: column.type,
                    nullable: column.nullable, sql: "\(sqlAlias).o\(index + 1)", table: column.table)
      }
      return ("(\(compiled.sql)) AS \(sqlAlias)", ScopeRelation(name: queryAlias?.name, columns: columns))
    }
  }

  /// `VALUES (..), (..)` as SQLite VALUES whose columns are `column1`, ...; every row is
  /// converted to the first row's types, as Snowflake gives a VALUES column one type.
  mutating func values(_ rows: [[Expression]]) throws -> (sql: String, types: [SnowflakeType?]) {
    var compiledRows: [[TypedSQL]] = []
    for row in rows {
      guard row.count == rows[0].count else {
        throw SnowflakeSQLError(code: "002020", sqlState: "21S01",
                                message: "SQL compilation error:\nDifferent number of values in VALUES clause: expected \(rows[0].count) but got \(row.count)")
      }
      compiledRows.append(try row.map { try expressions.compile($0, Scope()) })
    }
    let types = (0..<rows[0].count).map { column in compiledRows.lazy.compactMap { $0[column].type }.first }
    let sqlRows = try compiledRows.map { row in
      "(" + (try row.enumerated().map { index, cell in
        try types[index].map { try expressions.coerce(cell, to: $0) } ?? cell.sql
      }).joined(separator: ", ") + ")"
    }
    return ("VALUES " + sqlRows.joined(separator: ", "), types)
  }

  /// Compiles a `SELECT`; output columns are named `o1`, `o2`, ... in SQLite.
  mutating func select(_ query: SelectStatement) throws -> CompiledQuery {
    var scope = Scope()
    var fromSQL = ""
    if let from = query.from {
      let (sql, relation) = try relation(from)
      fromSQL = " FROM " + sql
      scope.relations = [relation]
    }
    var items: [(TypedSQL, String)] = []
    for item in query.items {
      switch item {
      case .star(let position):
        guard !scope.relations.isEmpty else { throw SnowflakeSQLError.syntax(position, found: "*") }
        for column in scope.relations.flatMap(\.columns) {
          items.append((TypedSQL(sql: column.sql, type: column.type, nullable: column.nullable, readsColumns: true, column: column), column.name))
        }
      case .expression(let expression, let alias, let text):
        let compiled = try expressions.compile(expression, scope, aggregates: true)
        items.append((compiled, alias?.name ?? compiled.column?.name ?? text.uppercased()))
      }
    }
    var sql = "SELECT " + items.enumerated().map { "\($1.0.sql) AS o\($0 + 1)" }.joined(separator: ", ") + fromSQL
    if let filter = query.filter {
      sql += " WHERE " + (try expressions.condition(try expressions.compile(filter, scope)))
    }
    let grouped = !query.groupBy.isEmpty || items.contains { $0.0.isAggregate }
    var groupSQL: [String] = []
    for term in query.groupBy {
      groupSQL.append(try groupTerm(term, items: items, scope: scope).sql)
    }
    if grouped {
      for (index, item) in items.enumerated() where !item.0.isAggregate && item.0.readsColumns && !groupSQL.contains(item.0.sql) {
        let position = query.items.count > index ? itemPosition(query.items[index]) : SourcePosition(line: 1, column: 0)
        throw SnowflakeSQLError(code: "000979", sqlState: "42601",
                                message: "SQL compilation error: error line \(position.line) at position \(position.column)\n'\(item.1)' in select clause is neither an aggregate nor in the group by clause.")
      }
    }
    if !groupSQL.isEmpty { sql += " GROUP BY " + groupSQL.joined(separator: ", ") }
    if let having = query.having {
      sql += " HAVING " + (try expressions.condition(try expressions.compile(having, scope, aggregates: true)))
    }
    if !query.orderBy.isEmpty {
      var terms: [String] = []
      for term in query.orderBy {
        let key = try orderKey(term.expression, items: items, scope: scope)
        // Snowflake sorts NULL above every value: last ascending, first descending.
        let nullsFirst = term.nullsFirst ?? term.descending
        terms.append("\(key) \(term.descending ? "DESC" : "ASC") NULLS \(nullsFirst ? "FIRST" : "LAST")")
      }
      sql += " ORDER BY " + terms.joined(separator: ", ")
    }
    if let limit = query.limit {
      sql += " LIMIT " + (try expressions.coerce(try expressions.compile(limit, Scope()), to: .fixed(precision: 38, scale: 0)))
      if let offset = query.offset {
        sql += " OFFSET " + (try expressions.coerce(try expressions.compile(offset, Scope()), to: .fixed(precision: 38, scale: 0)))
      }
    }
    let columns = items.map { item in
      ResultColumn(name: item.1, type: item.0.type ?? .text(length: nil), nullable: item.0.nullable, table: item.0.column?.table)
    }
    return CompiledQuery(sql: sql, columns: columns)
  }

  private func itemPosition(_ item: SelectItem) -> SourcePosition {
    switch item {
    case .star(let position): return position
    case .expression(let expression, _, _): return expression.position
    }
  }

  /// A GROUP BY term: a 1-based select-list position, a column, or a select-list alias
  /// (a column of the same name wins, as in Snowflake).
  private mutating func groupTerm(_ term: Expression, items: [(TypedSQL, String)], scope: Scope) throws -> TypedSQL {
    if case .number(let text, let position) = term, let ordinal = Int(text) {
      guard items.indices.contains(ordinal - 1) else { throw SnowflakeSQLError.syntax(position, found: text) }
      return items[ordinal - 1].0
    }
    if case .column(nil, let name) = term, (try? scope.resolve(qualifier: nil, name: name)) == nil,
       let item = items.first(where: { $0.1 == name.name }) {
      return item.0
    }
    return try expressions.compile(term, scope)
  }

  /// An ORDER BY key: a 1-based position or a select-list alias name the output column
  /// (`o2`); anything else is compiled as an expression.
  private mutating func orderKey(_ term: Expression, items: [(TypedSQL, String)], scope: Scope) throws -> String {
    if case .number(let text, let position) = term, let ordinal = Int(text) {
      guard items.indices.contains(ordinal - 1) else { throw SnowflakeSQLError.syntax(position, found: text) }
      return "o\(ordinal)"
    }
    if case .column(nil, let name) = term, let index = items.firstIndex(where: { $0.1 == name.name }) {
      return "o\(index + 1)"
    }
    return try expressions.compile(term, scope, aggregates: true).sql
  }
}
