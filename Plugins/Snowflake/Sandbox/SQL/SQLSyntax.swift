import Foundation

/// A resolved identifier: unquoted names are upper-cased, quoted names keep their case, so two
/// identifiers refer to the same object exactly when their `name`s are equal.
struct Identifier: Equatable, Hashable, Sendable {
  let name: String
  let quoted: Bool
  let position: SourcePosition

  /// The identifier as Snowflake shows it in messages: bare when it needs no quotes.
  var display: String {
    quoted && !Identifier.isPlain(name) ? "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : name
  }

  /// Whether `name` would round-trip unquoted (upper-case letters, digits, `_`, `$`).
  static func isPlain(_ name: String) -> Bool {
    guard let first = name.first, first.isUppercase || first == "_" else { return false }
    return name.allSatisfy { ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "_" || $0 == "$" }
  }

  static func == (lhs: Identifier, rhs: Identifier) -> Bool { lhs.name == rhs.name }
  func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// A possibly qualified object name: `T`, `SCHEMA.T` or `DB.SCHEMA.T`.
struct ObjectName: Equatable, Sendable {
  let parts: [Identifier]
  var last: Identifier { parts[parts.count - 1] }
  var position: SourcePosition { parts[0].position }
}

/// A type as written in DDL or a cast: `NUMBER(18,2)`, `VARCHAR(40)`, `TIMESTAMP_NTZ`.
struct TypeName: Equatable, Sendable {
  let name: String
  let arguments: [Int]
  let position: SourcePosition
}

/// A scalar expression.
indirect enum Expression: Equatable, Sendable {
  case number(String, SourcePosition)
  case string(String, SourcePosition)
  case boolean(Bool, SourcePosition)
  case null(SourcePosition)
  /// A `?` or `:N` placeholder, keyed by its 1-based index into `bindings`.
  case placeholder(Int, SourcePosition)
  /// A column reference, optionally qualified by a table name or alias.
  case column(qualifier: Identifier?, name: Identifier)
  /// A function call; `star` for `COUNT(*)`, `distinct` for `COUNT(DISTINCT x)`.
  case function(name: String, arguments: [Expression], star: Bool, distinct: Bool, position: SourcePosition)
  case not(Expression, SourcePosition)
  case negate(Expression, SourcePosition)
  case binary(String, Expression, Expression, SourcePosition)
  case isNull(Expression, negated: Bool)
  case like(Expression, pattern: Expression, escape: Expression?, negated: Bool)
  case inList(Expression, [Expression], negated: Bool)
  case cast(Expression, TypeName)

  /// Where the expression starts, for error messages.
  var position: SourcePosition {
    switch self {
    case .number(_, let p), .string(_, let p), .boolean(_, let p), .null(let p), .placeholder(_, let p),
         .not(_, let p), .negate(_, let p), .binary(_, _, _, let p):
      return p
    case .column(let qualifier, let name): return qualifier?.position ?? name.position
    case .function(_, _, _, _, let p): return p
    case .isNull(let e, _), .like(let e, _, _, _), .inList(let e, _, _), .cast(let e, _): return e.position
    }
  }
}

/// One item of a select list.
enum SelectItem: Equatable, Sendable {
  case star(SourcePosition)
  /// An expression, its alias if given, and its source text (Snowflake names unaliased
  /// columns after the text, upper-cased).
  case expression(Expression, alias: Identifier?, text: String)
}

/// What a `FROM` or `USING` clause reads.
indirect enum FromSource: Equatable, Sendable {
  case table(ObjectName, alias: Identifier?)
  /// `VALUES (..), (..)` with an optional alias and column names `AS s(A, B)`.
  case values([[Expression]], alias: Identifier?, columns: [Identifier])
  case subquery(SelectStatement, alias: Identifier?, columns: [Identifier])
}

/// One `ORDER BY` term.
struct OrderTerm: Equatable, Sendable {
  let expression: Expression
  let descending: Bool
  let nullsFirst: Bool?
}

/// A `SELECT` statement of the sandbox's subset.
struct SelectStatement: Equatable, Sendable {
  var items: [SelectItem]
  var from: FromSource?
  var filter: Expression?
  var groupBy: [Expression] = []
  var having: Expression?
  var orderBy: [OrderTerm] = []
  var limit: Expression?
  var offset: Expression?
}

/// A column definition in `CREATE TABLE`.
struct ColumnDefinition: Equatable, Sendable {
  let name: Identifier
  let type: TypeName
  let notNull: Bool
}

/// `WHEN MATCHED [AND p] THEN UPDATE SET ... | DELETE`.
enum MatchedAction: Sendable {
  case update([Assignment])
  case delete
}

/// `column = value` in an `UPDATE SET` list.
struct Assignment: Sendable {
  let column: Identifier
  let value: Expression
}

/// A parsed statement of the sandbox's subset.
enum Statement: Sendable {
  case createTable(name: ObjectName, columns: [ColumnDefinition], ifNotExists: Bool, orReplace: Bool)
  case createSchema(name: ObjectName, ifNotExists: Bool)
  case dropTable(name: ObjectName, ifExists: Bool)
  case insert(table: ObjectName, columns: [Identifier]?, source: InsertSource)
  case select(SelectStatement)
  case merge(MergeStatement)
  case update(table: ObjectName, alias: Identifier?, assignments: [Assignment], filter: Expression?)
  case delete(table: ObjectName, alias: Identifier?, filter: Expression?)
}

/// The rows an `INSERT` writes.
enum InsertSource: Sendable {
  case values([[Expression]])
  case select(SelectStatement)
}

/// `MERGE INTO target USING source ON condition WHEN ...`.
struct MergeStatement: Sendable {
  let target: ObjectName
  let targetAlias: Identifier?
  let source: FromSource
  let condition: Expression
  let matched: MatchedClause?
  let notMatched: NotMatchedClause?
}

/// `WHEN MATCHED [AND predicate] THEN action`.
struct MatchedClause: Sendable {
  let predicate: Expression?
  let action: MatchedAction
}

/// `WHEN NOT MATCHED [AND predicate] THEN INSERT [(columns)] VALUES (values)`.
struct NotMatchedClause: Sendable {
  let predicate: Expression?
  let columns: [Identifier]?
  let values: [Expression]
}
