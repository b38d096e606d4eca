/// One target table: its name, its columns in DDL order, and its MERGE key.
struct TableLayout: Equatable, Sendable {
  /// The name config overrides use for this table: `"vendor"`, `"purchase_order_line"`.
  let role: String
  var name: SnowflakeIdentifier
  var columns: [TableColumn]

  /// The MERGE key: `SOURCE_KEY` for a header table, (parent key, `LINE`) for a line table.
  var keyColumns: [TableColumn] { columns.filter(\.isKey) }

  /// The columns a statement binds values for, in binding order.
  var boundColumns: [TableColumn] { columns.filter(\.isBound) }

  /// The column whose value comes from `source`, if the table has one.
  func column(_ source: ColumnSource) -> TableColumn? {
    columns.first { $0.source == source }
  }

  /// A text that changes whenever the table's name or columns do; part of every record's
  /// digest, so a changed layout rewrites rows instead of skipping them as unchanged.
  var signature: String {
    var text = name.name
    for column in columns {
      text += "|\(column.name.name):\(column.type.ddl):\(column.source.description)"
    }
    return text
  }
}

/// Where one canonical entity lands: its header table, and for documents with lines
/// (purchase orders, AP invoices) the line table fed from `data.lines`.
struct EntityLayout: Equatable, Sendable {
  let entity: String
  var header: TableLayout
  var lines: TableLayout?

  /// Both tables, header first.
  var tables: [TableLayout] { [header] + (lines.map { [$0] } ?? []) }

  /// Part of each record's digest: the layout of every table the record lands in.
  var signature: String { tables.map(\.signature).joined(separator: "\n") }
}
