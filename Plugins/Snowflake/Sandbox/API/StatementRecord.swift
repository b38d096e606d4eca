/// One submitted statement: its handle, timing and where it stands.
///
/// A statement is accepted at `createdOn` and finishes at `completesAt` (simulated latency plus
/// any warehouse resume); until then polling answers 202. It executes on the store once due,
/// so a statement cancelled before then never changes data. A value type: the service keeps
/// the current one under its lock and hands out copies, so responses never race a change.
struct StatementRecord {
  /// Where the statement stands.
  enum State {
    /// Accepted, not yet executed: the parsed statement and what it needs to run.
    case running(Statement, bindings: [Int: BoundValue], session: SessionContext)
    case succeeded(StatementOutcome)
    case failed(SnowflakeSQLError)
    case canceled
  }

  let handle: String
  let requestId: String?
  /// Milliseconds since the epoch, as the SQL API's `createdOn`.
  let createdOn: Int64
  let completesAt: Int64
  /// The POST's `nullable` parameter: false sends SQL NULL as the string "null".
  let nullable: Bool
  var state: State

  var isRunning: Bool {
    if case .running = state { return true }
    return false
  }

  /// Whether a `retry=true` resubmission may return this statement instead of running again:
  /// it succeeded or is still running (SYSTEMS.md §3.6: Snowflake does not execute again a
  /// statement that already executed successfully).
  var isReusable: Bool {
    switch state {
    case .running, .succeeded: return true
    case .failed, .canceled: return false
    }
  }

  /// `/api/v2/statements/{handle}`, with the request id when there is one, as the docs'
  /// examples show it.
  var statusURL: String {
    "/api/v2/statements/\(handle)" + (requestId.map { "?requestId=\($0)" } ?? "")
  }
}

/// How many statements the sandbox has seen, for tests and the demo.
public struct SnowflakeStatementCounters: Sendable, Equatable {
  /// POSTs to /api/v2/statements that passed authentication and validation.
  public var submitted = 0
  /// Statements that ran on the store (a cancelled or refused one does not).
  public var executed = 0
  /// `retry=true` resubmissions answered with an earlier statement's result.
  public var deduplicated = 0
  /// Requests refused with 401.
  public var authFailures = 0

  public init() {}
}
