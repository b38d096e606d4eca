/// One row: every value is a string, as the Table API returns it.
typealias Row = [String: String]

/// The rows of one table in insertion order, with lookup by sys_id and optional secondary
/// indexes for coalesce and reference lookups.
///
/// Not thread-safe: `RecordStore` owns every table and is only touched under the sandbox's
/// state lock. Indexes are maintained on every write, so a transform's coalesce lookup stays
/// O(1) even after the Table API has edited a target row's coalesce field.
final class Table {
  /// Which fields an index covers and whether it ignores case (coalesce is case-insensitive
  /// by default, reference lookups are exact).
  struct IndexDefinition: Hashable {
    let fields: [String]
    let caseInsensitive: Bool
  }

  /// Rows whose `field` equals one of `values`: what an encoded query's `=` or `IN` term
  /// asks of an index.
  struct IndexLookup: Equatable {
    let field: String
    let values: [String]
  }

  let schema: TableSchema
  /// sys_ids in insertion order, which is the order "first matching record" refers to.
  private(set) var order: [String] = []
  private var rows: [String: Row] = [:]
  private var sequence: [String: Int] = [:]
  private var nextSequence = 0
  private var indexes: [IndexDefinition: [String: [String]]] = [:]

  /// Creates an empty table.
  init(schema: TableSchema) {
    self.schema = schema
  }

  /// The number of rows.
  var count: Int { order.count }

  /// Every row, in insertion order.
  var allRows: [Row] { order.compactMap { rows[$0] } }

  /// The row with `sysID`, if any.
  func row(_ sysID: String) -> Row? { rows[sysID] }

  /// Adds a row; its `sys_id` must be set and unused.
  func insert(_ row: Row) {
    guard let sysID = row["sys_id"], rows[sysID] == nil else { return }
    rows[sysID] = row
    order.append(sysID)
    sequence[sysID] = nextSequence
    nextSequence += 1
    for definition in indexDefinitions { addToIndex(definition, row: row, sysID: sysID) }
  }

  /// Replaces the row with `sysID`; the caller keeps `sys_id` unchanged. Only indexes whose
  /// fields changed are touched, so a transform writing a staging row's outcome does not
  /// refile it under its unchanged `sys_import_set`.
  func replace(_ sysID: String, with row: Row) {
    guard let old = rows[sysID] else { return }
    for definition in indexDefinitions where definition.fields.contains(where: { old[$0] != row[$0] }) {
      removeFromIndex(definition, row: old, sysID: sysID)
      addToIndex(definition, row: row, sysID: sysID)
    }
    rows[sysID] = row
  }

  /// Removes the row with `sysID`; returns whether it existed.
  @discardableResult
  func delete(_ sysID: String) -> Bool {
    guard let old = rows.removeValue(forKey: sysID) else { return false }
    for definition in indexDefinitions { removeFromIndex(definition, row: old, sysID: sysID) }
    order.removeAll { $0 == sysID }
    sequence[sysID] = nil
    return true
  }

  /// The index definitions, copied out of `indexes`: looping over `indexes.keys` while
  /// filing a row would keep a second reference to the dictionary, so every write would copy
  /// every index (quadratic in the table's size).
  private var indexDefinitions: [IndexDefinition] { Array(indexes.keys) }

  /// Builds (once) an index over `definition.fields`.
  func ensureIndex(_ definition: IndexDefinition) {
    guard indexes[definition] == nil else { return }
    indexes[definition] = [:]
    for sysID in order {
      if let row = rows[sysID] { addToIndex(definition, row: row, sysID: sysID) }
    }
  }

  /// The earliest-inserted row whose indexed fields equal `values` (as the index compares
  /// them); `nil` when none does or a value is empty, because empty never matches empty.
  func firstMatch(_ definition: IndexDefinition, values: [String]) -> Row? {
    ensureIndex(definition)
    guard let key = Table.key(values, caseInsensitive: definition.caseInsensitive),
          let candidates = indexes[definition]?[key] else { return nil }
    let first = candidates.min { (sequence[$0] ?? .max) < (sequence[$1] ?? .max) }
    return first.flatMap { rows[$0] }
  }

  /// The rows where any lookup's field is exactly (case-sensitively) one of its values, in
  /// insertion order, found through an index per field instead of a scan. Empty values
  /// match nothing here (indexes leave empty fields out), so a caller must not use this for
  /// `field=` with an empty value.
  func rows(matchingAny lookups: [IndexLookup]) -> [Row] {
    var found = Set<String>()
    for lookup in lookups {
      let definition = IndexDefinition(fields: [lookup.field], caseInsensitive: false)
      ensureIndex(definition)
      guard let index = indexes[definition] else { continue }
      for value in lookup.values where !value.isEmpty {
        found.formUnion(index[value] ?? [])
      }
    }
    return found.sorted { (sequence[$0] ?? .max) < (sequence[$1] ?? .max) }.compactMap { rows[$0] }
  }

  /// Files `sysID` under its key in one index (rows with an empty indexed field are left out).
  private func addToIndex(_ definition: IndexDefinition, row: Row, sysID: String) {
    guard let key = Table.key(definition.fields.map { row[$0] ?? "" }, caseInsensitive: definition.caseInsensitive)
    else { return }
    indexes[definition, default: [:]][key, default: []].append(sysID)
  }

  /// Takes `sysID` out of the bucket its old values put it in.
  private func removeFromIndex(_ definition: IndexDefinition, row: Row, sysID: String) {
    guard let key = Table.key(definition.fields.map { row[$0] ?? "" }, caseInsensitive: definition.caseInsensitive)
    else { return }
    indexes[definition]?[key]?.removeAll { $0 == sysID }
    if indexes[definition]?[key]?.isEmpty == true { indexes[definition]?[key] = nil }
  }

  /// The index key for `values`, or `nil` when any is empty. The unit separator keeps
  /// ("a b", "c") and ("a", "b c") apart.
  private static func key(_ values: [String], caseInsensitive: Bool) -> String? {
    guard !values.contains(where: \.isEmpty) else { return nil }
    let joined = values.joined(separator: "\u{1F}")
    return caseInsensitive ? joined.lowercased() : joined
  }
}
