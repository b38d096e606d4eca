extension SQLParser {
  /// `SELECT items [FROM source] [WHERE p] [GROUP BY ..] [HAVING p] [ORDER BY ..] [LIMIT n [OFFSET m]]`.
  mutating func select() throws -> SelectStatement {
    try expect("SELECT")
    var items: [SelectItem] = []
    repeat {
      if current.isSymbol("*") {
        items.append(.star(current.position))
        advance()
        continue
      }
      let start = current.start
      let value = try expression()
      let text = self.text(from: start, to: tokens[index - 1].end)
      items.append(.expression(value, alias: try optionalAlias(), text: text))
    } while accept(symbol: ",")
    var statement = SelectStatement(items: items)
    if accept("FROM") { statement.from = try fromSource() }
    if accept("WHERE") { statement.filter = try expression() }
    if accept("GROUP") {
      try expect("BY")
      repeat { statement.groupBy.append(try expression()) } while accept(symbol: ",")
    }
    if accept("HAVING") { statement.having = try expression() }
    if accept("ORDER") {
      try expect("BY")
      repeat { statement.orderBy.append(try orderTerm()) } while accept(symbol: ",")
    }
    if accept("LIMIT") {
      statement.limit = try expression()
      if accept("OFFSET") { statement.offset = try expression() }
    }
    return statement
  }

  private mutating func orderTerm() throws -> OrderTerm {
    let value = try expression()
    let descending = accept("DESC") ? true : { _ = accept("ASC"); return false }()
    var nullsFirst: Bool?
    if accept("NULLS") {
      if accept("FIRST") {
        nullsFirst = true
      } else {
        try expect("LAST")
        nullsFirst = false
      }
    }
    return OrderTerm(expression: value, descending: descending, nullsFirst: nullsFirst)
  }

  /// A table, `VALUES` list or parenthesized subquery, each with an optional alias.
  mutating func fromSource() throws -> FromSource {
    if accept("VALUES") {
      let rows = try valuesRows()
      let (alias, columns) = try aliasWithColumns()
      return .values(rows, alias: alias, columns: columns)
    }
    if accept(symbol: "(") {
      if accept("VALUES") {
        let rows = try valuesRows()
        try expect(symbol: ")")
        let (alias, columns) = try aliasWithColumns()
        return .values(rows, alias: alias, columns: columns)
      }
      let query = try select()
      try expect(symbol: ")")
      let (alias, columns) = try aliasWithColumns()
      return .subquery(query, alias: alias, columns: columns)
    }
    let name = try objectName()
    return .table(name, alias: try optionalAlias())
  }

  /// `[AS] alias [(c1, c2)]`.
  private mutating func aliasWithColumns() throws -> (Identifier?, [Identifier]) {
    guard let alias = try optionalAlias() else { return (nil, []) }
    return (alias, current.isSymbol("(") ? try identifierList() : [])
  }

  /// `MERGE INTO t [[AS] a] USING source ON p WHEN MATCHED ... WHEN NOT MATCHED ...`.
  mutating func merge() throws -> MergeStatement {
    try expect("INTO")
    let target = try objectName()
    let targetAlias = try optionalAlias()
    try expect("USING")
    let source = try fromSource()
    try expect("ON")
    let condition = try expression()
    var matched: MatchedClause?
    var notMatched: NotMatchedClause?
    while accept("WHEN") {
      if accept("NOT") {
        guard notMatched == nil else { throw unexpected }
        try expect("MATCHED")
        let predicate = accept("AND") ? try expression() : nil
        try expect("THEN")
        try expect("INSERT")
        let columns = current.isSymbol("(") ? try identifierList() : nil
        try expect("VALUES")
        try expect(symbol: "(")
        var values = [try expression()]
        while accept(symbol: ",") { values.append(try expression()) }
        try expect(symbol: ")")
        notMatched = NotMatchedClause(predicate: predicate, columns: columns, values: values)
      } else {
        guard matched == nil, current.isKeyword("MATCHED") else { throw unexpected }
        advance()
        let predicate = accept("AND") ? try expression() : nil
        try expect("THEN")
        if accept("DELETE") {
          matched = MatchedClause(predicate: predicate, action: .delete)
        } else {
          try expect("UPDATE")
          try expect("SET")
          matched = MatchedClause(predicate: predicate, action: .update(try assignmentList()))
        }
      }
    }
    guard matched != nil || notMatched != nil else { throw unexpected }
    return MergeStatement(target: target, targetAlias: targetAlias, source: source, condition: condition,
                          matched: matched, notMatched: notMatched)
  }
}
