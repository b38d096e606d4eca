import MLCPluginKit

/// An Epicor tableset (`ds`): the tables a business object's methods take and return, each a
/// list of rows, as in `{"ds":{"APInvHed":[{…}],"APInvDtl":[],"ExtensionTables":[]}}`.
///
/// The method pattern (SYSTEMS.md §1.6 [V EPI-DOCS, EPI-AP]) is: a `GetNew…` method returns
/// the tableset with a defaulted new row (`RowMod` "A"); the client sets columns on it and
/// sends the whole tableset back to `Update`. Rows the client changes carry `RowMod` "U".
/// Tables and columns the connector does not know pass through untouched.
struct Tableset {
  private(set) var tables: [String: JSONValue]

  /// The `ds` under `parameters` of a method response (or the `returnObj` of `GetByID`).
  init(response: JSONValue, what: String) throws {
    let ds = response["parameters"]?["ds"] ?? response["returnObj"]
    guard case .object(let tables)? = ds else {
      throw PluginError.fatal("epicor: \(what) answered without a parameters.ds tableset; the server is not behaving like Epicor's BO method API")
    }
    self.tables = tables
  }

  /// An empty tableset, for `GetNew…` calls that start from nothing.
  init() {
    tables = [:]
  }

  /// The rows of `table`.
  func rows(_ table: String) -> [EpicorRow] {
    guard case .array(let rows)? = tables[table] else { return [] }
    return rows.compactMap { row in
      guard case .object(let members) = row else { return nil }
      return EpicorRow(members)
    }
  }

  /// The index of the last row of `table` whose `RowMod` is "A" (the row a `GetNew…` just
  /// added), or nil.
  func newRowIndex(_ table: String) -> Int? {
    rows(table).lastIndex { $0.string("RowMod") == "A" }
  }

  /// Sets `fields` on row `index` of `table` (nil values are skipped: unknown stays default).
  mutating func set(_ table: String, row index: Int, _ fields: [(String, JSONValue?)]) {
    guard case .array(var rows)? = tables[table], rows.indices.contains(index),
          case .object(var members) = rows[index] else { return }
    for (name, value) in fields {
      if let value { members[name] = value }
    }
    rows[index] = .object(members)
    tables[table] = .array(rows)
  }

  /// The tableset as the `ds` parameter.
  var json: JSONValue { .object(tables) }
}

extension JSONValue {
  /// A JSON string, or nil for nil.
  static func text(_ value: String?) -> JSONValue? { value.map(JSONValue.string) }

  /// A JSON number from decimal text, or nil.
  static func decimal(_ value: String?) -> JSONValue? {
    guard let value, let canonical = DecimalText.canonical(value) else { return nil }
    return .number(canonical)
  }

  /// A JSON integer.
  static func int(_ value: Int?) -> JSONValue? { value.map { .number(String($0)) } }

  /// An Epicor date-time for a canonical `YYYY-MM-DD` date (midnight, no zone), or nil.
  static func date(_ value: String?) -> JSONValue? {
    guard let value, let stamp = EpicorTimestamp(value), stamp.isDateOnly else { return nil }
    return .string(value + "T00:00:00")
  }
}
