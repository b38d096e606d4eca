/// The sandbox's one warehouse (`LOAD_WH` by default) and its AUTO_RESUME / AUTO_SUSPEND
/// behaviour (docs.snowflake.com/en/sql-reference/sql/create-warehouse, SYSTEMS.md §3.7).
struct WarehouseState: Sendable {
  let name: String
  var suspended: Bool
  var autoResume: Bool
  /// Idle seconds after which a running warehouse suspends; 0 never.
  var autoSuspendSeconds: Int64
  /// When the warehouse last ran a statement, in milliseconds.
  var lastUsed: Int64

  /// Prepares the warehouse to run a statement at `now`: suspends it first when it sat idle
  /// past AUTO_SUSPEND, then resumes it when AUTO_RESUME allows. Returns whether this
  /// statement resumed it (and so pays the resume delay), or throws `000606` when it stays
  /// suspended (see `SnowflakeSQLError.noActiveWarehouse` for why that code).
  mutating func acquire(at now: Int64) throws -> Bool {
    if !suspended, autoSuspendSeconds > 0, now - lastUsed >= autoSuspendSeconds * 1000 { suspended = true }
    var resumed = false
    if suspended {
      guard autoResume else { throw SnowflakeSQLError.noActiveWarehouse }
      suspended = false
      resumed = true
    }
    lastUsed = now
    return resumed
  }
}
