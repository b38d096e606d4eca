import Foundation
import MLCSandboxKit

/// A `$filter` expression resolved against one table: property names became column
/// positions and types were checked, so evaluating a row does no lookups and can't fail.
///
/// Type rules follow Microsoft.OData: comparing incompatible types is a 400 ("A binary
/// operator with incompatible types was detected. Found operand types 'Edm.Int32' and
/// 'Edm.String' for operator kind 'Equal'."); numbers of any kind compare with each other;
/// `null` compares with anything. String comparisons ignore case (see `EpicorValue`).
indirect enum ODataBoundFilter {
  case constant(EpicorValue)
  case field(Int)
  case comparison(ODataComparison, ODataBoundFilter, ODataBoundFilter)
  case and(ODataBoundFilter, ODataBoundFilter)
  case or(ODataBoundFilter, ODataBoundFilter)
  case not(ODataBoundFilter)
  case call(String, [ODataBoundFilter])

  /// Resolves `expression` against `schema`; throws the OData errors Epicor answers.
  static func bind(_ expression: ODataExpression, to schema: EpicorTableSchema) throws -> ODataBoundFilter {
    let (bound, type) = try bindTyped(expression, schema)
    guard type == .boolean || type == .null else {
      throw EpicorError.odata("The $filter expression must evaluate to a single boolean value.")
    }
    return bound
  }

  /// Whether `row` of `table` satisfies the filter.
  func matches(_ row: EpicorRow, in table: EpicorTable) -> Bool {
    evaluate(row, table) == .bool(true)
  }

  /// The value of the expression for a row.
  func evaluate(_ row: EpicorRow, _ table: EpicorTable) -> EpicorValue {
    switch self {
    case .constant(let value): return value
    case .field(let index): return table.value(row, index)
    case .and(let left, let right):
      return .bool(left.evaluate(row, table) == .bool(true) && right.evaluate(row, table) == .bool(true))
    case .or(let left, let right):
      return .bool(left.evaluate(row, table) == .bool(true) || right.evaluate(row, table) == .bool(true))
    case .not(let inner): return .bool(inner.evaluate(row, table) != .bool(true))
    case .comparison(let op, let left, let right):
      return .bool(Self.compare(op, left.evaluate(row, table), right.evaluate(row, table)))
    case .call(let name, let arguments):
      return Self.call(name, arguments.map { $0.evaluate(row, table) })
    }
  }

  /// Applies a comparison with SQL-like null handling: only `eq`/`ne` see nulls as values.
  static func compare(_ op: ODataComparison, _ left: EpicorValue, _ right: EpicorValue) -> Bool {
    if left == .null || right == .null {
      switch op {
      case .eq: return left == right
      case .ne: return left != right
      default: return false
      }
    }
    switch op {
    case .eq: return EpicorValue.filterEquals(left, right)
    case .ne: return !EpicorValue.filterEquals(left, right)
    case .gt: return EpicorValue.compare(left, right) > 0
    case .ge: return EpicorValue.compare(left, right) >= 0
    case .lt: return EpicorValue.compare(left, right) < 0
    case .le: return EpicorValue.compare(left, right) <= 0
    }
  }

  private static func call(_ name: String, _ values: [EpicorValue]) -> EpicorValue {
    func text(_ index: Int) -> String? { values[index].stringValue }
    switch name {
    case "contains":
      guard let haystack = text(0), let needle = text(1) else { return .bool(false) }
      return .bool(EpicorValue.foldedContains(haystack, needle))
    case "substringof":
      guard let needle = text(0), let haystack = text(1) else { return .bool(false) }
      return .bool(EpicorValue.foldedContains(haystack, needle))
    case "startswith":
      guard let haystack = text(0), let prefix = text(1) else { return .bool(false) }
      return .bool(haystack.lowercased().hasPrefix(prefix.lowercased()))
    case "endswith":
      guard let haystack = text(0), let suffix = text(1) else { return .bool(false) }
      return .bool(haystack.lowercased().hasSuffix(suffix.lowercased()))
    case "tolower": return text(0).map { .string($0.lowercased()) } ?? .null
    case "toupper": return text(0).map { .string($0.uppercased()) } ?? .null
    case "trim": return text(0).map { .string($0.trimmingCharacters(in: .whitespaces)) } ?? .null
    case "length": return text(0).map { .int($0.count) } ?? .null
    case "year", "month", "day":
      guard let time = values[0].dateTimeValue else { return .null }
      let civil = time.civil
      return .int(name == "year" ? civil.year : name == "month" ? civil.month : civil.day)
    default: return .null
    }
  }

  /// The static type of a bound expression, for checking.
  enum StaticType: Equatable {
    case boolean, number, string, dateTime, null
    init(_ field: EpicorFieldType) {
      switch field {
      case .string: self = .string
      case .int, .decimal: self = .number
      case .bool: self = .boolean
      case .dateTime: self = .dateTime
      }
    }
  }

  private static func bindTyped(_ expression: ODataExpression, _ schema: EpicorTableSchema) throws -> (ODataBoundFilter, StaticType) {
    switch expression {
    case .literal(let literal):
      switch literal {
      case .null: return (.constant(.null), .null)
      case .bool: return (.constant(literal.value), .boolean)
      case .int, .decimal: return (.constant(literal.value), .number)
      case .string: return (.constant(literal.value), .string)
      case .dateTime: return (.constant(literal.value), .dateTime)
      }
    case .property(let name):
      let index = try schema.requirePosition(of: name)
      return (.field(index), StaticType(schema.fields[index].type))
    case .and(let left, let right), .or(let left, let right):
      let (l, lt) = try bindTyped(left, schema)
      let (r, rt) = try bindTyped(right, schema)
      guard lt == .boolean, rt == .boolean else {
        throw EpicorError.odata("The operands of a logical operator must be boolean expressions.")
      }
      if case .and = expression { return (.and(l, r), .boolean) }
      return (.or(l, r), .boolean)
    case .not(let inner):
      let (bound, type) = try bindTyped(inner, schema)
      guard type == .boolean else { throw EpicorError.odata("The operand of 'not' must be a boolean expression.") }
      return (.not(bound), .boolean)
    case .comparison(let op, let left, let right):
      var (l, lt) = try bindTyped(left, schema)
      var (r, rt) = try bindTyped(right, schema)
      // A quoted date compared with a date column is accepted as a date [U: plausible client form].
      if lt == .dateTime, rt == .string, case .constant(.string(let text)) = r, let time = SandboxDateTime.parse(text) {
        (r, rt) = (.constant(.dateTime(time)), .dateTime)
      }
      if rt == .dateTime, lt == .string, case .constant(.string(let text)) = l, let time = SandboxDateTime.parse(text) {
        (l, lt) = (.constant(.dateTime(time)), .dateTime)
      }
      guard lt == rt || lt == .null || rt == .null else {
        throw EpicorError.odata("A binary operator with incompatible types was detected. Found operand types '\(edm(left, lt, schema))' and '\(edm(right, rt, schema))' for operator kind '\(op.kindName)'.")
      }
      return (.comparison(op, l, r), .boolean)
    case .call(let name, let arguments):
      let bound = try arguments.map { try bindTyped($0, schema) }
      let expected: [StaticType]
      let result: StaticType
      switch name {
      case "contains", "startswith", "endswith", "substringof": (expected, result) = ([.string, .string], .boolean)
      case "tolower", "toupper", "trim": (expected, result) = ([.string], .string)
      case "length": (expected, result) = ([.string], .number)
      default: (expected, result) = ([.dateTime], .number)
      }
      guard bound.count == expected.count, zip(bound, expected).allSatisfy({ $0.1 == $1 || $0.1 == .null }) else {
        throw EpicorError.odata("No function signature for the function with name '\(name)' matches the specified arguments.")
      }
      return (.call(name, bound.map(\.0)), result)
    }
  }

  private static func edm(_ expression: ODataExpression, _ type: StaticType, _ schema: EpicorTableSchema) -> String {
    if case .property(let name) = expression, let index = schema.position(of: name) { return schema.fields[index].type.edmName }
    if case .literal(let literal) = expression { return literal.edmName }
    switch type {
    case .boolean: return "Edm.Boolean"
    case .number: return "Edm.Decimal"
    case .string: return "Edm.String"
    case .dateTime: return "Edm.DateTimeOffset"
    case .null: return "null"
    }
  }
}
