/// A recursive-descent parser for the sandbox's subset of Snowflake SQL: `CREATE TABLE`,
/// `CREATE SCHEMA`, `DROP TABLE`, `INSERT`, `SELECT`, `MERGE`, `UPDATE` and `DELETE`.
///
/// Grammar follows docs.snowflake.com/en/sql-reference/sql/{create-table,insert,select,merge,
/// update,delete}; anything outside the subset fails with Snowflake's `001003` syntax error at
/// the first token the parser cannot use, so a client sees a 422 exactly as for a typo.
/// Values never leave the syntax tree as text: literals and placeholders stay typed nodes.
struct SQLParser {
  let tokens: [SQLToken]
  let source: [Character]
  var index = 0

  /// Words that end an expression or a clause, so they are never read as an alias.
  static let reserved: Set<String> = [
    "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "OFFSET", "AND", "OR", "NOT",
    "IS", "NULL", "LIKE", "ILIKE", "IN", "AS", "ON", "USING", "WHEN", "THEN", "MERGE", "INTO", "VALUES",
    "INSERT", "UPDATE", "DELETE", "SET", "CREATE", "TABLE", "DROP", "TRUE", "FALSE", "CASE", "END", "UNION",
    "ALL", "DISTINCT", "ASC", "DESC", "NULLS", "FETCH", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "CROSS",
    "QUALIFY", "BETWEEN", "EXISTS", "WITH", "MINUS", "EXCEPT", "INTERSECT", "NATURAL", "FULL", "LATERAL",
  ]

  init(_ text: String) throws {
    tokens = try SQLTokenizer.tokenize(text)
    source = Array(text)
  }

  /// Parses every `;`-separated statement; a trailing `;` is allowed, an empty text is not.
  static func parse(_ text: String) throws -> [Statement] {
    var parser = try SQLParser(text)
    var statements: [Statement] = []
    repeat {
      if parser.current.kind == .end && !statements.isEmpty { break }
      statements.append(try parser.statement())
    } while parser.accept(symbol: ";")
    try parser.expectEnd()
    return statements
  }

  // MARK: - Token helpers

  var current: SQLToken { tokens[index] }

  mutating func advance() { if index < tokens.count - 1 { index += 1 } }

  /// The syntax error Snowflake gives for the current token.
  var unexpected: SnowflakeSQLError { SnowflakeSQLError.syntax(current.position, found: current.errorText) }

  mutating func accept(_ keyword: String) -> Bool {
    guard current.isKeyword(keyword) else { return false }
    advance()
    return true
  }

  mutating func accept(symbol: String) -> Bool {
    guard current.isSymbol(symbol) else { return false }
    advance()
    return true
  }

  mutating func expect(_ keyword: String) throws {
    guard accept(keyword) else { throw unexpected }
  }

  mutating func expect(symbol: String) throws {
    guard accept(symbol: symbol) else { throw unexpected }
  }

  mutating func expectEnd() throws {
    guard current.kind == .end else { throw unexpected }
  }

  /// Reads an identifier; reserved words are refused unless quoted.
  mutating func identifier() throws -> Identifier {
    switch current.kind {
    case .word(let upper) where !Self.reserved.contains(upper):
      defer { advance() }
      return Identifier(name: upper, quoted: false, position: current.position)
    case .quoted(let name) where !name.isEmpty:
      defer { advance() }
      return Identifier(name: name, quoted: true, position: current.position)
    default:
      throw unexpected
    }
  }

  /// Whether the current token can start an identifier (for optional aliases).
  var atIdentifier: Bool {
    switch current.kind {
    case .word(let upper): return !Self.reserved.contains(upper)
    case .quoted: return true
    default: return false
    }
  }

  mutating func objectName() throws -> ObjectName {
    var parts = [try identifier()]
    while current.isSymbol("."), parts.count < 3 {
      advance()
      parts.append(try identifier())
    }
    return ObjectName(parts: parts)
  }

  /// `[AS] alias`, or nil when no alias follows.
  mutating func optionalAlias() throws -> Identifier? {
    if accept("AS") { return try identifier() }
    return atIdentifier ? try identifier() : nil
  }

  /// `( a, b, ... )` of identifiers.
  mutating func identifierList() throws -> [Identifier] {
    try expect(symbol: "(")
    var names = [try identifier()]
    while accept(symbol: ",") { names.append(try identifier()) }
    try expect(symbol: ")")
    return names
  }

  /// The statement text between two token offsets.
  func text(from start: Int, to end: Int) -> String { String(source[start..<end]) }

  // MARK: - Statements

  mutating func statement() throws -> Statement {
    if accept("CREATE") { return try create() }
    if accept("DROP") {
      try expect("TABLE")
      let ifExists = accept("IF") ? try { try expect("EXISTS"); return true }() : false
      return .dropTable(name: try objectName(), ifExists: ifExists)
    }
    if accept("INSERT") { return try insert() }
    if current.isKeyword("SELECT") { return .select(try select()) }
    if accept("MERGE") { return .merge(try merge()) }
    if accept("UPDATE") { return try update() }
    if accept("DELETE") {
      try expect("FROM")
      let table = try objectName()
      let alias = try optionalAlias()
      return .delete(table: table, alias: alias, filter: accept("WHERE") ? try expression() : nil)
    }
    throw unexpected
  }

