import Foundation
import MLCSandboxKit

/// The statements resource: submits, runs, polls and cancels statements, keeping the state the
/// SQL API exposes (handles, request ids, partitions, 202 until done). Thread-safe: every
/// entry point takes the service's lock; only simulated waits happen outside it.
final class StatementService: @unchecked Sendable {
  private let lock = NSLock()
  let engine: SQLEngine
  let settings: SnowflakeSandboxSettings
  let clock: SnowflakeSandboxClock
  private var records: [String: StatementRecord] = [:]
  /// Handles of running statements in submission order, so due ones execute in that order.
  private var running: [String] = []
  /// The handle each request id last produced.
  private var byRequestId: [String: String] = [:]
  private(set) var counters = SnowflakeStatementCounters()
  var warehouse: WarehouseState
  private var handleSequence: UInt64 = 0
  private let handlePrefix: UInt64

  init(settings: SnowflakeSandboxSettings, clock: SnowflakeSandboxClock, seed: UInt64) throws {
    self.settings = settings
    self.clock = clock
    engine = try SQLEngine(database: settings.database, schemas: [settings.schema])
    warehouse = WarehouseState(name: settings.warehouse, suspended: settings.warehouseSuspended, autoResume: settings.autoResume,
                               autoSuspendSeconds: settings.autoSuspendSeconds, lastUsed: clock.millis)
    var generator = SplitMix64(seed: seed)
    handlePrefix = generator.next()
  }

  /// Runs `body` under the service's lock.
  func locked<T>(_ body: () throws -> T) rethrows -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }

  /// Counts a refused authentication.
  func countAuthFailure() { locked { counters.authFailures += 1 } }

  /// What a submission or poll answers, before it becomes HTTP.
  enum Answer {
    case done(StatementRecord)
    case inProgress(StatementRecord)
  }

  /// A UUID-shaped handle like Snowflake's (`01bd2f3c-0000-5e1a-0000-00000000002a`),
  /// deterministic for a seed.
  private func nextHandle() -> String {
    handleSequence += 1
    let high = String(handlePrefix >> 40, radix: 16)
    let middle = String(handlePrefix & 0xffff, radix: 16)
    let sequence = String(handleSequence, radix: 16)
    return "01" + String(repeating: "0", count: 6 - high.count) + high + "-0000-"
      + String(repeating: "0", count: 4 - middle.count) + middle + "-0000-"
      + String(repeating: "0", count: 12 - sequence.count) + sequence
  }

  /// The session a request runs in: the body's context where given (case-sensitive, as the
  /// reference says), else the user's defaults.
  func session(for request: SubmitRequest, user: String) -> SessionContext {
    SessionContext(account: settings.account, user: user, role: request.role ?? settings.role,
                   warehouse: request.warehouse ?? settings.warehouse, database: request.database ?? settings.database,
                   schema: request.schema ?? settings.schema)
  }

  /// Submits a statement: answers a `retry=true` resubmission from its first run, otherwise
  /// parses, checks the warehouse, schedules and (when due) executes it. `async` answers 202
  /// at once; otherwise the call waits up to the async threshold for the statement to finish.
  func submit(_ request: SubmitRequest, user: String, requestId: String?, retry: Bool, async: Bool, nullable: Bool) -> Answer {
    lock.lock()
    let now = clock.millis
    settle(now)
    if retry, let requestId, let earlier = byRequestId[requestId].flatMap({ records[$0] }), earlier.isReusable {
      counters.deduplicated += 1
      lock.unlock()
      return earlier.isRunning ? .inProgress(earlier) : .done(earlier)
    }
    counters.submitted += 1
    let session = session(for: request, user: user)
    var state: StatementRecord.State
    var duration = settings.statementLatencyMillis
    do {
      let statement = try prepare(request)
      if SQLEngine.needsWarehouse(statement) {
        guard session.warehouse == warehouse.name else { throw SnowflakeSQLError.noActiveWarehouse }
        if try warehouse.acquire(at: now) { duration += settings.resumeDelayMillis }
      }
      var bindings: [Int: BoundValue] = [:]
      for (index, binding) in request.bindings { bindings[index] = try BoundValue(type: binding.type, value: binding.value) }
      state = .running(statement, bindings: bindings, session: session)
    } catch let error as SnowflakeSQLError {
      state = .failed(error)
      duration = 0
    } catch {
      state = .failed(.internalError(String(describing: error)))
      duration = 0
    }
    let record = StatementRecord(handle: nextHandle(), requestId: requestId, createdOn: now, completesAt: now + duration,
                                 nullable: nullable, state: state)
    records[record.handle] = record
    if record.isRunning { running.append(record.handle) }
    if let requestId { byRequestId[requestId] = record.handle }
    settle(now)
    lock.unlock()
    if async { return .inProgress(record) }
    let waitUntil = duration > settings.asyncThresholdMillis ? now + settings.asyncThresholdMillis : record.completesAt
    if waitUntil > now { clock.wait(untilMillis: waitUntil) }
    return locked {
      settle(clock.millis)
      let current = records[record.handle] ?? record
      return current.isRunning ? .inProgress(current) : .done(current)
    }
  }

  /// Parses the statement text. Several statements need MULTI_STATEMENT_COUNT equal to their
  /// number (or 0), else Snowflake's count mismatch (SYSTEMS.md §3.5); the sandbox does not run
  /// multi-statement requests and answers a matching count with Snowflake's "Unsupported
  /// feature" error instead.
  private func prepare(_ request: SubmitRequest) throws -> Statement {
    let statements = try SQLParser.parse(request.statement)
    let wanted = request.multiStatementCount ?? 1
    if statements.count == 1 && (wanted == 1 || wanted == 0) { return statements[0] }
    guard wanted == 0 || wanted == statements.count else {
      throw SnowflakeSQLError(code: "000008", sqlState: "0A000",
                              message: "Actual statement count \(statements.count) did not match the desired statement count \(wanted).")
    }
    throw SnowflakeSQLError(code: "000002", sqlState: "0A000",
                            message: "Unsupported feature 'multiple statements in one request' (Snowflake sandbox); send one statement per request.")
  }

  /// Executes, in submission order, every running statement whose time has come.
  private func settle(_ now: Int64) {
    for handle in running {
      guard let record = records[handle], record.completesAt <= now,
            case .running(let statement, let bindings, let session) = record.state else { continue }
      counters.executed += 1
      do {
        records[handle]?.state = .succeeded(try engine.execute(statement, bindings: bindings, session: session, now: now * 1_000_000))
      } catch let error as SnowflakeSQLError {
        records[handle]?.state = .failed(error)
      } catch {
        records[handle]?.state = .failed(.internalError(String(describing: error)))
      }
    }
    running.removeAll { records[$0]?.isRunning != true }
  }

  /// The statement `handle` after executing whatever is due, or nil when unknown.
  func poll(_ handle: String) -> StatementRecord? {
    locked {
      settle(clock.millis)
      return records[handle]
    }
  }

  /// Cancels `handle` if it is still running; nil when the handle is unknown.
  func cancel(_ handle: String) -> StatementRecord? {
    locked {
      settle(clock.millis)
      guard records[handle] != nil else { return nil }
      if records[handle]?.isRunning == true { records[handle]?.state = .canceled }
      return records[handle]
    }
  }

  /// Runs SQL directly on the store, outside the API (no handle, no counters, no warehouse).
  func run(_ sql: String, bindings: [Int: BoundValue], session: SessionContext) throws -> StatementOutcome {
    try locked {
      settle(clock.millis)
      return try engine.run(sql, bindings: bindings, session: session, now: clock.millis * 1_000_000)
    }
  }
}
