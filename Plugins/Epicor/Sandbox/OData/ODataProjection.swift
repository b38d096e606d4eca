/// Which columns and child collections of a row go into a response (`$select`, `$expand`),
/// resolved once per request and then written row by row as JSON.
///
/// Unknown names in `$select` or `$expand` fail before any output, with Epicor's OData error
/// "Could not find a property named 'X' on type 'Erp.PO'." [V EPI-PO for the text]. Expanded
/// children come in key order unless the nested options say otherwise
/// (`$expand=PODetails($select=POLine,PartNum;$orderby=POLine desc)`).
struct ODataProjection {
  /// One expanded navigation.
  struct Expansion {
    let navigation: EpicorNavigation
    let parentFields: [Int]
    let childFields: [Int]
    let child: ODataProjection
    let options: ODataQuery
  }

  let table: EpicorTable
  let fields: [Int]
  /// `"Name":` of each of `fields`, built once per request rather than once per row.
  let members: [String]
  let expansions: [Expansion]

  init(table: EpicorTable, fields: [Int], expansions: [Expansion]) {
    self.table = table
    self.fields = fields
    self.members = fields.map { "\"" + table.schema.fields[$0].name + "\":" }
    self.expansions = expansions
  }

  /// Resolves the `$select` and `$expand` of `query` against `table`.
  static func resolve(_ query: ODataQuery, table: EpicorTable, store: EpicorStore) throws -> ODataProjection {
    let schema = table.schema
    var fields = Array(schema.fields.indices)
    if let select = query.select {
      var chosen = Set<Int>()
      for name in select where schema.navigation(name) == nil {
        chosen.insert(try schema.requirePosition(of: name))
      }
      fields = fields.filter(chosen.contains)
    }
    let expansions = try query.expand.map { item -> Expansion in
      guard let navigation = schema.navigation(item.name) else { throw EpicorError.unknownProperty(item.name, on: schema.typeName) }
      let child = store.table(navigation.childTable)
      return Expansion(
        navigation: navigation,
        parentFields: try navigation.parentFields.map(schema.requirePosition),
        childFields: try navigation.childFields.map(child.schema.requirePosition),
        child: try resolve(item.options, table: child, store: store),
        options: item.options)
    }
    return ODataProjection(table: table, fields: fields, expansions: expansions)
  }

  /// Appends the row at `position` as a JSON object.
  func write(_ position: Int, to output: inout String) throws {
    let row = table.rows[position]
    output += "{"
    var first = true
    for (field, member) in zip(fields, members) {
      if !first { output += "," }
      first = false
      output += member
      table.value(row, field).writeJSON(to: &output)
    }
    for expansion in expansions {
      if !first { output += "," }
      first = false
      output += "\"" + expansion.navigation.name + "\":["
      let parentValues = expansion.parentFields.map { table.value(row, $0) }
      let candidates = expansion.child.table.positions(where: expansion.childFields, equal: parentValues)
      let page = try ODataExecutor.run(expansion.options, on: expansion.child.table, defaultTop: nil, candidates: candidates)
      for (index, childPosition) in page.positions.enumerated() {
        if index > 0 { output += "," }
        try expansion.child.write(childPosition, to: &output)
      }
      output += "]"
    }
    output += "}"
  }
}