  /// After `CREATE`: `[OR REPLACE] [TRANSIENT] TABLE [IF NOT EXISTS] name (columns)` or
  /// `SCHEMA [IF NOT EXISTS] name`.
  private mutating func create() throws -> Statement {
    var orReplace = false
    if accept("OR") {
      try expect("REPLACE")
      orReplace = true
    }
    if accept("SCHEMA") {
      let ifNotExists = try ifNotExistsClause()
      return .createSchema(name: try objectName(), ifNotExists: ifNotExists)
    }
    _ = accept("TRANSIENT")
    try expect("TABLE")
    let ifNotExists = try ifNotExistsClause()
    let name = try objectName()
    try expect(symbol: "(")
    var columns: [ColumnDefinition] = []
    repeat {
      if accept("PRIMARY") || accept("UNIQUE") || accept("CONSTRAINT") {
        try skipConstraint()
        continue
      }
      columns.append(try columnDefinition())
    } while accept(symbol: ",")
    try expect(symbol: ")")
    if columns.isEmpty { throw unexpected }
    return .createTable(name: name, columns: columns, ifNotExists: ifNotExists, orReplace: orReplace)
  }

  private mutating func ifNotExistsClause() throws -> Bool {
    guard accept("IF") else { return false }
    try expect("NOT")
    try expect("EXISTS")
    return true
  }

  /// Skips a table constraint (`PRIMARY KEY (A)`, `CONSTRAINT PK PRIMARY KEY (A)`): Snowflake
  /// records but does not enforce them, and neither does the sandbox.
  private mutating func skipConstraint() throws {
    if atIdentifier { _ = try identifier() }
    _ = accept("PRIMARY") || accept("UNIQUE")
    _ = accept("KEY")
    _ = try identifierList()
  }

  /// `name TYPE [NOT NULL | NULL | PRIMARY KEY | UNIQUE]...`.
  private mutating func columnDefinition() throws -> ColumnDefinition {
    let name = try identifier()
    let type = try typeName()
    var notNull = false
    while true {
      if accept("NOT") {
        try expect("NULL")
        notNull = true
      } else if accept("NULL") {
        notNull = false
      } else if accept("PRIMARY") {
        try expect("KEY")
      } else if accept("UNIQUE") {
        continue
      } else {
        return ColumnDefinition(name: name, type: type, notNull: notNull)
      }
    }
  }

  /// `NAME`, `NAME(p)`, `NAME(p, s)` or `DOUBLE PRECISION`.
  mutating func typeName() throws -> TypeName {
    guard case .word(var name) = current.kind else { throw unexpected }
    let position = current.position
    advance()
    if name == "DOUBLE" && accept("PRECISION") { name = "DOUBLE" }
    var arguments: [Int] = []
    if accept(symbol: "(") {
      repeat {
        guard case .number(let text) = current.kind, let value = Int(text) else { throw unexpected }
        arguments.append(value)
        advance()
      } while accept(symbol: ",")
      try expect(symbol: ")")
    }
    return TypeName(name: name, arguments: arguments, position: position)
  }

  /// After `INSERT`: `INTO name [(columns)] VALUES (...), ...` or `... SELECT ...`.
  private mutating func insert() throws -> Statement {
    try expect("INTO")
    let table = try objectName()
    let columns = current.isSymbol("(") ? try identifierList() : nil
    if current.isKeyword("SELECT") { return .insert(table: table, columns: columns, source: .select(try select())) }
    try expect("VALUES")
    return .insert(table: table, columns: columns, source: .values(try valuesRows()))
  }

  /// `(e, ...), (e, ...)` after `VALUES`.
  mutating func valuesRows() throws -> [[Expression]] {
    var rows: [[Expression]] = []
    repeat {
      try expect(symbol: "(")
      var row = [try expression()]
      while accept(symbol: ",") { row.append(try expression()) }
      try expect(symbol: ")")
      rows.append(row)
    } while accept(symbol: ",")
    return rows
  }

  /// After `UPDATE`: `name [[AS] alias] SET assignments [WHERE condition]`.
  private mutating func update() throws -> Statement {
    let table = try objectName()
    let alias = current.isKeyword("SET") ? nil : try optionalAlias()
    try expect("SET")
    let assignments = try assignmentList()
    return .update(table: table, alias: alias, assignments: assignments, filter: accept("WHERE") ? try expression() : nil)
  }

  /// `col = expr, ...`; a column may be qualified by the target's alias (`t.NAME = s.NAME`).
  mutating func assignmentList() throws -> [Assignment] {
    var assignments: [Assignment] = []
    repeat {
      var column = try identifier()
      if accept(symbol: ".") { column = try identifier() }
      try expect(symbol: "=")
      assignments.append(Assignment(column: column, value: try expression()))
    } while accept(symbol: ",")
    return assignments
  }
}
