/// Compiles expressions to SQLite text with Snowflake's typing.
///
/// Every value (literal, binding, session function) becomes a numbered parameter, so the SQL
/// text handed to SQLite is built only from the compiler's own fragments and generated
/// storage names, never from a user's characters: a vendor named `'); DROP TABLE VENDORS; --`
/// is one text parameter.
struct ExpressionCompiler {
  /// Parameter values, in `?N` order, shared by every part of one statement.
  var parameters: [SQLiteValue] = []
  let bindings: [Int: BoundValue]
  let session: SessionContext
  /// The statement's time in nanoseconds since the epoch, for CURRENT_TIMESTAMP.
  let now: Int64
  /// Stored columns compared with `=` (or `IN`) as they are, in compile order: the engine
  /// indexes them so key lookups stay O(log n) as tables grow (see `IndexAdvisor`).
  var equalityColumns: [IndexedColumn] = []

  /// Adds a parameter and returns its placeholder.
  mutating func parameter(_ value: SQLiteValue) -> String {
    parameters.append(value)
    return "?\(parameters.count)"
  }

  /// Compiles `expression` against `scope`; `aggregates` says whether aggregate functions may
  /// appear (select list, HAVING, ORDER BY) or not (WHERE, ON, VALUES).
  mutating func compile(_ expression: Expression, _ scope: Scope, aggregates: Bool = false) throws -> TypedSQL {
    switch expression {
    case .number(let text, _):
      if text.contains("e") || text.contains("E") {
        return TypedSQL(sql: parameter(.real(Double(text) ?? 0)), type: .real, nullable: false)
      }
      let scale = FixedPoint.scale(of: text)
      guard scale <= SnowflakeType.maxScale else { return TypedSQL(sql: parameter(.real(Double(text) ?? 0)), type: .real, nullable: false) }
      let value = try FixedPoint.parse(text, scale: scale)
      let digits = max(text.filter(\.isNumber).count, scale + 1)
      return TypedSQL(sql: parameter(.integer(value)), type: .fixed(precision: min(digits, 38), scale: scale), nullable: false)
    case .string(let text, _):
      return TypedSQL(sql: parameter(.text(text)), type: .text(length: max(text.count, 1)), nullable: false)
    case .boolean(let value, _):
      return TypedSQL(sql: parameter(.integer(value ? 1 : 0)), type: .boolean, nullable: false)
    case .null:
      return TypedSQL(sql: "NULL", type: nil)
    case .placeholder(let index, _):
      guard let bound = bindings[index] else { throw SnowflakeSQLError.bindNotSet(index) }
      return TypedSQL(sql: parameter(bound.value), type: bound.type, nullable: bound.value == .null)
    case .column(let qualifier, let name):
      let column = try scope.resolve(qualifier: qualifier, name: name)
      return TypedSQL(sql: column.sql, type: column.type, nullable: column.nullable, readsColumns: true, column: column)
    case .function(let name, let arguments, let star, let distinct, let position):
      return try function(name, arguments, star: star, distinct: distinct, position: position, scope, aggregates: aggregates)
    case .not(let operand, _):
      let inner = try compile(operand, scope, aggregates: aggregates)
      return derived("(NOT \(try condition(inner)))", .boolean, from: [inner])
    case .negate(let operand, let position):
      let inner = try compile(operand, scope, aggregates: aggregates)
      guard inner.type?.isNumeric ?? true else { throw SnowflakeSQLError.syntax(position, found: "-") }
      return derived("(-\(inner.sql))", inner.type, from: [inner])
    case .binary(let op, let left, let right, let position):
      let lhs = try compile(left, scope, aggregates: aggregates)
      let rhs = try compile(right, scope, aggregates: aggregates)
      return try binary(op, lhs, rhs, position)
    case .isNull(let operand, let negated):
      let inner = try compile(operand, scope, aggregates: aggregates)
      var result = derived("(\(inner.sql) IS \(negated ? "NOT " : "")NULL)", .boolean, from: [inner])
      result.nullable = false
      return result
    case .like(let operand, let pattern, let escape, let negated):
      let value = try compile(operand, scope, aggregates: aggregates)
      let patternSQL = try compile(pattern, scope, aggregates: aggregates)
      let escapeSQL = try escape.map { try compile($0, scope, aggregates: aggregates) }
      let call = "sf_like(\(try coerce(value, to: .text(length: nil))), \(try coerce(patternSQL, to: .text(length: nil))), \(escapeSQL?.sql ?? "NULL"))"
      return derived(negated ? "(NOT \(call))" : call, .boolean, from: [value, patternSQL])
    case .inList(let operand, let list, let negated):
      let value = try compile(operand, scope, aggregates: aggregates)
      let noted = equalityColumns.count
      var terms: [String] = []
      for item in list {
        terms.append(try compare("=", value, try compile(item, scope, aggregates: aggregates)).sql)
      }
      // NOT IN cannot use an index; don't build one for it.
      if negated { equalityColumns.removeSubrange(noted...) }
      let any = Self.balancedOr(terms[...])
      return derived(negated ? "(NOT \(any))" : any, .boolean, from: [value])
    case .cast(let operand, let typeName):
      let inner = try compile(operand, scope, aggregates: aggregates)
      let target = try SnowflakeType(typeName)
      return derived(try coerce(inner, to: target), target, from: [inner])
    }
  }

