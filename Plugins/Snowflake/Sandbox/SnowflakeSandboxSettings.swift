/// The sandbox's settings, read from `SandboxOptions.settings` (`mlc sandbox --set key=value`).
///
/// | key | default | meaning |
/// |---|---|---|
/// | `account` | `SANDBOX-ACCT` | account identifier (JWT `iss`/`sub` must use it upper-case) |
/// | `user`, `role` | `MLC_LOADER`, `LOADER` | the user and its default role |
/// | `warehouse`, `database`, `schema` | `LOAD_WH`, `ERP`, `RAW` | the user's defaults |
/// | `private_key_pem` / `public_key_pem` | generated | the user's RSA key (else a new 2048-bit pair) |
/// | `programmatic_access_token` | derived from the seed | the user's PAT |
/// | `oauth_token` | none | an OAuth access token to accept |
/// | `rows_per_partition` | 10000 | rows per result partition |
/// | `async_threshold_ms` | 45000 | statements running longer answer 202 (Snowflake: 45 s) |
/// | `statement_latency_ms` | 0 | simulated execution time of every statement |
/// | `auto_resume` | true | the warehouse's AUTO_RESUME |
/// | `warehouse_suspended` | false | whether the warehouse starts suspended |
/// | `resume_delay_ms` | 1000 | extra time of the statement that resumes the warehouse |
/// | `auto_suspend_s` | 600 | idle seconds before the warehouse suspends (0 = never) |
/// | `max_concurrent` | 0 | requests in flight before 429 (0 = unlimited) |
struct SnowflakeSandboxSettings: Sendable {
  var account = "SANDBOX-ACCT"
  var user = "MLC_LOADER"
  var role = "LOADER"
  var warehouse = "LOAD_WH"
  var database = "ERP"
  var schema = "RAW"
  var privateKeyPEM: String?
  var publicKeyPEM: String?
  var programmaticAccessToken: String?
  var oauthToken: String?
  var rowsPerPartition = 10_000
  var asyncThresholdMillis: Int64 = 45_000
  var statementLatencyMillis: Int64 = 0
  var autoResume = true
  var warehouseSuspended = false
  var resumeDelayMillis: Int64 = 1000
  var autoSuspendSeconds: Int64 = 600
  var maxConcurrent = 0

  /// Reads settings; unknown keys are ignored, malformed values throw naming the key.
  init(_ settings: [String: String]) throws {
    func text(_ key: String, _ target: inout String) { if let value = settings[key], !value.isEmpty { target = value } }
    func integer<T: FixedWidthInteger>(_ key: String, _ target: inout T) throws {
      guard let value = settings[key] else { return }
      guard let number = T(value), number >= 0 else {
        throw SnowflakeSandboxError("setting '\(key)' must be a non-negative whole number, got '\(value)'")
      }
      target = number
    }
    func flag(_ key: String, _ target: inout Bool) throws {
      guard let value = settings[key] else { return }
      switch value.lowercased() {
      case "true", "1", "yes", "on": target = true
      case "false", "0", "no", "off": target = false
      default: throw SnowflakeSandboxError("setting '\(key)' must be true or false, got '\(value)'")
      }
    }
    text("account", &account)
    text("user", &user)
    text("role", &role)
    text("warehouse", &warehouse)
    text("database", &database)
    text("schema", &schema)
    privateKeyPEM = settings["private_key_pem"]
    publicKeyPEM = settings["public_key_pem"]
    programmaticAccessToken = settings["programmatic_access_token"]
    oauthToken = settings["oauth_token"]
    try integer("rows_per_partition", &rowsPerPartition)
    try integer("async_threshold_ms", &asyncThresholdMillis)
    try integer("statement_latency_ms", &statementLatencyMillis)
    try flag("auto_resume", &autoResume)
    try flag("warehouse_suspended", &warehouseSuspended)
    try integer("resume_delay_ms", &resumeDelayMillis)
    try integer("auto_suspend_s", &autoSuspendSeconds)
    try integer("max_concurrent", &maxConcurrent)
    guard rowsPerPartition > 0 else { throw SnowflakeSandboxError("setting 'rows_per_partition' must be at least 1") }
  }
}

/// A sandbox that cannot be built or started as configured; the message says what to change.
public struct SnowflakeSandboxError: Error, CustomStringConvertible, Sendable {
  public let message: String
  init(_ message: String) { self.message = "Snowflake sandbox: " + message }
  public var description: String { message }
}
