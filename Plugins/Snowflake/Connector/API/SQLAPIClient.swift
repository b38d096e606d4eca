import Foundation
import MLCPluginKit

/// Runs statements through Snowflake's SQL API v2 on the connection, through the host.
///
/// Wire behaviour, from SYSTEMS.md §3 (SF-DOCS reference, submitting-requests,
/// handling-responses; SF-OAS `sqlapi.yaml`):
/// - `POST api/v2/statements?requestId=<uuid>&retry=true` with `Content-Type` and `Accept`
///   `application/json` and the required `User-Agent`; the host adds `Authorization` and
///   `X-Snowflake-Authorization-Token-Type` from the auth profile.
/// - `retry=true` is on from the first attempt because the *host* resends a request after
///   a 5xx, timeout or reset, byte for byte: the flag has to be in the bytes it resends.
///   On an id Snowflake has not seen it simply runs the statement (public clients do the
///   same [C]); the price is a statement-history lookup. Submissions are flagged
///   idempotent so the host may resend them at all.
/// - 200: a ResultSet; partitions after the first are fetched with `?partition=N`.
///   202: still running (async, or over 45 s): poll `GET api/v2/statements/<handle>` with
///   backoff until 200 or 422. 422: a `StatementFailure`. 408: timed out and cancelled.
/// - 429 and 5xx are the host's to retry; one that still arrives here asks for a batch retry.
final class SQLAPIClient {
  /// Sent on every request, as the API requires (RFC 7231 product token).
  static let userAgent = "ml-connector/0.1"

  private let host: PluginHost
  private let config: SnowflakeConfig
  /// Waits between polls; injected so tests need no real time.
  private let pause: (Double) -> Void
  /// Statements submitted by this instance, for the write summary in the log.
  private(set) var statementsSent = 0
  /// Polls made for statements that answered 202.
  private(set) var polls = 0

  init(host: PluginHost, config: SnowflakeConfig, pause: @escaping (Double) -> Void) {
    self.host = host
    self.config = config
    self.pause = pause
  }

  /// Runs `statement` and returns its complete result. Throws `StatementFailure` for a
  /// statement Snowflake failed, `PluginError` for anything that is not about the statement.
  ///
  /// Each submission gets a fresh random `requestId`; the host resends the same bytes (same
  /// id, `retry=true`) when an attempt is lost, so Snowflake runs it once, while a batch
  /// retry or a rerun reads the digests again and sends idempotent statements with new ids
  /// (an id derived from the data was answered from history after a table was emptied).
  func execute(_ statement: SQLStatement) throws -> StatementResult {
    let body = requestBody(statement)
    let requestID = UUID().uuidString.lowercased()
    statementsSent += 1
    host.log(.debug, "snowflake: \(statement.summary), requestId \(requestID)")
    let response = try host.http(HTTPRequest(
      method: "POST", target: "api/v2/statements", query: "requestId=\(requestID)&retry=true",
      headers: headers(json: true), body: body, idempotent: true))
    var result = try finish(response, statement)
    if result.partitionCount > 1 {
      for partition in 1..<result.partitionCount {
        let page = try host.http(HTTPRequest(
          target: "api/v2/statements/\(result.handle)", query: "partition=\(partition)", headers: headers(json: false)))
        guard page.status == 200 else { throw failure(page, statement) }
        do {
          result.rows += try StatementResult.partitionRows(body: page.body)
        } catch {
          throw PluginError.fatal("snowflake: partition \(partition) of \(statement.summary): \(error.message)")
        }
      }
    }
    return result
  }

