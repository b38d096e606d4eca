import Foundation
import MLCSandboxKit

/// What tests can read and control on a running sandbox, without going through HTTP.
///
/// Reads take the instance lock, so they see a consistent state even while requests are in
/// flight. Rows come back as `[column: value]` with every value a string, exactly as stored.
extension ServiceNowSandbox {
  /// The sandbox clock: advance it to expire tokens or move rate-limit windows.
  public var clock: ServiceNowClock { state.clock }

  /// Every table name the instance has.
  public var tableNames: [String] { state.withLock { state.store.tableNames } }

  /// The number of rows in `table` (0 for an unknown table).
  public func rowCount(_ table: String) -> Int {
    state.withLock { state.store.table(table)?.count ?? 0 }
  }

  /// Every row of `table`, in insertion order.
  public func rows(_ table: String) -> [[String: String]] {
    state.withLock { state.store.table(table)?.allRows ?? [] }
  }

  /// The rows of `table` whose `field` equals `value` exactly.
  public func rows(_ table: String, where field: String, equals value: String) -> [[String: String]] {
    state.withLock { state.store.table(table)?.allRows.filter { $0[field] == value } ?? [] }
  }

  /// The row `sysID` of `table`, if any.
  public func row(_ table: String, sysID: String) -> [String: String]? {
    state.withLock { state.store.row(table, sysID) }
  }

  /// Every request answered so far, in the order answered.
  public var requests: [RecordedRequest] { state.recorder.all }

  /// How many answered requests match every given filter (`nil` = any).
  public func requestCount(method: String? = nil, api: ServiceNowAPI? = nil, resource: String? = nil) -> Int {
    state.recorder.all.filter { entry in
      (method.map { $0.uppercased() == entry.method } ?? true) && (api.map { $0 == entry.api } ?? true)
        && (resource.map { $0 == entry.resource } ?? true)
    }.count
  }

  /// How many answered requests could have changed data (see `RecordedRequest.isWrite`).
  public var writeRequestCount: Int { state.recorder.all.filter(\.isWrite).count }

  /// Empties the request log (say, between a connector's first and second run).
  public func resetRequestLog() { state.recorder.reset() }

  /// How many insertMultiple import sets are loaded but not yet transformed.
  public var pendingImportCount: Int { state.withLock { state.queue.count } }

  /// Transforms every pending asynchronous import set now, on the calling thread; returns how
  /// many sets ran. This is how tests using `insert_multiple_processing=manual` mark the
  /// platform's background processing done.
  @discardableResult
  public func processPendingImports() -> Int {
    state.withLock { state.drainQueue() }
  }

  /// Waits until every queued import set has been transformed by the background worker, or
  /// `timeout` seconds pass; returns whether the queue emptied. With manual processing nothing
  /// drains the queue, so this only returns `true` when it is already empty.
  public func waitForPendingImports(timeout: TimeInterval = 5) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    state.condition.lock()
    defer { state.condition.unlock() }
    while !state.queue.isEmpty {
      if !state.condition.wait(until: deadline) { return state.queue.isEmpty }
    }
    return true
  }

  /// Faults injected so far by `options.faults`.
  public var faultCounts: FaultCounts { faults.counts }

  /// Invalidates every access token issued so far, as a session purge on the instance would;
  /// refresh tokens stay valid.
  public func revokeAccessTokens() { state.tokens.revokeAccessTokens() }

  /// Sets every rate-limit count back to zero.
  public func resetRateLimits() { state.limiter.reset() }
}
