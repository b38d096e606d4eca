/// Which ServiceNow API a request addressed, as the sandbox's request log classifies it.
public enum ServiceNowAPI: String, Sendable, CaseIterable {
  /// `POST /oauth_token.do`.
  case oauth
  /// `/api/now/[v1|v2/]table/{table}[/{sys_id}]`.
  case table
  /// `/api/now/[v1/]import/{staging}[/{sys_id}]`: single-row insert or result lookup.
  case importSet
  /// `POST /api/now/[v1/]import/{staging}/insertMultiple`.
  case insertMultiple
  /// Anything else (answered 400 "Requested URI does not represent any resource").
  case other
}

/// One request the sandbox answered, for tests that assert what a connector did ("no write
/// call on the second run").
public struct RecordedRequest: Sendable, Equatable {
  /// The method as sent (`X-HTTP-Method-Override` is not applied here).
  public let method: String
  /// The decoded path without the query.
  public let path: String
  public let api: ServiceNowAPI
  /// The table or staging table named in the path; empty for OAuth and unknown paths.
  public let resource: String
  /// The status the sandbox answered, including injected faults.
  public let status: Int

  /// Whether the request could change data: a non-GET/HEAD call to the Table or Import Set
  /// APIs.
  public var isWrite: Bool {
    api != .oauth && api != .other && method != "GET" && method != "HEAD"
  }

  /// Creates a record.
  public init(method: String, path: String, api: ServiceNowAPI, resource: String, status: Int) {
    self.method = method
    self.path = path
    self.api = api
    self.resource = resource
    self.status = status
  }

  /// Classifies `path` into an API and the table it names.
  static func classify(_ path: String) -> (api: ServiceNowAPI, resource: String) {
    if path == "/oauth_token.do" { return (.oauth, "") }
    var segments = path.split(separator: "/").map(String.init)
    guard segments.count >= 4, segments[0] == "api", segments[1] == "now" else { return (.other, "") }
    segments.removeFirst(2)
    if let first = segments.first, first.count >= 2, first.hasPrefix("v"), Int(first.dropFirst()) != nil {
      segments.removeFirst()
    }
    guard segments.count >= 2 else { return (.other, "") }
    switch segments[0] {
    case "table": return (.table, segments[1])
    case "import":
      if segments.count == 3 && segments[2] == "insertMultiple" { return (.insertMultiple, segments[1]) }
      return (.importSet, segments[1])
    default: return (.other, "")
    }
  }
}