  /// `(t1 OR t2 OR …)` nested as a balanced tree: SQLite parses a flat chain into a tree as
  /// deep as the list is long and refuses depths over 1000, and a loader's `IN` lists hold
  /// 1000 keys. Same truth table, NULLs included.
  static func balancedOr(_ terms: ArraySlice<String>) -> String {
    if terms.count <= 8 { return "(" + terms.joined(separator: " OR ") + ")" }
    let middle = terms.startIndex + terms.count / 2
    return "(" + balancedOr(terms[..<middle]) + " OR " + balancedOr(terms[middle...]) + ")"
  }

  /// A result built from `parts`, carrying their aggregate and column flags.
  func derived(_ sql: String, _ type: SnowflakeType?, from parts: [TypedSQL]) -> TypedSQL {
    TypedSQL(sql: sql, type: type, nullable: true, isAggregate: parts.contains { $0.isAggregate },
             readsColumns: parts.contains { $0.readsColumns })
  }

  /// The expression as a boolean condition (text 'true', numbers non-zero...).
  func condition(_ value: TypedSQL) throws -> String {
    value.type == nil || value.type == .boolean ? value.sql : try coerce(value, to: .boolean)
  }

  private mutating func binary(_ op: String, _ lhs: TypedSQL, _ rhs: TypedSQL, _ position: SourcePosition) throws -> TypedSQL {
    switch op {
    case "AND", "OR":
      return derived("(\(try condition(lhs)) \(op) \(try condition(rhs)))", .boolean, from: [lhs, rhs])
    case "||":
      let text = SnowflakeType.text(length: nil)
      return derived("(\(try coerce(lhs, to: text)) || \(try coerce(rhs, to: text)))", text, from: [lhs, rhs])
    case "+", "-", "*", "/":
      return try arithmetic(op, lhs, rhs, position)
    default:
      return try compare(op, lhs, rhs)
    }
  }

  /// `+ - * /` on numbers. NUMBER stays exact for `+ - *` (scales add for `*`); division and
  /// anything involving FLOAT is computed in FLOAT.
  private func arithmetic(_ op: String, _ lhs: TypedSQL, _ rhs: TypedSQL, _ position: SourcePosition) throws -> TypedSQL {
    guard lhs.type?.isNumeric ?? true, rhs.type?.isNumeric ?? true else { throw SnowflakeSQLError.syntax(position, found: op) }
    if case .fixed(_, let s1)? = lhs.type, case .fixed(_, let s2)? = rhs.type, op != "/" {
      if op == "*" {
        let scale = s1 + s2
        if scale <= SnowflakeType.maxScale { return derived("(\(lhs.sql) * \(rhs.sql))", .fixed(precision: 38, scale: scale), from: [lhs, rhs]) }
      } else {
        let scale = max(s1, s2)
        let target = SnowflakeType.fixed(precision: 38, scale: scale)
        return derived("(\(try coerce(lhs, to: target)) \(op) \(try coerce(rhs, to: target)))", target, from: [lhs, rhs])
      }
    }
    return derived("(\(try coerce(lhs, to: .real)) \(op) \(try coerce(rhs, to: .real)))", .real, from: [lhs, rhs])
  }

  /// A comparison after Snowflake's implicit conversions: NUMBERs at a common scale, FLOAT
  /// with anything numeric, text converted to the other side's type, DATE widened to TIMESTAMP.
  mutating func compare(_ op: String, _ lhs: TypedSQL, _ rhs: TypedSQL) throws -> TypedSQL {
    guard let left = lhs.type, let right = rhs.type else {
      return derived("(\(lhs.sql) \(op) \(rhs.sql))", .boolean, from: [lhs, rhs])
    }
    let common: SnowflakeType
    switch (left, right) {
    case (.fixed(_, let s1), .fixed(_, let s2)): common = .fixed(precision: 38, scale: max(s1, s2))
    case (.real, _) where right.isNumeric || right == .text(length: nil) || isText(right), (_, .real) where left.isNumeric || isText(left):
      common = .real
    case (.fixed, _) where isText(right), (_, .fixed) where isText(left): common = .real
    case (.date, _) where right.isTimestamp: common = right
    case (_, .date) where left.isTimestamp: common = left
    case (_, _) where isText(left) && isText(right): common = left
    case (_, _) where isText(right): common = left
    case (_, _) where isText(left): common = right
    case (.variant, _), (_, .variant): common = .text(length: nil)
    default: common = left
    }
    let leftSQL = try coerce(lhs, to: common), rightSQL = try coerce(rhs, to: common)
    if op == "=" {
      for (side, converted) in [(lhs, leftSQL), (rhs, rightSQL)] where converted == side.sql {
        if let column = side.column, let table = column.table, let storage = column.storage {
          equalityColumns.append(IndexedColumn(table: table.storage, column: storage))
        }
      }
    }
    return derived("(\(leftSQL) \(op) \(rightSQL))", .boolean, from: [lhs, rhs])
  }

  private func isText(_ type: SnowflakeType) -> Bool {
    if case .text = type { return true }
    return false
  }
}
