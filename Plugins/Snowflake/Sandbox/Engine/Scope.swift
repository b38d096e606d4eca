/// A column an expression can name, with the SQL that reads it.
struct ScopeColumn: Sendable {
  let name: String
  let type: SnowflakeType?
  let nullable: Bool
  /// SQLite text reading the column, such as `r0."c2"`.
  let sql: String
  /// The table the column belongs to, for `rowType` metadata; nil for derived columns.
  let table: TableInfo?
  /// The SQLite column the expression reads unchanged, when it reads a stored table column
  /// directly (not through a subquery), so equality on it can be served by an index.
  var storage: String? = nil
}

/// A table, VALUES list or subquery in a FROM/USING clause, under the name expressions use
/// to qualify its columns.
struct ScopeRelation: Sendable {
  /// The alias, or the table's own name when it has none.
  let name: String?
  let columns: [ScopeColumn]
}

/// The relations visible to an expression, and how a column reference resolves in them:
/// qualified names must match a relation's name; unqualified names must match exactly one
/// column across all relations (Snowflake: "ambiguous column name" otherwise).
struct Scope: Sendable {
  var relations: [ScopeRelation] = []

  /// Resolves a column reference or throws Snowflake's `000904` / ambiguity error.
  func resolve(qualifier: Identifier?, name: Identifier) throws -> ScopeColumn {
    if let qualifier {
      guard let relation = relations.first(where: { $0.name == qualifier.name }),
            let column = relation.columns.first(where: { $0.name == name.name }) else {
        throw SnowflakeSQLError.invalidIdentifier(qualifier.display + "." + name.display, at: qualifier.position)
      }
      return column
    }
    let matches = relations.flatMap { $0.columns.filter { $0.name == name.name } }
    guard let first = matches.first else { throw SnowflakeSQLError.invalidIdentifier(name.display, at: name.position) }
    guard matches.count == 1 else {
      throw SnowflakeSQLError(code: "002028", sqlState: "42601", message: "SQL compilation error:\nambiguous column name '\(name.display)'")
    }
    return first
  }
}

/// A compiled expression: SQLite text (values only as `?N` parameters), its Snowflake type
/// (nil for a bare NULL), and what the select list needs to know about it.
struct TypedSQL: Sendable {
  var sql: String
  var type: SnowflakeType?
  var nullable: Bool = true
  /// Whether the expression is or contains an aggregate.
  var isAggregate: Bool = false
  /// Whether the expression reads any column (non-grouped columns are refused).
  var readsColumns: Bool = false
  /// The column when the expression is a bare column reference.
  var column: ScopeColumn?
}
