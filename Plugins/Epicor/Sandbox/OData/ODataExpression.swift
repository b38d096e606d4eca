import Foundation
import MLCSandboxKit

/// A parsed `$filter` expression, before property names are resolved against a table.
///
/// Grammar (the subset Epicor clients send [V-3p EPI-DOCS; V EPI-PO for `contains`]):
/// `or` < `and` < `not` < comparison (`eq ne gt ge lt le`) < primary, where a primary is a
/// parenthesised expression, a function call (`contains`, `startswith`, `endswith`,
/// `substringof`, `tolower`, `toupper`, `trim`, `length`, `year`, `month`, `day`), a
/// literal, or a property name.
indirect enum ODataExpression: Equatable, Sendable {
  case literal(ODataLiteral)
  case property(String)
  case comparison(ODataComparison, ODataExpression, ODataExpression)
  case and(ODataExpression, ODataExpression)
  case or(ODataExpression, ODataExpression)
  case not(ODataExpression)
  case call(String, [ODataExpression])

  /// The top-level `and` operands (the whole expression when it is not an `and`).
  var conjuncts: [ODataExpression] {
    if case .and(let left, let right) = self { return left.conjuncts + right.conjuncts }
    return [self]
  }
}

/// A comparison operator.
enum ODataComparison: String, Sendable {
  case eq, ne, gt, ge, lt, le

  /// The operator with its operands swapped (`5 lt X` is `X gt 5`).
  var flipped: ODataComparison {
    switch self {
    case .eq, .ne: return self
    case .gt: return .lt
    case .ge: return .le
    case .lt: return .gt
    case .le: return .ge
    }
  }

  /// The name Microsoft.OData uses in type errors.
  var kindName: String {
    switch self {
    case .eq: return "Equal"
    case .ne: return "NotEqual"
    case .gt: return "GreaterThan"
    case .ge: return "GreaterThanOrEqual"
    case .lt: return "LessThan"
    case .le: return "LessThanOrEqual"
    }
  }
}

/// A literal in a filter.
///
/// Date-times are accepted in every form an Epicor client might send, because the live form
/// is unverified [U, SYSTEMS.md §1.4]: bare OData v4 `2024-01-01T00:00:00Z`, the same without
/// `Z`, bare dates `2024-01-01`, and the OData v2/v3 `datetime'2024-01-01T00:00:00'` /
/// `datetimeoffset'...'` forms. A quoted string compared with a date column is read as a
/// date too.
enum ODataLiteral: Equatable, Sendable {
  case null
  case bool(Bool)
  case int(Int)
  case decimal(Decimal)
  case string(String)
  case dateTime(SandboxDateTime)

  /// The literal as a column value.
  var value: EpicorValue {
    switch self {
    case .null: return .null
    case .bool(let flag): return .bool(flag)
    case .int(let number): return .int(number)
    case .decimal(let number): return .decimal(number)
    case .string(let text): return .string(text)
    case .dateTime(let time): return .dateTime(time)
    }
  }

  /// The Edm type name for error messages.
  var edmName: String {
    switch self {
    case .null: return "null"
    case .bool: return "Edm.Boolean"
    case .int: return "Edm.Int32"
    case .decimal: return "Edm.Decimal"
    case .string: return "Edm.String"
    case .dateTime: return "Edm.DateTimeOffset"
    }
  }
}
