import Foundation
import MLCSandboxKit

/// The Table API reads: `GET /api/now/[v1|v2/]table/{table}` and `.../{table}/{sys_id}`
/// (SN-DOCS `rest-apis/c_TableAPI.md`).
///
/// Lists honour `sysparm_query` (see `EncodedQuery`), the `<field>=<value>` shorthand when
/// there is no `sysparm_query`, `sysparm_fields`, `sysparm_limit` (default 10000),
/// `sysparm_offset`, `sysparm_display_value`, `sysparm_exclude_reference_link`,
/// `sysparm_no_count` and `sysparm_suppress_pagination_header`. They answer `X-Total-Count`
/// and a `Link` header of `<url>;rel="first"`, `rel="prev"`, `rel="next"`, `rel="last"`
/// entries, comma-separated with no spaces, each URL the request's own query with
/// `sysparm_offset` and `sysparm_limit` appended (the form public clients show, e.g.
/// ServiceNowITOM/ansible-sn-inventory#15); `prev`/`next` appear only when such a page exists
/// and the header is left out when the whole result fits on one page [C]. On a valid query
/// with no rows, v1 answers 404 and v2 (and the unversioned path) 200 `{"result":[]}`.
struct TableAPI {
  let state: ServiceNowState

  /// The Table API version a path names.
  enum Version {
    /// The unversioned path, which serves the latest version (v2).
    case latest, v1, v2

    /// The version in `match`, or `nil` when the path names one the API does not have.
    init?(_ match: RouteMatch) {
      switch match["version"] {
      case nil: self = .latest
      case "v1": self = .v1
      case "v2": self = .v2
      default: return nil
      }
    }
  }

  /// `GET .../table/{table}`.
  func list(_ request: APIRequest) -> HTTPResponse {
    guard let version = Version(request.match) else { return ServiceNowErrors.invalidURI }
    let tableName = request.match["table"] ?? ""
    let limit = max(0, Int(request.parameter("sysparm_limit") ?? "") ?? 10000)
    let offset = max(0, Int(request.parameter("sysparm_offset") ?? "") ?? 0)
    let noCount = request.flag("sysparm_no_count")
    let page: (rows: [JSONValue], total: Int)? = state.withLock {
      guard let table = state.store.table(tableName) else { return nil }
      var query = EncodedQuery(parsing: request.parameter("sysparm_query") ?? "", schema: table.schema, now: state.clock.now)
      if request.parameter("sysparm_query") == nil {
        let shorthand = request.http.query.filter { !$0.name.hasPrefix("sysparm_") }.map { ($0.name, $0.value) }
        query.addEquals(shorthand, schema: table.schema, now: state.clock.now)
      }
      // An index narrows `=`/`IN` queries (the connector's status reads by sys_import_set)
      // to their candidates, so a read costs what it returns, not the table's size.
      let candidates = query.indexLookups.map { table.rows(matchingAny: $0) } ?? table.allRows
      let matching = query.sorted(candidates.filter(query.matches))
      let renderer = renderer(for: request)
      let slice = matching.dropFirst(offset).prefix(limit)
      return (slice.map { renderer.render($0, schema: table.schema) }, matching.count)
    }
    guard let page else { return ServiceNowErrors.invalidTable(tableName) }
    if page.rows.isEmpty && version == .v1 { return ServiceNowErrors.queryMatchedNothing }
    var response = ServiceNowErrors.json(200, .object([("result", .array(page.rows))]))
    if !noCount { response.headers["X-Total-Count"] = String(page.total) }
    if !request.flag("sysparm_suppress_pagination_header"),
       let link = linkHeader(request, tableName: tableName, limit: limit, offset: offset,
                             total: noCount ? nil : page.total, returned: page.rows.count) {
      response.headers["Link"] = link
    }
    return response
  }

  /// `GET .../table/{table}/{sys_id}`.
  func get(_ request: APIRequest) -> HTTPResponse {
    guard Version(request.match) != nil else { return ServiceNowErrors.invalidURI }
    let tableName = request.match["table"] ?? ""
    let sysID = request.match["sys_id"] ?? ""
    let found: JSONValue?? = state.withLock {
      guard let table = state.store.table(tableName) else { return nil }
      return .some(table.row(sysID).map { renderer(for: request).render($0, schema: table.schema) })
    }
    guard let found else { return ServiceNowErrors.invalidTable(tableName) }
    guard let record = found else { return ServiceNowErrors.recordNotFound }
    return ServiceNowErrors.json(200, .object([("result", record)]))
  }

  /// The renderer for a request's `sysparm_*` display parameters. Call with the lock held.
  func renderer(for request: APIRequest) -> RecordRenderer {
    let fields = request.parameter("sysparm_fields").map {
      $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    return RecordRenderer(baseURL: request.baseURL, mode: RecordRenderer.DisplayMode(parameter: request.parameter("sysparm_display_value")),
                          excludeReferenceLink: request.flag("sysparm_exclude_reference_link"),
                          fields: fields?.isEmpty == false ? fields : nil, store: state.store)
  }

  /// The `Link` header for a page, or `nil` when one page holds the whole result.
  private func linkHeader(_ request: APIRequest, tableName: String, limit: Int, offset: Int, total: Int?, returned: Int) -> String? {
    guard limit > 0 else { return nil }
    if let total, offset == 0, total <= limit { return nil }
    let kept = request.http.rawQuery.split(separator: "&").filter {
      !$0.hasPrefix("sysparm_offset=") && !$0.hasPrefix("sysparm_limit=") && $0 != "sysparm_offset" && $0 != "sysparm_limit"
    }
    let prefix = request.baseURL + request.http.rawPath + "?" + kept.map { $0 + "&" }.joined()
    func entry(_ pageOffset: Int, _ rel: String) -> String {
      "<\(prefix)sysparm_offset=\(pageOffset)&sysparm_limit=\(limit)>;rel=\"\(rel)\""
    }
    var entries = [entry(0, "first")]
    if offset > 0 { entries.append(entry(max(0, offset - limit), "prev")) }
    let hasNext = total.map { offset + limit < $0 } ?? (returned == limit)
    if hasNext { entries.append(entry(offset + limit, "next")) }
    if let total { entries.append(entry(max(0, (total - 1) / limit * limit), "last")) }
    return entries.joined(separator: ",")
  }
}
