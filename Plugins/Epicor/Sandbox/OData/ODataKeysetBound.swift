/// A lower bound on an index's leading columns read off a key-set paging condition, so a
/// page starts with a binary search instead of a walk over every row already delivered.
///
/// Key-set paging (the mlc Epicor reader, ChangeCursor.swift) asks for the rows after the
/// last one it saw, in `$orderby` order:
/// `ChangeDate gt X or (ChangeDate eq X and (SysRevID gt R or (SysRevID eq R and PONum gt K)))`.
/// Over an index sorted by `(ChangeDate, SysRevID, PONum, ...)` the rows that can match start
/// at the first row whose leading columns compare greater than `(X, R, K)`; every earlier
/// row fails the condition. The condition itself stays a filter, so the bound only skips
/// rows and never decides a match, and a partly recognised condition just gives a looser
/// bound (`ChangeDate gt X or (ChangeDate eq X and <anything>)` still starts at `X`).
///
/// String columns stop the bound: `$filter` equality on strings ignores case entirely while
/// the index orders `abc` and `ABC` apart, so a seek past one could skip the other.
struct ODataKeysetBound {
  /// The index columns the bound constrains: a prefix of the index's sort columns.
  let columns: [Int]
  /// Values of those columns.
  let values: [EpicorValue]
  /// Whether rows equal to `values` on those columns are excluded (`gt`) or not (`ge`).
  let strict: Bool

  /// The bound `filter` puts on an index sorted by `columns`, or nil if it puts none.
  static func of(_ filter: ODataBoundFilter, columns: [Int], schema: EpicorTableSchema) -> ODataKeysetBound? {
    guard var (values, strict) = match(filter, columns[...]) else { return nil }
    if let text = columns.prefix(values.count).firstIndex(where: { schema.fields[$0].type == .string }) {
      guard text > 0 else { return nil }
      (values, strict) = (Array(values.prefix(text)), false)
    }
    return ODataKeysetBound(columns: Array(columns.prefix(values.count)), values: values, strict: strict)
  }

  /// The first index into `order` (positions sorted by `columns`, then anything) that can
  /// match: every row before it compares below the bound.
  func start(in order: [Int], table: EpicorTable) -> Int {
    var low = 0, high = order.count
    while low < high {
      let middle = (low + high) / 2
      let row = table.rows[order[middle]]
      var result = 0
      for (column, value) in zip(columns, values) {
        result = EpicorValue.compare(table.value(row, column), value)
        if result != 0 { break }
      }
      if strict ? result <= 0 : result < 0 { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// `column gt v`, `column ge v`, or `column gt v or (column eq v and <rest>)` on the
  /// first of `columns`, with `rest` matched on the next.
  private static func match(_ filter: ODataBoundFilter, _ columns: ArraySlice<Int>) -> (values: [EpicorValue], strict: Bool)? {
    guard let column = columns.first else { return nil }
    if let (op, value) = comparison(filter, on: column) {
      switch op {
      case .gt: return ([value], true)
      case .ge: return ([value], false)
      default: return nil
      }
    }
    guard case .or(let after, let tie) = filter, let (op, value) = comparison(after, on: column), op == .gt,
          case .and(let equal, let rest) = tie, let (eq, same) = comparison(equal, on: column), eq == .eq,
          EpicorValue.compare(value, same) == 0 else { return nil }
    guard let next = match(rest, columns.dropFirst()) else { return ([value], false) }
    return ([value] + next.values, next.strict)
  }

  /// `column op constant` (either way round) with a non-null constant, as `column op value`.
  private static func comparison(_ filter: ODataBoundFilter, on column: Int) -> (ODataComparison, EpicorValue)? {
    guard case .comparison(let op, let left, let right) = filter else { return nil }
    switch (left, right) {
    case (.field(column), .constant(let value)) where value != .null: return (op, value)
    case (.constant(let value), .field(column)) where value != .null: return (op.flipped, value)
    default: return nil
    }
  }
}
