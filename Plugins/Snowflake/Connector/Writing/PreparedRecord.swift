import MLCPluginKit

/// One canonical record turned into the rows it becomes: its header row and its line rows,
/// as texts to bind in the layout's column order, plus its key and change digest.
struct PreparedRecord: Sendable {
  /// The record's position in the write batch (what its outcome is reported against).
  let index: Int
  let key: String
  let updatedAt: String
  /// SHA-256 hex over the layout signature and the record in canonical form (members
  /// sorted), stored in `_MLC_DIGEST`: equal digests mean nothing the tables hold changed.
  let digest: String
  /// Values of `header.boundColumns`, nil for NULL.
  let header: [String?]
  /// Values of `lines.boundColumns` for each element of `data.lines`.
  let lines: [[String?]]

  /// Parses and checks one record for `layout`. Throws a message that names the entity, the
  /// key and the field when the record cannot be written.
  init(index: Int, bytes: UnsafeRawBufferPointer, layout: EntityLayout) throws(ValueProblem) {
    self.index = index
    let record: JSONValue
    do {
      record = try JSONValue(parsing: bytes)
    } catch {
      throw ValueProblem("\(layout.entity) record #\(index + 1) is not valid JSON: \(error)")
    }
    guard let key = record["key"]?.stringValue, !key.isEmpty else {
      throw ValueProblem("\(layout.entity) record #\(index + 1) has no \"key\" string; the sink merges on it")
    }
    self.key = key
    let what = "\(layout.entity) \"\(key)\""
    if let entity = record["entity"]?.stringValue, entity != layout.entity {
      throw ValueProblem("\(what) says entity \"\(entity)\" in a batch of \(layout.entity)")
    }
    guard let updatedAt = record["updated_at"]?.stringValue, ValueText.isTimestamp(updatedAt) else {
      throw ValueProblem("\(what): \"updated_at\" must be an RFC 3339 timestamp such as 2026-01-31T08:00:00Z")
    }
    self.updatedAt = updatedAt
    guard let data = record["data"], data.objectValue != nil else {
      throw ValueProblem("\(what): \"data\" must be an object")
    }
    if let refs = record["refs"], refs != .null, refs.objectValue == nil {
      throw ValueProblem("\(what): \"refs\" must be an object")
    }

    var canonical = JSONWriter(capacity: bytes.count + 64)
    record.write(to: &canonical)
    var hasher = SHA256()
    hasher.update(Array(layout.signature.utf8) + [0x0a])
    hasher.update(canonical.bytes)
    digest = SHA256.hexString(hasher.finish())

    let context = RowContext(key: key, updatedAt: updatedAt, digest: digest, record: String(decoding: bytes, as: UTF8.self))
    header = try Self.row(layout.header, object: data, refs: record["refs"], context: context, what: what, field: "data")
    guard let lineTable = layout.lines else {
      lines = []
      return
    }
    let elements: [JSONValue]
    switch data["lines"] {
    case nil, .null?: elements = []
    case .array(let array)?: elements = array
    default: throw ValueProblem("\(what): \"data.lines\" must be an array of line objects")
    }
    var numbers: Set<String> = []
    var rows: [[String?]] = []
    rows.reserveCapacity(elements.count)
    for (offset, element) in elements.enumerated() {
      let field = "data.lines[\(offset)]"
      guard element.objectValue != nil else { throw ValueProblem("\(what): \"\(field)\" must be an object") }
      var writer = JSONWriter(capacity: 256)
      element.write(to: &writer)
      let lineContext = RowContext(key: key, updatedAt: updatedAt, digest: digest, record: writer.text)
      let row = try Self.row(lineTable, object: element, refs: nil, context: lineContext, what: what, field: field)
      if let lineColumn = lineTable.boundColumns.firstIndex(where: { $0.source == .data(["line"]) }) {
        guard let number = row[lineColumn] else {
          throw ValueProblem("\(what): \"\(field).line\" is missing; lines are merged on (key, line)")
        }
        guard numbers.insert(number).inserted else {
          throw ValueProblem("\(what): line number \(number) appears twice in \"data.lines\"; lines are merged on (key, line)")
        }
      }
      rows.append(row)
    }
    lines = rows
  }

  /// What a row takes from the record besides its own fields.
  private struct RowContext {
    let key: String
    let updatedAt: String
    let digest: String
    /// The JSON stored in `_MLC_RECORD`: the record as received, or the line object.
    let record: String
  }

  /// The bound values of one row of `table` read from `object` (the record's `data`, or
  /// one line).
  private static func row(_ table: TableLayout, object: JSONValue, refs: JSONValue?, context: RowContext,
                          what: String, field: String) throws(ValueProblem) -> [String?] {
    var values: [String?] = []
    values.reserveCapacity(table.columns.count)
    for column in table.boundColumns {
      switch column.source {
      case .key, .parentKey: values.append(context.key)
      case .updatedAt: values.append(context.updatedAt)
      case .digest: values.append(context.digest)
      case .record: values.append(context.record)
      case .loadedAt: break
      case .ref(let name):
        let value = refs?[name]
        do {
          values.append(try ValueText.bind(value, as: column.type))
        } catch {
          throw ValueProblem("\(what): \"refs.\(name)\" \(error.message)")
        }
      case .data(let path):
        var value: JSONValue? = object
        for member in path { value = value?[member] }
        do {
          values.append(try ValueText.bind(value, as: column.type))
        } catch {
          throw ValueProblem("\(what): \"\(field).\(path.joined(separator: "."))\" (column \(column.name.sql)) \(error.message)")
        }
      }
    }
    return values
  }
}
