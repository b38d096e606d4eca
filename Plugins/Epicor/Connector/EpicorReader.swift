import MLCPluginKit

/// One read of one entity: pages of `$top` rows in change order, each emitted as a canonical
/// record whose `cursor` is the row's change position (see `ChangeCursor`).
///
/// Paging is by key set, not `$skip`. Each page after the first re-anchors the filter on the
/// last row read: `Change gt v or (Change eq v and Tie gt t)`, where the tie columns make
/// the order total (`SysRevID` after a date-time, the key after a revision). With `$skip`, a
/// row that changes during the read moves from before the offset to the end of the order,
/// every later row shifts one place forward, and the row that slides under the offset is
/// never read; a row added in between shifts the other way and is read twice. The anchor
/// instead names a position in the order itself, so a changed row is simply read again at
/// its new place, and rows sharing one change value across a page boundary continue where
/// the last page stopped. The first page of an incremental read starts right after the
/// `since` cursor, so a rerun with nothing new gets an empty page: one request per entity,
/// no record. A full read also starts with rows whose change
/// value is null, which SQL Server orders first; the stop is a short page.
final class EpicorReader: RecordReader {
  private let mapping: any RecordMapping
  private let context: MappingContext
  private let client: EpicorClient
  private let change: ChangeCursor
  private let top: Int
  private let sinceFilter: String?
  private let observedAt: String
  /// Where the next page starts: the last row's change literal (nil when it was null) and
  /// tie-column literals; nil before the first page.
  private var anchor: (change: String?, keys: [String])?
  private var writer = JSONWriter(capacity: 8192)

  /// Prepares a read; throws when `since` is not a cursor of this entity's change field.
  init(mapping: any RecordMapping, context: MappingContext, client: EpicorClient, request: ReadRequest,
       observedAt: String) throws {
    self.mapping = mapping
    self.context = context
    self.client = client
    let entity = mapping.entity
    let change = ChangeCursor(entity: entity, field: context.config.changeField(entity), zone: context.config.timeZone,
                              literalForm: context.config.dateTimeLiteral)
    self.change = change
    top = max(1, min(context.config.pageSize, request.pageSize))
    sinceFilter = try request.full ? nil : request.since.map { try change.filter(since: $0) }
    self.observedAt = observedAt
  }

  func nextPage(into emitter: RecordEmitter) throws -> Bool {
    let entity = mapping.entity
    let response = try client.get(entity.service, entity.entitySet, query: query())
    guard response.isSuccess else {
      throw response.failure.readError("reading \(entity.name) from \(entity.service)/\(entity.entitySet)", company: context.company)
    }
    let rows = try response.rows()
    try context.vendors.prefetch(rows.flatMap { mapping.vendorNumbers($0) })
    var previous = anchor
    for row in rows {
      let position = try change.position(row)
      try emit(row, cursor: position.cursor, changeUTC: position.utcMilliseconds, to: emitter)
      previous = (position.change, position.ties)
    }
    if rows.count >= top, let last = previous, let before = anchor, last.change == before.change, last.keys == before.keys {
      throw PluginError.fatal("epicor: reading \(entity.name) made no progress: a full page ended on the row it started after (\(last.keys.joined(separator: ", "))); the columns \(change.tieColumns.joined(separator: ", ")) do not order the rows")
    }
    anchor = previous
    return rows.count < top
  }

  /// The OData query of the next page.
  private func query() -> ODataQuery {
    let entity = mapping.entity
    var clauses = baseFilter()
    if let anchor {
      clauses.append("(" + Self.after(change: change.field.column, anchor.change, keys: change.tieColumns, anchor.keys) + ")")
    } else if let sinceFilter {
      clauses.append("(" + sinceFilter + ")")
    }
    var query = ODataQuery()
    if !clauses.isEmpty { query.add("$filter", clauses.joined(separator: " and ")) }
    query.add("$orderby", ([change.field.column] + change.tieColumns).joined(separator: ","))
    query.add("$top", String(top))
    if let columns = entity.selectColumns {
      var select = entity.keyColumns
      for column in [change.field.column] + change.tieColumns + mapping.updatedAtColumns + columns where !select.contains(column) {
        select.append(column)
      }
      query.add("$select", select.joined(separator: ","))
    }
    if let expand = entity.expand { query.add("$expand", expand) }
    return query
  }

  /// Filters every read of the entity carries: the cost-center segment, the chart of accounts.
  private func baseFilter() -> [String] {
    var clauses: [String] = []
    let config = context.config
    switch mapping.entity {
    case .costCenter:
      if let segment = config.costCenterSegment { clauses.append("SegmentNbr eq \(segment)") }
      if let coa = config.coaCode { clauses.append("COACode eq \(ODataQuery.quoted(coa))") }
    case .glAccount:
      if let coa = config.coaCode { clauses.append("COACode eq \(ODataQuery.quoted(coa))") }
    default:
      break
    }
    return clauses
  }

  /// The rows after (`change`, `keys`) in `$orderby` order (`keys` are the tie columns). A null change value sorts first,
  /// so after a null anchor come the remaining null rows by key, then every non-null row.
  static func after(change column: String, _ value: String?, keys: [String], _ literals: [String]) -> String {
    let keysAfter = keysAfter(keys[...], literals[...])
    guard let value else {
      return "(\(column) eq null and (\(keysAfter))) or \(column) ne null"
    }
    return "\(column) gt \(value) or (\(column) eq \(value) and (\(keysAfter)))"
  }

  /// `k1 gt a1 or (k1 eq a1 and (k2 gt a2 or …))`.
  private static func keysAfter(_ keys: ArraySlice<String>, _ literals: ArraySlice<String>) -> String {
    guard let key = keys.first, let literal = literals.first else { return "false" }
    if keys.count == 1 { return "\(key) gt \(literal)" }
    return "\(key) gt \(literal) or (\(key) eq \(literal) and (\(keysAfter(keys.dropFirst(), literals.dropFirst()))))"
  }

  private func emit(_ row: EpicorRow, cursor: String, changeUTC: Int64?, to emitter: RecordEmitter) throws {
    let entity = mapping.entity
    var updatedAt: String? = nil
    for column in mapping.updatedAtColumns {
      if let stamp = row.timestamp(column), !stamp.isDateOnly {
        updatedAt = CivilTime.timestampText(milliseconds: stamp.utcMilliseconds(in: context.config.timeZone))
        break
      }
    }
    if updatedAt == nil, let changeUTC { updatedAt = CivilTime.timestampText(milliseconds: changeUTC) }
    writer.reset()
    writer.beginObject()
    writer.field("entity", entity.name)
    writer.field("key", try mapping.key(row, company: context.company))
    writer.field("updated_at", updatedAt ?? observedAt)
    writer.field("cursor", cursor)
    writer.key("data")
    writer.beginObject()
    try mapping.writeData(row, context, to: &writer)
    writer.endObject()
    writer.key("refs")
    writer.beginObject()
    mapping.writeRefs(row, context, to: &writer)
    writer.endObject()
    writer.endObject()
    try emitter.emit(writer)
  }
}
