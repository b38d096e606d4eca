import MLCPluginKit

/// A statement that finished: its rows (every value a string as the SQL API's `jsonv2`
/// encodes it, nil for NULL), its DML stats, and its handle.
///
/// ResultSet shape [V] (SYSTEMS.md §3.4): `resultSetMetaData` with `rowType` and
/// `partitionInfo`, `data` holding partition 0, `statementHandle`, and for DML
/// `stats: {numRowsInserted, numRowsUpdated, numRowsDeleted, numDuplicateRowsUpdated}`.
struct StatementResult: Sendable {
  var handle: String
  var columns: [String]
  var rows: [[String?]]
  /// How many partitions the result has; rows of partitions after 0 are fetched apart.
  var partitionCount: Int
  var inserted: Int?
  var updated: Int?
  var deleted: Int?

  /// Reads a 200 ResultSet body; throws a message when it is not one.
  init(body: [UInt8]) throws(ValueProblem) {
    guard let value = try? JSONValue(parsing: body), value.objectValue != nil else {
      throw ValueProblem("the 200 response is not a JSON object: \(String(decoding: body.prefix(200), as: UTF8.self))")
    }
    handle = value["statementHandle"]?.stringValue ?? ""
    let metadata = value["resultSetMetaData"]
    columns = metadata?["rowType"]?.arrayValue?.map { $0["name"]?.stringValue ?? "" } ?? []
    partitionCount = max(1, metadata?["partitionInfo"]?.arrayValue?.count ?? 1)
    rows = try Self.rows(value["data"])
    let stats = value["stats"]
    inserted = Self.count(stats?["numRowsInserted"])
    updated = Self.count(stats?["numRowsUpdated"])
    deleted = Self.count(stats?["numRowsDeleted"])
  }

  /// The rows of a later partition's body (`{"data":[...]}`).
  static func partitionRows(body: [UInt8]) throws(ValueProblem) -> [[String?]] {
    guard let value = try? JSONValue(parsing: body) else {
      throw ValueProblem("a result partition is not JSON: \(String(decoding: body.prefix(200), as: UTF8.self))")
    }
    return try rows(value["data"])
  }

  private static func rows(_ data: JSONValue?) throws(ValueProblem) -> [[String?]] {
    guard let data, data != .null else { return [] }
    guard let rows = data.arrayValue else { throw ValueProblem("\"data\" is not an array") }
    var result: [[String?]] = []
    result.reserveCapacity(rows.count)
    for row in rows {
      guard let cells = row.arrayValue else { throw ValueProblem("a row of \"data\" is not an array") }
      result.append(cells.map { cell in
        switch cell {
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
      })
    }
    return result
  }

  /// Stats counts arrive as numbers (the docs' examples) or strings; both are read.
  private static func count(_ value: JSONValue?) -> Int? {
    if let number = value?.intValue { return number }
    if let text = value?.stringValue { return Int(text) }
    return nil
  }
}
