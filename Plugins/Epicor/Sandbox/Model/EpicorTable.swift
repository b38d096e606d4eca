import MLCSandboxKit

/// One stored row: a stable id (which also derives the row's `SysRowID`) and its column
/// values in schema order.
struct EpicorRow: Sendable {
  let id: Int
  var values: [EpicorValue]
}

/// The rows of one table with the lookups queries need: by key, by parent key, and sort
/// orders (by key, by change date then key, and any other column list a `$orderby` asks
/// for, such as a connector's `ChangeDate,SysRevID,PONum`) so a page costs O(page · log n).
///
/// Not thread-safe: `EpicorStore` serializes every access. The sort orders and parent lookups
/// are rebuilt lazily after a write, because writes are rare next to reads (a benchmark
/// reads 100k rows; a connector test writes a handful).
final class EpicorTable {
  let schema: EpicorTableSchema
  private(set) var rows: [EpicorRow] = []
  private var keyLookup: [[EpicorValue]: Int] = [:]
  /// Positions sorted by a column list then the key, by column list; built on first use.
  private var cachedOrders: [[Int]: [Int]] = [:]
  private var cachedChildLookups: [[Int]: [[EpicorValue]: [Int]]] = [:]
  private let idSalt: UInt64

  init(schema: EpicorTableSchema, idSalt: UInt64) {
    self.schema = schema
    self.idSalt = idSalt
  }

  var count: Int { rows.count }

  /// The value of column `field` in `row`; `SysRowID` is derived from the row id.
  func value(_ row: EpicorRow, _ field: Int) -> EpicorValue {
    if field == schema.sysRowID { return .string(sysRowID(row.id)) }
    return row.values[field]
  }

  /// The key of `values`, in key order.
  func key(of values: [EpicorValue]) -> [EpicorValue] {
    schema.key.map { values[$0] }
  }

  /// The position of the row with `key`, or `nil`.
  func position(forKey key: [EpicorValue]) -> Int? {
    keyLookup[key]
  }

  /// Appends a row; the caller has checked that its key is new. Returns its position.
  @discardableResult
  func insert(_ values: [EpicorValue], id: Int) -> Int {
    rows.append(EpicorRow(id: id, values: values))
    let position = rows.count - 1
    keyLookup[key(of: values)] = position
    for fields in cachedChildLookups.keys {
      cachedChildLookups[fields]![fields.map { values[$0] }, default: []].append(position)
    }
    invalidateOrders()
    return position
  }

  /// Replaces the values at `position`; the key must not change.
  func replace(at position: Int, with values: [EpicorValue]) {
    let old = rows[position].values
    rows[position].values = values
    for fields in cachedChildLookups.keys where fields.contains(where: { old[$0] != values[$0] }) {
      cachedChildLookups[fields] = nil
    }
    invalidateOrders()
  }

  /// Removes the row at `position` and re-indexes (O(n): deletes are rare).
  func remove(at position: Int) -> EpicorRow {
    let row = rows.remove(at: position)
    rebuildKeyLookup()
    invalidate()
    return row
  }

  /// Puts a removed row back where it was (for rolling back a failed update).
  func restore(_ row: EpicorRow, at position: Int) {
    rows.insert(row, at: position)
    rebuildKeyLookup()
    invalidate()
  }

  /// Removes the last row (rolling back an insert).
  func removeLast() {
    let row = rows.removeLast()
    keyLookup[key(of: row.values)] = nil
    invalidate()
  }

  /// Positions sorted by key.
  var keyOrder: [Int] { order(by: schema.keyWithoutCompany) }

  /// Positions sorted by the change column, then key; `nil` for tables without one.
  var changeOrder: [Int]? {
    schema.changeField.map { order(by: [$0]) }
  }

  /// Positions sorted ascending by `fields` (`EpicorValue.compare`), then by the key's
  /// remaining columns, so the order is total and the same every time.
  ///
  /// Cached per column list until the next write: a reader paging 100k rows with one
  /// `$orderby` sorts once, not once per page.
  func order(by fields: [Int]) -> [Int] {
    let columns = fields + schema.keyWithoutCompany.filter { !fields.contains($0) }
    if let cached = cachedOrders[columns] { return cached }
    // Reading each sort column once per row, not once per comparison, keeps SysRowID
    // (derived per read) and string folding out of the n·log n part.
    let keys = rows.map { row in columns.map { value(row, $0) } }
    let order = rows.indices.sorted { a, b in
      for (left, right) in zip(keys[a], keys[b]) {
        let result = EpicorValue.compare(left, right)
        if result != 0 { return result < 0 }
      }
      return false
    }
    cachedOrders[columns] = order
    return order
  }

  /// Positions of the rows whose `fields` hold `values`, in key order.
  ///
  /// The lookup per column list is built once and then kept up to date by inserts, so a
  /// write that recomputes a parent's totals from its children doesn't rescan the table.
  func positions(where fields: [Int], equal values: [EpicorValue]) -> [Int] {
    if cachedChildLookups[fields] == nil {
      var lookup: [[EpicorValue]: [Int]] = [:]
      for (position, row) in rows.enumerated() {
        lookup[fields.map { row.values[$0] }, default: []].append(position)
      }
      cachedChildLookups[fields] = lookup
    }
    let matches = cachedChildLookups[fields]![values] ?? []
    let keyFields = schema.keyWithoutCompany
    return matches.sorted { compare(rows[$0], rows[$1], by: keyFields) < 0 }
  }

  /// Compares two rows column by column (`EpicorValue.compare`), then by key for a total order.
  func compare(_ a: EpicorRow, _ b: EpicorRow, by fields: [Int]) -> Int {
    for field in fields {
      let order = EpicorValue.compare(value(a, field), value(b, field))
      if order != 0 { return order }
    }
    return 0
  }

  /// A GUID-shaped id, stable for a row id and table (`SysRowID`); written byte by byte
  /// because it is computed for every row of every response.
  func sysRowID(_ id: Int) -> String {
    var random = SplitMix64(seed: idSalt ^ UInt64(id))
    let high = random.next(), low = random.next()
    let hex: [UInt8] = Array("0123456789abcdef".utf8)
    var bytes = [UInt8](repeating: UInt8(ascii: "-"), count: 36)
    var nibble = 0
    for position in 0..<36 where ![8, 13, 18, 23].contains(position) {
      let word = nibble < 16 ? high : low
      let shift = UInt64(60 - (nibble % 16) * 4)
      bytes[position] = hex[Int((word >> shift) & 0xF)]
      nibble += 1
    }
    bytes[14] = UInt8(ascii: "4")
    return String(decoding: bytes, as: UTF8.self)
  }

  private func rebuildKeyLookup() {
    keyLookup.removeAll(keepingCapacity: true)
    for (position, row) in rows.enumerated() { keyLookup[key(of: row.values)] = position }
  }

  private func invalidate() {
    invalidateOrders()
    cachedChildLookups.removeAll()
  }

  private func invalidateOrders() {
    cachedOrders.removeAll()
  }
}

extension String {
  /// The string left-padded with zeros to `width` characters.
  func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
