import MLCPluginKit

/// One row for a staging table: column name → text, in the order the mapping set them.
///
/// The Import Set API takes flat name→string pairs only ("non-string values are coerced and
/// nested JSON is mangled", SN-DOCS `rest-apis/c_ImportSetAPI.md`), so every value is text
/// here: money and quantities stay the decimal strings of the canonical record. Empty and
/// absent values are left out, because a transform map does not copy empty fields and an
/// empty coalesce value must show as missing.
struct StagingRow: Sendable {
  let slot: StagingSlot
  /// What the row stands for in messages, e.g. `purchase_order "GEN/PO/0001" line 3`.
  let subject: String
  private(set) var values: [(name: String, value: String)] = []

  init(_ slot: StagingSlot, subject: String) {
    self.slot = slot
    self.subject = subject
  }

  /// Sets column `name` to `value`; nil or empty leaves the column out.
  mutating func set(_ name: String, _ value: String?) {
    guard let value, !value.isEmpty else { return }
    values.append((name, value))
  }

  /// The value of column `name`, if set.
  func value(_ name: String) -> String? {
    values.first { $0.name == name }?.value
  }

  /// The coalesce columns of the row's table that have no value.
  var missingCoalesce: [String] {
    StagingTable.table(slot).coalesce.filter { value($0) == nil }
  }
}

/// A staging table as one connection addresses it: its name on the instance and the key
/// each column has in a request body (the column name, its label for a label-keyed
/// insertMultiple, or what the `columns` config says).
struct StagingTarget: Sendable {
  let slot: StagingSlot
  let name: String
  /// Column name → request body key.
  let keys: [String: String]

  /// Writes `row` as one JSON object of body keys to string values.
  func write(_ row: StagingRow, to writer: inout JSONWriter) {
    writer.beginObject()
    for (name, value) in row.values {
      writer.key(keys[name] ?? name)
      writer.string(value)
    }
    writer.endObject()
  }

  /// The single-row Import Set API body for `row`.
  func body(_ row: StagingRow) -> [UInt8] {
    var writer = JSONWriter(capacity: 512)
    write(row, to: &writer)
    return writer.bytes
  }

  /// The insertMultiple body for `rows`: `{"records":[{…},…]}`.
  func multipleBody(_ rows: [StagingRow]) -> [UInt8] {
    var writer = JSONWriter(capacity: 512 * rows.count + 16)
    writer.beginObject()
    writer.key("records")
    writer.beginArray()
    for row in rows { write(row, to: &writer) }
    writer.endArray()
    writer.endObject()
    return writer.bytes
  }
}
