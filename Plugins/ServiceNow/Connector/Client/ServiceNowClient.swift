// ServiceNow REST calls through the host's HTTP service.
//
// Verified against SN-DOCS (GitHub ServiceNow/ServiceNowDocs, markdown/api-reference/):
// - `rest-api-explorer/c_RESTAPI.md`: `Accept` on every request, `Content-Type` as well on
//   POST; a missing one is 400.
// - `rest-apis/c_TableAPI.md`: `GET /api/now/table/{table}` with `sysparm_query`,
//   `sysparm_fields`, `sysparm_limit`, `sysparm_offset`, `sysparm_exclude_reference_link`;
//   `{"result":[…]}` with every value a string (references `{"link","value"}` unless
//   excluded); `X-Total-Count` and `Link` (`rel="next"`) headers; v1 answers 404 where v2
//   answers an empty list.
// - `rest-apis/c_ImportSetAPI.md`: `POST /api/now/import/{staging}` (one row, transformed
//   synchronously) and `POST /api/now/import/{staging}/insertMultiple`
//   (`{"records":[…]}` → `{"import_set_id","multi_import_set_id"}`; JSON only).
// Authentication, retries (429 with Retry-After, 5xx), rate limits and the 401 token refresh
// are the host's; this client never retries.

import Foundation
import MLCPluginKit

/// One page of a Table API list: rows as column → value text, plus the paging headers.
struct TableListing: Sendable {
  /// Each row's columns; reference and display-value objects are reduced to their `value`.
  var rows: [[String: String]]
  /// `X-Total-Count`, when the instance sent it.
  var totalCount: Int?
  /// Whether the `Link` header names a `rel="next"` page; nil when there was no `Link`.
  var hasNextLink: Bool?
}

/// The Table API and Import Set API calls the connector makes, on the connection's base
/// URL with the host attaching credentials. Safe to use from several threads at once (the
/// host's HTTP service is).
struct ServiceNowClient: Sendable {
  let host: PluginHost

  private static let jsonHeaders: [(name: String, value: String)] = [
    ("Accept", "application/json"), ("Content-Type", "application/json"),
  ]

  /// `GET /api/now/table/{table}` with `parameters` (unencoded). A 404 "No Record found"
  /// (Table API v1's answer to an empty result) is an empty page.
  func list(_ table: String, _ parameters: [(String, String)]) throws -> TableListing {
    let request = HTTPRequest(method: "GET", target: "api/now/table/\(table)", query: Self.query(parameters),
                              headers: [("Accept", "application/json")])
    let response = try send(request)
    if response.status == 404 { return TableListing(rows: [], totalCount: 0, hasNextLink: false) }
    guard response.isSuccess else { throw try ServiceNowFailure.from(response, request) }
    guard let body = try? JSONValue(parsing: response.body), let results = body["result"]?.arrayValue else {
      throw ServiceNowFailure.refused("ServiceNow answered GET /\(request.target) with a body that is not {\"result\":[…]}: "
        + "\(response.text.prefix(200))")
    }
    let rows = results.map { element in (element.objectValue ?? [:]).mapValues(Self.text) }
    return TableListing(rows: rows, totalCount: response.header("x-total-count").flatMap { Int($0) },
                        hasNextLink: response.header("link").map(Self.hasNext))
  }

  /// `POST /api/now/import/{staging}` with one row; the response's `result` entries, one per
  /// transform map that ran.
  func importRow(_ target: StagingTarget, _ row: StagingRow) throws -> (response: HTTPResponse, results: [JSONValue]) {
    // Coalescing makes a repeated row an update, so the host may resend it after a timeout.
    let request = HTTPRequest(method: "POST", target: "api/now/import/\(target.name)", headers: Self.jsonHeaders,
                              body: target.body(row), idempotent: true)
    let response = try send(request)
    guard response.isSuccess else { throw try ServiceNowFailure.from(response, request) }
    guard let body = try? JSONValue(parsing: response.body), let results = body["result"]?.arrayValue else {
      throw ServiceNowFailure.refused("ServiceNow answered POST /\(request.target) with a body that has no result array: "
        + "\(response.text.prefix(200))")
    }
    return (response, results)
  }

  /// `POST /api/now/import/{staging}/insertMultiple` with `rows`; the new import set's sys_id.
  func insertMultiple(_ target: StagingTarget, _ rows: [StagingRow]) throws -> String {
    let request = HTTPRequest(method: "POST", target: "api/now/import/\(target.name)/insertMultiple",
                              headers: Self.jsonHeaders, body: target.multipleBody(rows), idempotent: true)
    let response = try send(request)
    guard response.isSuccess else { throw try ServiceNowFailure.from(response, request) }
    guard let body = try? JSONValue(parsing: response.body), let id = body["import_set_id"]?.stringValue, !id.isEmpty else {
      throw ServiceNowFailure.refused("ServiceNow answered POST /\(request.target) without an import_set_id: \(response.text.prefix(200))")
    }
    return id
  }

  /// Sends `request`, turning a host retry failure into `ServiceNowFailure.transient`.
  private func send(_ request: HTTPRequest) throws -> HTTPResponse {
    do {
      return try host.http(request)
    } catch {
      throw try ServiceNowFailure.from(error)
    }
  }

  /// A Table API value as text: strings as they are, `{"value":…}` objects by their value.
  static func text(_ value: JSONValue) -> String {
    switch value {
    case .string(let text): return text
    case .number(let text): return text
    case .bool(let flag): return flag ? "true" : "false"
    case .object(let members): return members["value"].map(text) ?? ""
    default: return ""
    }
  }

  /// Whether a `Link` header names a next page: some `<url>;rel="next"` entry.
  static func hasNext(_ link: String) -> Bool {
    link.split(separator: ",").contains { entry in
      entry.split(separator: ";").dropFirst().contains { parameter in
        let trimmed = parameter.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\"", with: "")
        return trimmed.lowercased() == "rel=next"
      }
    }
  }

  /// `name=value&…` with both sides percent-encoded (RFC 3986 unreserved characters kept).
  static func query(_ parameters: [(String, String)]) -> String {
    parameters.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
  }

  private static func encode(_ text: String) -> String {
    var encoded = ""
    for byte in text.utf8 {
      let unreserved = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
        || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
      if unreserved {
        encoded.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        let hex = Array("0123456789ABCDEF".utf8)
        encoded += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
      }
    }
    return encoded
  }
}
