import MLCSandboxKit

/// What tests (and the demo) use to look inside the sandbox without going through HTTP.
extension SnowflakeSandbox {
  /// The account identifier, user, role, warehouse, database and schema in force.
  public var account: String { settings.account }
  public var user: String { settings.user }
  public var role: String { settings.role }
  public var warehouseName: String { settings.warehouse }
  public var database: String { settings.database }
  public var schema: String { settings.schema }

  /// Statement counts: submitted, executed, deduplicated by `retry=true`, auth failures.
  public var counters: SnowflakeStatementCounters { service.locked { service.counters } }

  /// Injected faults so far.
  public var faultCounts: FaultCounts { faultInjector.counts }

  /// Why the last 401 was given (which claim, which key), for test failure messages.
  public var lastAuthFailure: String? { authFailureText }

  /// Runs one statement directly on the store, in the default session (ERP.RAW as
  /// MLC_LOADER), bypassing HTTP, auth, the warehouse and the counters. Bindings are
  /// (type, value) pairs as the SQL API takes them, for `?` 1, 2, ...
  ///
  /// Returns the jsonv2-encoded result (every value a string, NULL as nil), or throws the
  /// `SnowflakeSQLError` the API would answer with 422.
  public func query(_ sql: String, bindings: [(type: String, value: String?)] = []) throws -> SnowflakeQueryResult {
    var bound: [Int: BoundValue] = [:]
    for (index, binding) in bindings.enumerated() { bound[index + 1] = try BoundValue(type: binding.type, value: binding.value) }
    let session = SessionContext(account: settings.account, user: settings.user, role: settings.role, warehouse: settings.warehouse,
                                 database: settings.database, schema: settings.schema)
    let outcome = try service.run(sql, bindings: bound, session: session)
    return SnowflakeQueryResult(columns: outcome.columns.map(\.name), types: outcome.columns.map(\.type.rowTypeName),
                                rows: outcome.rows, stats: outcome.stats)
  }

  /// Whether the warehouse is suspended now.
  public var isWarehouseSuspended: Bool { service.locked { service.warehouse.suspended } }

  /// Suspends the warehouse (`ALTER WAREHOUSE ... SUSPEND`).
  public func suspendWarehouse() { service.locked { service.warehouse.suspended = true } }

  /// Resumes the warehouse (`ALTER WAREHOUSE ... RESUME`).
  public func resumeWarehouse() { service.locked { service.warehouse.suspended = false } }

  /// Sets AUTO_RESUME (`ALTER WAREHOUSE ... SET AUTO_RESUME = ...`).
  public func setAutoResume(_ enabled: Bool) { service.locked { service.warehouse.autoResume = enabled } }

  /// Registers another public key for `user` (Snowflake's RSA_PUBLIC_KEY_2, for rotation, or
  /// a second user); JWTs signed by it are then accepted for that user.
  public func registerKey(_ key: SnowflakeKeyPair, for user: String) { addKey(key, for: user) }
}

/// The result of `SnowflakeSandbox.query(_:)`: column names and `rowType` type names, rows as
/// the SQL API's jsonv2 strings (nil for NULL), and DML stats.
public struct SnowflakeQueryResult: Sendable, Equatable {
  public let columns: [String]
  public let types: [String]
  public let rows: [[String?]]
  public let stats: SnowflakeDMLStats?
}