  /// Follows a submission's response to its end: polls through 202s.
  private func finish(_ first: HTTPResponse, _ statement: SQLStatement) throws -> StatementResult {
    var response = first
    var schedule = PollSchedule(timeoutSeconds: config.statementTimeoutSeconds)
    while response.status == 202 {
      guard let handle = (try? JSONValue(parsing: response.body))?["statementHandle"]?.stringValue, !handle.isEmpty else {
        throw PluginError.fatal("snowflake: \(statement.summary) answered 202 without a statementHandle: \(response.text.prefix(300))")
      }
      guard let delay = schedule.next() else {
        throw PluginError.retry("snowflake: \(statement.summary) (handle \(handle)) was still running after \(Int(schedule.waited)) s of polling; it may finish on its own, and a rerun resubmits it with the same requestId")
      }
      pause(delay)
      polls += 1
      response = try host.http(HTTPRequest(target: "api/v2/statements/\(handle)", headers: headers(json: false)))
    }
    guard response.status == 200 else { throw failure(response, statement) }
    do {
      return try StatementResult(body: response.body)
    } catch {
      throw PluginError.fatal("snowflake: \(statement.summary): \(error.message)")
    }
  }

  /// The error for a final response other than 200/202.
  private func failure(_ response: HTTPResponse, _ statement: SQLStatement) -> Error {
    let failure = StatementFailure(status: response.status, body: response.body, statement: statement.summary)
    switch response.status {
    case 422:
      return failure
    case 408:
      return PluginError.retry("snowflake: \(statement.summary) exceeded statement_timeout_seconds (\(config.statementTimeoutSeconds)) and Snowflake cancelled it; raise the timeout or use a larger warehouse (\(failure.snowflakeText))")
    case 401:
      return PluginError.config("snowflake: the credentials were refused (HTTP 401, \(failure.snowflakeText)); check the connection's auth profile: for key-pair JWT the account and user, and that the stored private key matches the user's RSA_PUBLIC_KEY; for a programmatic access token that it is current")
    case 403:
      return PluginError.config("snowflake: access denied (HTTP 403, \(failure.snowflakeText)); the SQL API may be disabled for the account, or the role may not use it")
    case 404:
      return PluginError.config("snowflake: api/v2/statements was not found (HTTP 404); the connection's base_url must be https://<account_identifier>.snowflakecomputing.com")
    case 429, 500...599:
      return PluginError.retry("snowflake: \(statement.summary) answered HTTP \(response.status) after the host's retries (\(failure.snowflakeText)); the batch will be retried")
    default:
      return PluginError.fatal("snowflake: \(statement.summary) answered HTTP \(response.status): \(failure.snowflakeText)")
    }
  }

  /// The JSON body of a submission: statement, context, bindings (all TEXT) and session
  /// parameters (UTC, so `CURRENT_TIMESTAMP()` and zone-less values mean UTC).
  func requestBody(_ statement: SQLStatement) -> [UInt8] {
    var writer = JSONWriter(capacity: statement.text.utf8.count + statement.bindings.count * 48 + 256)
    writer.beginObject()
    writer.field("statement", statement.text)
    writer.field("timeout", int: config.statementTimeoutSeconds)
    writer.field("database", config.database.name)
    writer.field("schema", config.schema.name)
    writer.field("warehouse", config.warehouse.name)
    writer.field("role", ifPresent: config.role?.name)
    if !statement.bindings.isEmpty {
      writer.key("bindings")
      writer.beginObject()
      for (offset, value) in statement.bindings.enumerated() {
        writer.key(String(offset + 1))
        writer.beginObject()
        writer.field("type", "TEXT")
        writer.key("value")
        if let value { writer.string(value) } else { writer.null() }
        writer.endObject()
      }
      writer.endObject()
    }
    writer.key("parameters")
    writer.beginObject()
    writer.field("query_tag", config.queryTag)
    writer.field("timezone", "UTC")
    writer.endObject()
    writer.endObject()
    return writer.bytes
  }

  private func headers(json: Bool) -> [(name: String, value: String)] {
    var headers = [(name: "Accept", value: "application/json"), (name: "User-Agent", value: Self.userAgent)]
    if json { headers.append((name: "Content-Type", value: "application/json")) }
    return headers
  }
}
