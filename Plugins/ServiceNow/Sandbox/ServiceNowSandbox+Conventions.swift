/// The sandbox's Source-to-Pay conventions, generated from the transform maps themselves so
/// the table a connector author reads can never drift from what the sandbox does.
extension ServiceNowSandbox {
  /// A Markdown description of every staging table: its transform map, target table,
  /// coalesce columns, required values and each column's name, label and target field.
  ///
  /// Print it with `swift test --filter ServiceNowSandboxConventionsTests` or read it from a
  /// debugger; the report to the connector author quotes it.
  public static var conventions: String {
    var text = "# ServiceNow sandbox: Source-to-Pay staging tables\n\n"
    text += "| staging table | transform map | target | coalesce (staging → target) | required target fields |\n"
    text += "|---|---|---|---|---|\n"
    for map in SourceToPayMaps.all {
      let coalesce = map.coalesceMaps.map { "`\($0.source)` → `\($0.target)`" }.joined(separator: " + ")
      text += "| `\(map.staging.name)` | \(map.name) | `\(map.target)` | \(coalesce) | \(map.required.map { "`\($0)`" }.joined(separator: ", ")) |\n"
    }
    for map in SourceToPayMaps.all {
      text += "\n## `\(map.staging.name)` → `\(map.target)`\n\n| column name | label (insertMultiple key) | target field | conversion |\n|---|---|---|---|\n"
      for column in map.staging.columns where !TableSchema.systemColumns.contains(where: { $0.name == column.name })
        && !TableSchema.importRowColumns.contains(where: { $0.name == column.name }) {
        let maps = map.fieldMaps.filter { $0.source == column.name }
        let targets = maps.map { "`\($0.target)`" + ($0.coalesce ? " (coalesce)" : "") }.joined(separator: ", ")
        let conversions = maps.map { describe($0.conversion) }.joined(separator: ", ")
        text += "| `\(column.name)` | \(column.label) | \(targets.isEmpty ? "staging only" : targets) | \(conversions) |\n"
      }
    }
    return text
  }

  /// A conversion as the conventions table names it.
  private static func describe(_ conversion: FieldMap.Conversion) -> String {
    switch conversion {
    case .copy: return "text"
    case .decimal: return "decimal"
    case .date: return "date YYYY-MM-DD"
    case .boolean: return "true/false"
    case .invertedBoolean: return "true/false, inverted"
    case .choice: return "choice"
    case .reference(let table, let fields): return "reference to `\(table)` by \(fields.map { "`\($0)`" }.joined(separator: " or "))"
    }
  }
}
