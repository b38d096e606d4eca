import Foundation

/// One `<column><operator><value>` term of an encoded query, and how a row satisfies it.
///
/// Operators: `=`, `!=`, `>`, `>=`, `<`, `<=`, `LIKE`, `NOT LIKE`, `STARTSWITH`, `ENDSWITH`,
/// `IN`, `NOT IN`, `ISEMPTY`, `ISNOTEMPTY`, `BETWEEN` (`a@b`, inclusive) and `ANYTHING`
/// (SN-DOCS `rest-apis/c_TableAPI.md` lists the first of these; the rest are the platform's
/// encoded-query operators). Values compare case-sensitively, as the Table API doc states;
/// numeric columns compare as numbers, dates as their sortable text. An empty value never
/// satisfies an ordering comparison (SQL's NULL), but does satisfy `!=`, which the platform
/// widens to include empty fields.
struct QueryCondition: Sendable {
  /// A comparison.
  enum Operator: String, Sendable, CaseIterable {
    case isNotEmpty = "ISNOTEMPTY", isEmpty = "ISEMPTY", startsWith = "STARTSWITH", endsWith = "ENDSWITH"
    case notLike = "NOT LIKE", like = "LIKE", notIn = "NOT IN", in_ = "IN", between = "BETWEEN"
    case anything = "ANYTHING", notEqual = "!=", greaterOrEqual = ">=", lessOrEqual = "<="
    case equal = "=", greater = ">", less = "<"
  }

  let field: String
  let op: Operator
  let value: String
  /// Whether the column compares as numbers.
  let numeric: Bool

  /// Parses a term against `schema`; `nil` when the column is unknown, the operator is not
  /// one the sandbox knows or the value is a script it cannot run. The platform ignores such
  /// parts of a query (unless `glide.invalid_query.returns_no_rows` is set), so the caller
  /// drops them.
  init?(parsing term: Substring, schema: TableSchema, now: Date) {
    let fieldEnd = term.firstIndex { !($0.isLowercase || $0.isNumber || $0 == "_" || $0 == ".") } ?? term.endIndex
    let field = String(term[..<fieldEnd])
    guard let column = schema.column(field) else { return nil }
    let rest = term[fieldEnd...]
    guard let op = Operator.allCases.first(where: { rest.hasPrefix($0.rawValue) }) else { return nil }
    let rawValue = String(rest.dropFirst(op.rawValue.count))
    guard let value = ScriptValue.resolve(rawValue, now: now) else { return nil }
    self.field = field
    self.op = op
    self.value = value
    self.numeric = column.isNumeric
  }

  /// Whether `row` satisfies the term.
  func matches(_ row: Row) -> Bool {
    let actual = row[field] ?? ""
    switch op {
    case .isEmpty: return actual.isEmpty
    case .isNotEmpty: return !actual.isEmpty
    case .anything: return true
    case .equal: return actual == value
    case .notEqual: return actual != value
    case .like: return !value.isEmpty && actual.contains(value)
    case .notLike: return !actual.contains(value) || value.isEmpty
    case .startsWith: return actual.hasPrefix(value)
    case .endsWith: return actual.hasSuffix(value)
    case .in_: return list.contains(actual)
    case .notIn: return !list.contains(actual)
    case .between:
      let bounds = value.split(separator: "@", maxSplits: 1).map(String.init)
      guard bounds.count == 2, !actual.isEmpty else { return false }
      return compare(actual, bounds[0]) >= 0 && compare(actual, bounds[1]) <= 0
    case .greater, .greaterOrEqual, .less, .lessOrEqual:
      guard !actual.isEmpty else { return false }
      let order = compare(actual, value)
      switch op {
      case .greater: return order > 0
      case .greaterOrEqual: return order >= 0
      case .less: return order < 0
      default: return order <= 0
      }
    }
  }

  /// The comma-separated values of an `IN` / `NOT IN` term.
  private var list: Set<String> { Set(listValues) }

  /// The comma-separated values of an `IN` / `NOT IN` term, in order, empty items kept.
  private var listValues: [String] {
    value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
  }

  /// The exact values a row's field must hold to satisfy this term, when that is all the
  /// term asks: `field=v` or `fieldINv1,v2` with no empty value (an empty value matches
  /// empty fields, which indexes leave out). `nil` for every other term.
  var indexLookup: Table.IndexLookup? {
    switch op {
    case .equal where !value.isEmpty:
      return Table.IndexLookup(field: field, values: [value])
    case .in_:
      let values = listValues
      return values.contains(where: \.isEmpty) ? nil : Table.IndexLookup(field: field, values: values)
    default:
      return nil
    }
  }

  /// -1, 0 or 1: numerically when the column is numeric and both parse, else by text.
  private func compare(_ left: String, _ right: String) -> Int {
    QueryCondition.compare(left, right, numeric: numeric)
  }

  /// -1, 0 or 1 for two column values.
  static func compare(_ left: String, _ right: String, numeric: Bool) -> Int {
    if numeric, let l = Double(left), let r = Double(right) {
      return l < r ? -1 : (l > r ? 1 : 0)
    }
    return left < right ? -1 : (left > right ? 1 : 0)
  }
}
