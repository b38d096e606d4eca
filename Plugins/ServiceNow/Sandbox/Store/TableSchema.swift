/// One column of a sandbox table: its name, its label (what insertMultiple keys records by by
/// default) and how the Table API renders and compares it.
struct Column: Sendable {
  /// The column's type, as far as the sandbox needs to know it.
  enum Kind: Sendable, Equatable {
    case string
    /// Compared as numbers in queries (`sys_mod_count`, `sys_import_row`).
    case integer
    /// A decimal amount or quantity, stored as its text (`"1234.50"`).
    case decimal
    case boolean
    /// `YYYY-MM-DD`.
    case date
    /// `YYYY-MM-DD HH:MM:SS` UTC.
    case dateTime
    /// A sys_id of a row in the named table; rendered as `{"link","value"}`.
    case reference(String)
    /// One of a fixed set of values, each with a display label.
    case choice([(value: String, label: String)])

    static func == (lhs: Kind, rhs: Kind) -> Bool {
      switch (lhs, rhs) {
      case (.string, .string), (.integer, .integer), (.decimal, .decimal), (.boolean, .boolean),
           (.date, .date), (.dateTime, .dateTime), (.choice, .choice):
        return true
      case (.reference(let left), .reference(let right)):
        return left == right
      default:
        return false
      }
    }
  }

  let name: String
  let label: String
  let kind: Kind

  /// Creates a column.
  init(_ name: String, _ label: String, _ kind: Kind = .string) {
    self.name = name
    self.label = label
    self.kind = kind
  }

  /// The table this column references, if it is a reference.
  var referencedTable: String? {
    if case .reference(let table) = kind { return table }
    return nil
  }

  /// Whether query comparisons treat values as numbers.
  var isNumeric: Bool { kind == .integer || kind == .decimal }

  /// The display label for a stored choice value, or the value itself.
  func choiceLabel(_ value: String) -> String {
    if case .choice(let choices) = kind, let choice = choices.first(where: { $0.value == value }) {
      return choice.label
    }
    return value
  }
}

/// A table's name, label and columns, in the order the Table API returns them.
///
/// Every table carries the platform's system columns (`sys_id`, `sys_created_on`, …) after its
/// own; import set (staging) tables also carry the `sys_import_*` row columns, as every table
/// extending `sys_import_set_row` does.
struct TableSchema: Sendable {
  let name: String
  let label: String
  let columns: [Column]
  /// The column the Import Set API reports as `display_name` and reference display values use.
  let displayColumn: String
  /// Prefix of the auto-number written to the `number` column on insert (`PO`, `ISET`), if any.
  let numberPrefix: String?
  private let positions: [String: Int]

  /// Creates a schema; the system columns are appended to `columns`.
  init(_ name: String, _ label: String, columns: [Column], display: String,
       numberPrefix: String? = nil, isStaging: Bool = false) {
    self.name = name
    self.label = label
    self.displayColumn = display
    self.numberPrefix = numberPrefix
    var all = columns
    if isStaging { all += TableSchema.importRowColumns }
    all += TableSchema.systemColumns
    self.columns = all
    var positions: [String: Int] = [:]
    for (index, column) in all.enumerated() where positions[column.name] == nil {
      positions[column.name] = index
    }
    self.positions = positions
  }

  /// The column named `name`, if the table has one.
  func column(_ name: String) -> Column? {
    positions[name].map { columns[$0] }
  }

  /// Whether the table has a column named `name`.
  func has(_ name: String) -> Bool { positions[name] != nil }

  /// The columns every platform table has.
  static let systemColumns: [Column] = [
    Column("sys_id", "Sys ID"),
    Column("sys_created_on", "Created", .dateTime),
    Column("sys_created_by", "Created by"),
    Column("sys_updated_on", "Updated", .dateTime),
    Column("sys_updated_by", "Updated by"),
    Column("sys_mod_count", "Updates", .integer),
  ]

  /// The columns of `sys_import_set_row`, which every staging table extends.
  static let importRowColumns: [Column] = [
    Column("sys_import_set", "Set", .reference("sys_import_set")),
    Column("sys_import_row", "Row", .integer),
    Column("sys_import_state", "State", .choice(ImportRowState.choices)),
    Column("sys_import_state_comment", "Comment"),
    Column("sys_target_table", "Target table"),
    Column("sys_target_sys_id", "Target record"),
    Column("sys_row_error", "Row error", .reference("sys_import_set_row_error")),
    Column("sys_transform_map", "Transform map"),
  ]
}
