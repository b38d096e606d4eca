import Foundation

/// Everything the sandbox instance holds, behind one lock: the tables, the import set
/// bookkeeping and the queue of asynchronous imports.
///
/// One lock rather than one per table because a transform reads and writes several tables
/// (staging row, target, referenced tables, import set) and must see them consistently; the
/// sandbox's throughput is bounded by the HTTP server long before this lock. The lock is an
/// `NSCondition` so the import worker and `waitForPendingImports` can sleep on it. Token,
/// rate-limit and request-log state have their own small locks, since every request touches
/// them before it touches any table.
final class ServiceNowState: @unchecked Sendable {
  /// One asynchronous insertMultiple waiting to be transformed.
  struct QueuedImport {
    let importSetID: String
    /// Wall-clock time (not the sandbox clock, which tests freeze) when it may run.
    let due: Date
    /// The user who posted it; the transform writes as this user.
    let user: String
  }

  let settings: ServiceNowSettings
  let clock: ServiceNowClock
  let condition = NSCondition()
  let store: RecordStore
  let tokens: TokenStore
  let limiter: RateLimiter
  let recorder = RequestRecorder()
  /// Transform maps by staging table name.
  let maps: [String: TransformMap]

  // Guarded by `condition`.
  /// The open web-service import set of each staging table (single-row inserts share it).
  var openWebServiceSets: [String: String] = [:]
  /// Staging row sys_ids of each import set, in row order.
  var rowsBySet: [String: [String]] = [:]
  var queue: [QueuedImport] = []
  var stopping = false

  /// Builds empty tables for every schema and map.
  init(settings: ServiceNowSettings, seed: UInt64) {
    self.settings = settings
    clock = ServiceNowClock(start: settings.clockStart)
    let maps = SourceToPayMaps.all
    self.maps = Dictionary(uniqueKeysWithValues: maps.map { ($0.staging.name, $0) })
    store = RecordStore(schemas: SystemTables.all + SourceToPayTables.all + maps.map(\.staging), seed: seed, clock: clock)
    tokens = TokenStore(seed: seed, clock: clock)
    limiter = RateLimiter(perHour: settings.rateLimitPerHour, perSecond: settings.rateLimitPerSecond, clock: clock)
  }

  /// Runs `body` with the state lock held.
  func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
    condition.lock()
    defer { condition.unlock() }
    return try body()
  }
}
