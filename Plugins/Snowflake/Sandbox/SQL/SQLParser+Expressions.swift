extension SQLParser {
  /// Parses an expression with Snowflake's precedence, loosest first: `OR`, `AND`, `NOT`,
  /// comparisons (`= <> != < > <= >=`, `IS [NOT] NULL`, `[NOT] LIKE`, `[NOT] IN`), `||` `+` `-`,
  /// `*` `/`, unary `-`, `::` casts, then primaries.
  mutating func expression() throws -> Expression {
    var left = try conjunction()
    while current.isKeyword("OR") {
      let position = current.position
      advance()
      left = .binary("OR", left, try conjunction(), position)
    }
    return left
  }

  private mutating func conjunction() throws -> Expression {
    var left = try negation()
    while current.isKeyword("AND") {
      let position = current.position
      advance()
      left = .binary("AND", left, try negation(), position)
    }
    return left
  }

  private mutating func negation() throws -> Expression {
    if current.isKeyword("NOT") {
      let position = current.position
      advance()
      return .not(try negation(), position)
    }
    return try comparison()
  }

  private mutating func comparison() throws -> Expression {
    let left = try additive()
    if case .symbol(let op) = current.kind, ["=", "<>", "!=", "<", ">", "<=", ">="].contains(op) {
      let position = current.position
      advance()
      return .binary(op == "!=" ? "<>" : op, left, try additive(), position)
    }
    if accept("IS") {
      let negated = accept("NOT")
      try expect("NULL")
      return .isNull(left, negated: negated)
    }
    let negated = accept("NOT")
    if accept("LIKE") {
      let pattern = try additive()
      let escape = accept("ESCAPE") ? try additive() : nil
      return .like(left, pattern: pattern, escape: escape, negated: negated)
    }
    if accept("IN") {
      try expect(symbol: "(")
      var list = [try expression()]
      while accept(symbol: ",") { list.append(try expression()) }
      try expect(symbol: ")")
      return .inList(left, list, negated: negated)
    }
    if negated { throw unexpected }
    return left
  }

  private mutating func additive() throws -> Expression {
    var left = try multiplicative()
    while case .symbol(let op) = current.kind, ["+", "-", "||"].contains(op) {
      let position = current.position
      advance()
      left = .binary(op, left, try multiplicative(), position)
    }
    return left
  }

  private mutating func multiplicative() throws -> Expression {
    var left = try unary()
    while case .symbol(let op) = current.kind, ["*", "/"].contains(op) {
      let position = current.position
      advance()
      left = .binary(op, left, try unary(), position)
    }
    return left
  }

  private mutating func unary() throws -> Expression {
    if current.isSymbol("-") || current.isSymbol("+") {
      let negative = current.isSymbol("-")
      let position = current.position
      advance()
      let operand = try unary()
      if case .number(let digits, _) = operand { return .number(negative ? "-" + digits : digits, position) }
      return negative ? .negate(operand, position) : operand
    }
    var value = try primary()
    while accept(symbol: "::") { value = .cast(value, try typeName()) }
    return value
  }

  private mutating func primary() throws -> Expression {
    let token = current
    switch token.kind {
    case .number(let text):
      advance()
      return .number(text, token.position)
    case .string(let text):
      advance()
      return .string(text, token.position)
    case .placeholder(let number):
      guard let number else { throw unexpected }
      advance()
      return .placeholder(number, token.position)
    case .symbol("("):
      advance()
      let inner = try expression()
      try expect(symbol: ")")
      return inner
    case .word("TRUE"), .word("FALSE"):
      advance()
      return .boolean(token.isKeyword("TRUE"), token.position)
    case .word("NULL"):
      advance()
      return .null(token.position)
    case .word("CAST"):
      advance()
      try expect(symbol: "(")
      let inner = try expression()
      try expect("AS")
      let type = try typeName()
      try expect(symbol: ")")
      return .cast(inner, type)
    case .word(let upper) where ["CURRENT_TIMESTAMP", "CURRENT_DATE", "SYSDATE"].contains(upper)
      && !tokens[index + 1].isSymbol("("):
      advance()
      return .function(name: upper, arguments: [], star: false, distinct: false, position: token.position)
    case .word(let upper) where tokens[index + 1].isSymbol("(") && !Self.reserved.contains(upper):
      advance()
      advance()
      return try functionCall(upper, token.position)
    default:
      let first = try identifier()
      if accept(symbol: ".") { return .column(qualifier: first, name: try identifier()) }
      return .column(qualifier: nil, name: first)
    }
  }

  /// The arguments after `NAME(`: `*`, `DISTINCT x`, or a list, then `)`.
  private mutating func functionCall(_ name: String, _ position: SourcePosition) throws -> Expression {
    if accept(symbol: "*") {
      try expect(symbol: ")")
      return .function(name: name, arguments: [], star: true, distinct: false, position: position)
    }
    let distinct = accept("DISTINCT")
    var arguments: [Expression] = []
    if !current.isSymbol(")") {
      repeat { arguments.append(try expression()) } while accept(symbol: ",")
    }
    try expect(symbol: ")")
    return .function(name: name, arguments: arguments, star: false, distinct: distinct, position: position)
  }
}
