/// Runs an `ODataQuery` against a table and returns the positions of one page of rows.
///
/// Paging through 100k POs must cost O(page) per request, so when every `$orderby` item has
/// the same direction (or there is none), the executor walks a pre-sorted index on those
/// columns (`EpicorTable.order(by:)`, built once until the next write) instead of sorting;
/// a `ge`/`gt`/`le`/`lt`/`eq` on the index's leading column (`ChangeDate ge
/// 2026-01-01T00:00:00`) becomes a binary-searched range, a key-set condition on its leading
/// columns (`ChangeDate gt X or (ChangeDate eq X and (SysRevID gt R or ...))`, see
/// `ODataKeysetBound`) a binary-searched start, and the walk stops after `$top` matches; when
/// nothing else filters, `$skip` is a jump. Mixed directions filter and sort in full, which
/// is fine for the small tables and rare queries that need them.
///
/// Ties in the requested order are broken by the key, so pages are stable: a client paging
/// `$orderby=ChangeDate&$top=100&$skip=100` through rows sharing one `ChangeDate` sees each
/// row exactly once, in the same order every time (true of SQL Server only when the order is
/// unique; the sandbox chooses the deterministic reading).
enum ODataExecutor {
  /// One page of results.
  struct Page {
    var positions: [Int]
    /// The number of matching rows, when `$count` asked for it.
    var total: Int?
  }

  /// Runs `query` over `table`, or over `candidates` (positions in key order, as for a
  /// parent's children) when given. `defaultTop` caps the page when `$top` is absent.
  static func run(_ query: ODataQuery, on table: EpicorTable, defaultTop: Int?, candidates: [Int]? = nil) throws -> Page {
    let schema = table.schema
    let filter = try query.filter.map { try ODataBoundFilter.bind($0, to: schema) }
    let order = try query.orderBy.map { (field: try schema.requirePosition(of: $0.field), descending: $0.descending) }
    let limit = query.top ?? defaultTop ?? Int.max
    if candidates == nil, let plan = indexPlan(order, table) {
      return scan(plan, filter: filter, table: table, skip: query.skip, limit: limit, count: query.count)
    }
    var positions = candidates ?? table.keyOrder
    if let filter { positions = positions.filter { filter.matches(table.rows[$0], in: table) } }
    if !order.isEmpty {
      let key = schema.keyWithoutCompany
      positions.sort { a, b in
        let rowA = table.rows[a], rowB = table.rows[b]
        for item in order {
          let result = EpicorValue.compare(table.value(rowA, item.field), table.value(rowB, item.field))
          if result != 0 { return item.descending ? result > 0 : result < 0 }
        }
        return table.compare(rowA, rowB, by: key) < 0
      }
    }
    let total = positions.count
    let start = min(query.skip, total)
    let end = limit == Int.max ? total : min(total, start + limit)
    return Page(positions: Array(positions[start..<end]), total: query.count ? total : nil)
  }

  /// A pre-sorted order to walk, the columns it is sorted by, and the direction.
  private struct Plan {
    var order: [Int]
    var columns: [Int]
    var reversed: Bool
    var lead: Int { columns[0] }
  }

  /// The index matching `order`, if any. `Company` is ignored: it is the same in every row.
  private static func indexPlan(_ order: [(field: Int, descending: Bool)], _ table: EpicorTable) -> Plan? {
    let schema = table.schema
    let requested = order.filter { schema.fields[$0.field].name != "Company" }
    let key = schema.keyWithoutCompany
    guard !key.isEmpty else { return nil }
    if requested.isEmpty { return Plan(order: table.keyOrder, columns: key, reversed: false) }
    let descending = requested[0].descending
    guard requested.allSatisfy({ $0.descending == descending }) else { return nil }
    var fields: [Int] = []
    for item in requested where !fields.contains(item.field) { fields.append(item.field) }
    // A prefix of the key (`PONum`) or of change-then-key (`ChangeDate`) shares that index.
    if let change = schema.changeField, fields.count <= key.count + 1, Array(([change] + key).prefix(fields.count)) == fields {
      fields = [change]
    } else if fields.count <= key.count, Array(key.prefix(fields.count)) == fields {
      fields = key
    } else if descending {
      // Walking an index backwards would order ties by key descending; the full sort keeps
      // them ascending, as it always has for other columns.
      return nil
    }
    let columns = fields + key.filter { !fields.contains($0) }
    return Plan(order: table.order(by: fields), columns: columns, reversed: descending)
  }

