import Foundation

/// A parsed `sysparm_query`: conditions joined by `^` (AND) and `^OR` (OR), `^NQ` (a new
/// query OR-ed with the previous ones), and `ORDERBY<col>` / `ORDERBYDESC<col>` clauses.
///
/// Precedence is the platform's: `a^b^ORc` means `a AND (b OR c)`; `^NQ` binds loosest.
/// Invalid parts (unknown columns, unknown operators, scripts the sandbox cannot evaluate) are
/// silently dropped, as SN-DOCS `rest-apis/c_TableAPI.md` documents: "the instance ignores
/// the invalid part. It then returns rows using only the valid portion of the query."
/// Dot-walked column names (`supplier.name`) are treated as invalid.
struct EncodedQuery: Sendable {
  /// One `ORDERBY` clause.
  struct Ordering: Sendable {
    let field: String
    let descending: Bool
    let numeric: Bool
  }

  /// OR-ed groups (`^NQ`), each an AND of clauses, each clause an OR of conditions.
  private(set) var groups: [[[QueryCondition]]] = []
  private(set) var orderings: [Ordering] = []

  /// A query that matches every row, unordered.
  init() {}

  /// Parses `text` against `schema`, evaluating `javascript:` values at `now`.
  init(parsing text: String, schema: TableSchema, now: Date) {
    var group: [[QueryCondition]] = []
    for term in text.split(separator: "^", omittingEmptySubsequences: true) {
      if term.hasPrefix("NQ") {
        // The platform writes a new query as `a^NQb`: the first condition of the next group
        // follows NQ directly (a lone `^NQ^` is accepted too).
        if !group.isEmpty { groups.append(group) }
        group = []
        if term.count > 2, let condition = QueryCondition(parsing: term.dropFirst(2), schema: schema, now: now) {
          group.append([condition])
        }
      } else if term.hasPrefix("ORDERBYDESC") {
        addOrdering(term.dropFirst("ORDERBYDESC".count), descending: true, schema: schema)
      } else if term.hasPrefix("ORDERBY") {
        addOrdering(term.dropFirst("ORDERBY".count), descending: false, schema: schema)
      } else if term == "EQ" || term.hasPrefix("GROUPBY") {
        continue
      } else if term.hasPrefix("OR"), !group.isEmpty {
        if let condition = QueryCondition(parsing: term.dropFirst(2), schema: schema, now: now) {
          group[group.count - 1].append(condition)
        }
      } else if let condition = QueryCondition(parsing: term, schema: schema, now: now) {
        group.append([condition])
      }
    }
    if !group.isEmpty { groups.append(group) }
  }

  /// Adds `field = value` terms (the Table API's `<field>=<value>` shorthand parameters).
  mutating func addEquals(_ pairs: [(String, String)], schema: TableSchema, now: Date) {
    var group = groups.popLast() ?? []
    for (field, value) in pairs {
      if let condition = QueryCondition(parsing: Substring(field + "=" + value), schema: schema, now: now) {
        group.append([condition])
      }
    }
    if !group.isEmpty { groups.append(group) }
  }

  /// Whether `row` satisfies the query.
  func matches(_ row: Row) -> Bool {
    guard !groups.isEmpty else { return true }
    return groups.contains { group in group.allSatisfy { clause in clause.contains { $0.matches(row) } } }
  }

  /// Index lookups that together find every row the query can match, or `nil` when only
  /// a scan can. Each `^NQ` group contributes one AND-ed clause whose OR-ed terms are all
  /// `=` or `IN` terms (see `QueryCondition.indexLookup`): every row the group matches
  /// satisfies one of them, so the union over groups is a superset of the result, which
  /// `matches` then filters exactly as a scan would. A query with no conditions matches
  /// every row and is a scan.
  var indexLookups: [Table.IndexLookup]? {
    guard !groups.isEmpty else { return nil }
    var lookups: [Table.IndexLookup] = []
    for group in groups {
      let clause = group.lazy.map { $0.map(\.indexLookup) }.first { !$0.contains { $0 == nil } }
      guard let clause else { return nil }
      lookups += clause.compactMap { $0 }
    }
    return lookups
  }

  /// `rows` in the query's order; rows that compare equal keep their order (a stable sort),
  /// which is what lets ties in `sys_updated_on` page deterministically.
  func sorted(_ rows: [Row]) -> [Row] {
    guard !orderings.isEmpty else { return rows }
    let indexed = rows.enumerated().map { ($0.offset, $0.element) }
    return indexed.sorted { left, right in
      for ordering in orderings {
        let order = QueryCondition.compare(left.1[ordering.field] ?? "", right.1[ordering.field] ?? "", numeric: ordering.numeric)
        if order != 0 { return ordering.descending ? order > 0 : order < 0 }
      }
      return left.0 < right.0
    }.map(\.1)
  }

  /// Adds an `ORDERBY` clause; an unknown column is ignored like any invalid part.
  private mutating func addOrdering(_ field: Substring, descending: Bool, schema: TableSchema) {
    guard let column = schema.column(String(field)) else { return }
    orderings.append(Ordering(field: column.name, descending: descending, numeric: column.isNumeric))
  }
}
