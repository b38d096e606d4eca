/// The rows behind reference fields (a requisition's supplier, requester, cost center),
/// fetched by sys_id in chunks and kept for the rest of one read.
///
/// The Table API can dot-walk in `sysparm_fields` (`supplier.erp_supplier_code`), but only
/// the referenced row's own query is documented for every table and version, and a page
/// of requisitions names few distinct suppliers and people, so a lookup per distinct
/// sys_id costs one request per chunk of 100 new ids.
final class ReferenceCache {
  private let client: ServiceNowClient
  private let table: String
  private let fields: [String]
  private var rows: [String: [String: String]] = [:]
  /// Ids asked for and not found, so they are not asked for again.
  private var missing: Set<String> = []

  init(client: ServiceNowClient, table: String, fields: [String]) {
    self.client = client
    self.table = table
    self.fields = fields
  }

  /// Fetches the rows of `ids` not fetched before.
  func load(_ ids: Set<String>) throws {
    let wanted = ids.filter { !$0.isEmpty && rows[$0] == nil && !missing.contains($0) && !$0.contains(",") && !$0.contains("^") }
      .sorted()
    for start in stride(from: 0, to: wanted.count, by: 100) {
      let chunk = Array(wanted[start..<min(start + 100, wanted.count)])
      let listing = try client.list(table, [
        ("sysparm_query", "sys_idIN" + chunk.joined(separator: ",")),
        ("sysparm_fields", (["sys_id"] + fields).joined(separator: ",")),
        ("sysparm_exclude_reference_link", "true"), ("sysparm_limit", String(chunk.count)),
      ])
      for row in listing.rows {
        if let id = row["sys_id"] { rows[id] = row }
      }
      for id in chunk where rows[id] == nil { missing.insert(id) }
    }
  }

  /// `field` of the row `id`, when it was found and the field is not empty.
  func value(_ id: String?, _ field: String) -> String? {
    guard let id, let value = rows[id]?[field], !value.isEmpty else { return nil }
    return value
  }
}