  private static func scan(_ plan: Plan, filter: ODataBoundFilter?, table: EpicorTable, skip: Int, limit: Int, count: Bool) -> Page {
    var residual = filter.map(conjuncts) ?? []
    var lower = 0, upper = plan.order.count
    if table.schema.fields[plan.lead].type != .string {
      residual = residual.filter { conjunct in
        guard case .comparison(let op, let left, let right) = conjunct else { return true }
        let bound: (ODataComparison, EpicorValue)
        switch (left, right) {
        case (.field(plan.lead), .constant(let value)) where value != .null: bound = (op, value)
        case (.constant(let value), .field(plan.lead)) where value != .null: bound = (op.flipped, value)
        default: return true
        }
        let (first, end) = range(bound.0, bound.1, plan, table)
        guard let first, let end else { return true }
        lower = max(lower, first)
        upper = min(upper, end)
        return false
      }
    }
    if !plan.reversed {
      for conjunct in residual {
        guard let bound = ODataKeysetBound.of(conjunct, columns: plan.columns, schema: table.schema) else { continue }
        lower = max(lower, bound.start(in: plan.order, table: table))
      }
    }
    guard lower < upper else { return Page(positions: [], total: count ? 0 : nil) }
    let slice = plan.order[lower..<upper]
    if residual.isEmpty {
      let total = slice.count
      let start = min(skip, total)
      let end = limit == Int.max ? total : min(total, start + limit)
      let positions = plan.reversed
        ? Array(slice[(slice.endIndex - end)..<(slice.endIndex - start)].reversed())
        : Array(slice[(slice.startIndex + start)..<(slice.startIndex + end)])
      return Page(positions: positions, total: count ? total : nil)
    }
    var page: [Int] = []
    var matched = 0
    let sequence: AnySequence<Int> = plan.reversed ? AnySequence(slice.reversed()) : AnySequence(slice)
    for position in sequence {
      let row = table.rows[position]
      guard residual.allSatisfy({ $0.matches(row, in: table) }) else { continue }
      if matched >= skip && page.count < limit { page.append(position) }
      matched += 1
      if page.count == limit && !count { break }
    }
    return Page(positions: page, total: count ? matched : nil)
  }

  /// The index range `[first, end)` of `plan.order` whose leading column satisfies
  /// `lead op value`; `nil` for operators that don't make a range (`ne`).
  private static func range(_ op: ODataComparison, _ value: EpicorValue, _ plan: Plan, _ table: EpicorTable) -> (Int?, Int?) {
    let order = plan.order
    // The first index whose lead value is > value (strict) or >= value.
    func partition(strict: Bool) -> Int {
      var low = 0, high = order.count
      while low < high {
        let middle = (low + high) / 2
        let result = EpicorValue.compare(table.value(table.rows[order[middle]], plan.lead), value)
        if strict ? result <= 0 : result < 0 { low = middle + 1 } else { high = middle }
      }
      return low
    }
    switch op {
    case .ge: return (partition(strict: false), order.count)
    case .gt: return (partition(strict: true), order.count)
    case .le: return (0, partition(strict: true))
    case .lt: return (0, partition(strict: false))
    case .eq: return (partition(strict: false), partition(strict: true))
    case .ne: return (nil, nil)
    }
  }

  private static func conjuncts(_ filter: ODataBoundFilter) -> [ODataBoundFilter] {
    if case .and(let left, let right) = filter { return conjuncts(left) + conjuncts(right) }
    return [filter]
  }
}
