/// Renders rows as the Table API returns them (SN-DOCS `rest-apis/c_TableAPI.md`).
///
/// Every value is a string. Reference fields are `{"link":"<base>/api/now/table/<t>/<id>",
/// "value":"<id>"}` unless `sysparm_exclude_reference_link=true` makes them the plain sys_id;
/// an empty reference is `""`. `sysparm_display_value=true` returns display values (choice
/// labels, the referenced row's display column; dates unchanged because the sandbox user's
/// time zone is UTC), and `all` returns `{"display_value","value"}` pairs (plus `link` for
/// references). `sysparm_fields` limits and orders the columns; unknown names are ignored.
struct RecordRenderer {
  /// The `sysparm_display_value` modes.
  enum DisplayMode: Sendable {
    case value, display, all

    /// Parses the parameter; anything but `true`/`all` is the default `false`.
    init(parameter: String?) {
      switch parameter?.lowercased() {
      case "true": self = .display
      case "all": self = .all
      default: self = .value
      }
    }
  }

  let baseURL: String
  let mode: DisplayMode
  let excludeReferenceLink: Bool
  /// The requested columns, or `nil` for all.
  let fields: [String]?
  let store: RecordStore

  /// `row` of `schema` as a Table API result object.
  func render(_ row: Row, schema: TableSchema) -> JSONValue {
    let columns: [Column]
    if let fields {
      columns = fields.compactMap { schema.column($0) }
    } else {
      columns = schema.columns
    }
    return .object(columns.map { ($0.name, renderValue(row[$0.name] ?? "", column: $0)) })
  }

  /// One non-reference value in the requested display mode.
  private func renderValue(_ value: String, column: Column) -> JSONValue {
    if let table = column.referencedTable {
      return renderReference(value, table: table)
    }
    switch mode {
    case .value: return .string(value)
    case .display: return .string(column.choiceLabel(value))
    case .all: return .object([("display_value", .string(column.choiceLabel(value))), ("value", .string(value))])
    }
  }

  /// One reference value: plain sys_id, `{link,value}` or the display forms.
  private func renderReference(_ sysID: String, table: String) -> JSONValue {
    guard !sysID.isEmpty else {
      return mode == .all ? .object([("display_value", .string("")), ("value", .string(""))]) : .string("")
    }
    let link = baseURL + "/api/now/table/" + table + "/" + sysID
    let display = referenceDisplay(sysID, table: table)
    switch (mode, excludeReferenceLink) {
    case (.value, true): return .string(sysID)
    case (.value, false): return .object([("link", .string(link)), ("value", .string(sysID))])
    case (.display, true): return .string(display)
    case (.display, false): return .object([("display_value", .string(display)), ("link", .string(link))])
    case (.all, true): return .object([("display_value", .string(display)), ("value", .string(sysID))])
    case (.all, false):
      return .object([("display_value", .string(display)), ("link", .string(link)), ("value", .string(sysID))])
    }
  }

  /// The referenced row's display column value, or empty when it no longer exists.
  private func referenceDisplay(_ sysID: String, table: String) -> String {
    guard let schema = store.schema(table), let row = store.row(table, sysID) else { return "" }
    return row[schema.displayColumn] ?? ""
  }
}
