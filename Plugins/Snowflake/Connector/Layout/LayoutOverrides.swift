import MLCPluginKit

/// Applies the config's `tables` object to the default layouts: table names, column
/// renames and omitted columns.
///
/// ```json
/// "tables": {
///   "vendor": "SUPPLIERS",
///   "purchase_order_line": {"name": "\"PO Lines\"", "columns": {"QUANTITY": "QTY"}, "omit": ["UOM"]}
/// }
/// ```
/// Keys are table roles (`DefaultLayouts.tableRoles`); column keys are default column
/// names. Names follow `SnowflakeIdentifier(configured:)`. Keys and digest columns cannot
/// be omitted, two tables cannot share a name, and one table cannot hold a column twice.
enum LayoutOverrides {
  /// The layouts of every entity with `tables` applied.
  static func apply(_ tables: ConfigObject?) throws -> [String: EntityLayout] {
    var layouts: [String: EntityLayout] = [:]
    for entity in DefaultLayouts.entities {
      layouts[entity] = DefaultLayouts.layout(entity)
    }
    guard let tables else { return layouts }
    try tables.rejectUnknownMembers(Set(DefaultLayouts.tableRoles))
    for entity in DefaultLayouts.entities {
      guard var layout = layouts[entity] else { continue }
      layout.header = try override(layout.header, in: tables)
      if let lines = layout.lines { layout.lines = try override(lines, in: tables) }
      layouts[entity] = layout
    }
    var owners: [SnowflakeIdentifier: String] = [:]
    for role in DefaultLayouts.tableRoles {
      guard let table = layouts.values.flatMap(\.tables).first(where: { $0.role == role }) else { continue }
      if let other = owners[table.name] {
        throw tables.error(role, "names table \(table.name.sql), which \"\(other)\" already uses; give each table its own name")
      }
      owners[table.name] = role
    }
    return layouts
  }

  /// One table with its override (a name, or an object with `name`, `columns`, `omit`).
  private static func override(_ table: TableLayout, in tables: ConfigObject) throws -> TableLayout {
    guard let value = tables.value(table.role) else { return table }
    var result = table
    if let text = value.stringValue {
      result.name = try identifier(text, tables, table.role)
      return result
    }
    guard let object = try tables.object(table.role) else { return table }
    try object.rejectUnknownMembers(["name", "columns", "omit"])
    if let name = try object.string("name") {
      result.name = try identifier(name, object, "name")
    }
    let known = table.columns.map(\.role)
    let omitted = try object.strings("omit")
    for role in omitted {
      guard let column = table.columns.first(where: { $0.role == role }) else {
        throw object.error("omit", "names no column \"\(role)\" of \(table.role); columns are \(known.joined(separator: ", "))")
      }
      if column.isRequired {
        throw object.error("omit", "cannot omit \(role): the connector needs it to merge and to skip unchanged records")
      }
    }
    result.columns.removeAll { omitted.contains($0.role) }
    if let renames = try object.object("columns") {
      try renames.rejectUnknownMembers(Set(result.columns.map(\.role)))
      for index in result.columns.indices {
        if let name = try renames.string(result.columns[index].role) {
          result.columns[index].name = try identifier(name, renames, result.columns[index].role)
        }
      }
    }
    var seen: Set<SnowflakeIdentifier> = []
    for column in result.columns where !seen.insert(column.name).inserted {
      throw object.error("columns", "gives two columns of \(table.role) the name \(column.name.sql); column names must be unique")
    }
    return result
  }

  private static func identifier(_ text: String, _ config: ConfigObject, _ member: String) throws -> SnowflakeIdentifier {
    guard let identifier = SnowflakeIdentifier(configured: text) else {
      throw config.error(member, "\"\(text)\" is not a Snowflake identifier: use 1 to 255 characters, "
                           + "and write a name that keeps its case as \"\\\"Name\\\"\" with inner quotes doubled")
    }
    return identifier
  }
}
