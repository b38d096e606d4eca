import MLCPluginKit

/// One read of approved purchase requisitions (`sn_shop_purchase_requisition`, lines in
/// `sn_shop_purchase_line`) as canonical `procurement_request` records, in
/// `sys_updated_on` order.
///
/// Paging follows the Table API (SN-DOCS `rest-apis/c_TableAPI.md`): `sysparm_query` with
/// the configured condition, `sys_updated_on>=` the lower bound and
/// `ORDERBYsys_updated_on^ORDERBYsys_id` (sys_id makes the order of equal timestamps stable
/// between requests), `sysparm_limit` = the host's page size and `sysparm_offset`; a page
/// shorter than the limit, a `Link` header without `rel="next"` or an `X-Total-Count`
/// reached ends the read. The lower bound moves with the read: each page asks for rows at
/// or after the last timestamp emitted, skipping (by offset) only the rows already emitted
/// at exactly that timestamp. A plain growing offset would skip a row whenever an earlier
/// row was updated mid-read (it moves to the end and everything shifts down one); with a
/// moving bound only a change inside that one tied group can shift rows, and any row
/// skipped that way is at the cursor's timestamp and comes again on the next run, which
/// reads `>=` the cursor.
final class RequisitionReader: RecordReader {
  private let client: ServiceNowClient
  private let config: ServiceNowConfig
  private let pageSize: Int
  /// The timestamp (canonical form) the next page starts at, nil to start at the beginning.
  private var bound: String?
  /// Records already emitted at exactly `bound`.
  private var emittedAtBound = 0
  private let suppliers: ReferenceCache
  private let users: ReferenceCache
  private let costCenters: ReferenceCache

  static let headerFields = "sys_id,number,requested_for,supplier,cost_center,currency,total_amount,state,needed_by,sys_updated_on"
  static let lineFields = "sys_id,purchase_requisition,line_number,product_name,quantity,unit,unit_price,total_amount,gl_account,cost_center"

  init(client: ServiceNowClient, config: ServiceNowConfig, request: ReadRequest) throws {
    self.client = client
    self.config = config
    self.pageSize = min(max(request.pageSize, 1), 10_000)
    if let since = request.since, !request.full, !since.isEmpty {
      guard GlideTime.glideParts(since) != nil else {
        throw PluginError.fatal("servicenow: cannot read the procurement_request cursor \"\(since)\"; "
          + "expected an RFC 3339 UTC timestamp such as 2026-01-05T08:00:00Z (run `mlc sync --full` to reset it)")
      }
      bound = since
    }
    suppliers = ReferenceCache(client: client, table: config.supplierTable, fields: ["erp_supplier_code", "name"])
    users = ReferenceCache(client: client, table: "sys_user", fields: ["name", "user_name"])
    costCenters = ReferenceCache(client: client, table: "cmn_cost_center", fields: ["code", "name"])
  }

  func nextPage(into emitter: RecordEmitter) throws -> Bool {
    var conditions: [String] = []
    if !config.requisitionQuery.isEmpty { conditions.append(config.requisitionQuery) }
    if let bound, let condition = GlideTime.atOrAfter(bound) { conditions.append(condition) }
    conditions.append("ORDERBYsys_updated_on^ORDERBYsys_id")
    let offset = emittedAtBound
    let listing = try read {
      try client.list(config.requisitionTable, [
        ("sysparm_query", conditions.joined(separator: "^")), ("sysparm_fields", Self.headerFields),
        ("sysparm_exclude_reference_link", "true"), ("sysparm_limit", String(pageSize)),
        ("sysparm_offset", String(offset)),
      ])
    }
    let headers = listing.rows
    let lines = try read { try linesByRequisition(headers.compactMap { $0["sys_id"] }) }
    try read {
      try suppliers.load(Set(headers.compactMap { $0["supplier"] }))
      try users.load(Set(headers.compactMap { $0["requested_for"] }))
      try costCenters.load(Set(headers.compactMap { $0["cost_center"] } + lines.values.joined().compactMap { $0["cost_center"] }))
    }
    let builder = RequisitionRecord(suppliers: suppliers, users: users, costCenters: costCenters)
    for header in headers {
      guard let id = header["sys_id"], !id.isEmpty, let updated = header["sys_updated_on"],
            let stamp = GlideTime.canonical(updated) else {
        let seen = "\(header["sys_id"] ?? "?"), \(header["sys_updated_on"] ?? "none")"
        throw PluginError.fatal("servicenow: \(config.requisitionTable) returned a row without a sys_id or a "
          + "sys_updated_on of the form YYYY-MM-DD HH:MM:SS (\(seen)); read it with sysparm_display_value=false")
      }
      if let bound, stamp < bound {
        throw PluginError.fatal("servicenow: \(config.requisitionTable) returned \(id) updated \(stamp), "
          + "before the read's lower bound \(bound): the instance did not apply sys_updated_on>= or ORDERBYsys_updated_on as sent; "
          + "check that the integration user's time zone is UTC (gs.dateGenerate reads the session's time zone)")
      }
      try emitter.emit(builder.record(header, id: id, stamp: stamp, lines: lines[id] ?? []))
      if stamp == bound {
        emittedAtBound += 1
      } else {
        bound = stamp
        emittedAtBound = 1
      }
    }
    let shortPage = headers.count < pageSize
    let noNext = listing.hasNextLink == false
    let counted = listing.totalCount.map { offset + headers.count >= $0 } ?? false
    return headers.isEmpty || shortPage || noNext || counted
  }

  /// The lines of `ids`, ordered by line number, fetched in chunks of 100 requisitions.
  private func linesByRequisition(_ ids: [String]) throws -> [String: [[String: String]]] {
    var lines: [String: [[String: String]]] = [:]
    let usable = ids.filter { !$0.contains(",") && !$0.contains("^") }
    for start in stride(from: 0, to: usable.count, by: 100) {
      let chunk = usable[start..<min(start + 100, usable.count)]
      var offset = 0
      while true {
        let listing = try client.list(config.requisitionLineTable, [
          ("sysparm_query", "purchase_requisitionIN\(chunk.joined(separator: ","))^ORDERBYpurchase_requisition^ORDERBYline_number^ORDERBYsys_id"),
          ("sysparm_fields", Self.lineFields), ("sysparm_exclude_reference_link", "true"),
          ("sysparm_limit", "1000"), ("sysparm_offset", String(offset)),
        ])
        for line in listing.rows {
          if let parent = line["purchase_requisition"] { lines[parent, default: []].append(line) }
        }
        offset += listing.rows.count
        if listing.rows.count < 1000 { break }
      }
    }
    // The instance orders by line number already; sorting again as numbers keeps line 10
    // after line 9 should a line number column be text on some instance.
    return lines.mapValues { rows in
      rows.enumerated().sorted { left, right in
        let (l, r) = (Int(left.element["line_number"] ?? ""), Int(right.element["line_number"] ?? ""))
        if let l, let r, l != r { return l < r }
        return left.offset < right.offset
      }.map(\.element)
    }
  }

  /// Runs a Table API read, turning a failure that survived the host's retries into a
  /// retryable error for this page (the host commits nothing of it and runs again later).
  private func read<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let failure as ServiceNowFailure {
      if case .transient(let message) = failure { throw PluginError.retry("servicenow: reading procurement requests: \(message)") }
      throw PluginError.fatal("servicenow: reading procurement requests: \(failure)")
    }
  }
}
