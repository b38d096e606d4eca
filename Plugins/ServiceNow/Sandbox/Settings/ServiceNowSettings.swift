import Foundation

/// The sandbox's configuration, read from `SandboxOptions.settings` (`mlc sandbox --set
/// key=value`). Every key is optional; unknown keys and bad values are refused with an
/// error naming the key, so a typo cannot silently leave a default in force.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `username`, `password` | `admin`, `sandbox-password` | the integration user (Basic and password grant) |
/// | `client_id`, `client_secret` | fixed sandbox values | the OAuth application registry entry |
/// | `client_credentials` | `false` | `glide.oauth.inbound.client.credential.grant_type.enabled` |
/// | `oauth_application_user` | `username` | the user a client-credentials token acts as |
/// | `token_lifetime` | `1800` | access token lifespan, seconds |
/// | `refresh_token_lifetime` | `8640000` | refresh token lifespan, seconds (100 days) |
/// | `rate_limit_per_hour` | none | a `sys_rate_limit_rules` rule for all users, all REST APIs |
/// | `rate_limit_per_second` | none | a sandbox-only per-second rule, for benchmarks |
/// | `requisitions` | `options.records` | how many purchase requisitions to seed |
/// | `sync_insert_multiple[.<staging>]` | `false` | a `sys_rest_insert_multiple` entry with synchronous transform |
/// | `column_mapping[.<staging>]` | `label` | that entry's "Column mapping": `label` or `name` |
/// | `coalesce_case_sensitive[.<staging>]` | `false` | the transform map's "Coalesce case sensitive" |
/// | `insert_multiple_processing` | `auto` | `auto`: async imports run after `insert_multiple_delay_ms`; `manual`: only when a test calls `processPendingImports()` |
/// | `insert_multiple_delay_ms` | `100` | how long an async import set waits before it is transformed |
/// | `clock` | system time | freeze the sandbox clock at an RFC 3339 UTC instant |
struct ServiceNowSettings: Sendable {
  /// How insertMultiple keys its records (the `sys_rest_insert_multiple` "Column mapping").
  enum ColumnMapping: String, Sendable { case label, name }

  var instance = "sandbox"
  var username = "admin"
  var password = "sandbox-password"
  var clientID = "ac0d6b5e2f7a4c1e9b3d8f6a1c2e4b7d"
  var clientSecret = "sandbox-client-secret"
  var clientCredentialsEnabled = false
  var oauthApplicationUser: String?
  var tokenLifetime = 1800
  var refreshTokenLifetime = 8_640_000
  var rateLimitPerHour: Int?
  var rateLimitPerSecond: Int?
  var requisitionCount = 100
  var syncInsertMultiple = false
  var syncInsertMultipleByTable: [String: Bool] = [:]
  var columnMapping = ColumnMapping.label
  var columnMappingByTable: [String: ColumnMapping] = [:]
  var coalesceCaseSensitive = false
  var coalesceCaseSensitiveByTable: [String: Bool] = [:]
  var manualImportProcessing = false
  var insertMultipleDelay: TimeInterval = 0.1
  var clockStart: Date?

  /// Reads `settings`; per-table keys must name one of `stagingTables`.
  init(settings: [String: String], records: Int, stagingTables: Set<String>) throws {
    requisitionCount = records
    for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
      try apply(key: key, value: value, stagingTables: stagingTables)
    }
    guard requisitionCount >= 0 else {
      throw ServiceNowSandboxError(setting: "requisitions", reason: "must be 0 or more, got \(requisitionCount)")
    }
  }

  /// The user client-credentials tokens act as.
  var applicationUser: String { oauthApplicationUser ?? username }

  /// Whether insertMultiple on `staging` transforms before answering.
  func isSynchronous(_ staging: String) -> Bool { syncInsertMultipleByTable[staging] ?? syncInsertMultiple }

  /// How insertMultiple on `staging` keys its records.
  func mapping(_ staging: String) -> ColumnMapping { columnMappingByTable[staging] ?? columnMapping }

  /// Whether coalescing into `staging`'s target compares case-sensitively.
  func caseSensitive(_ staging: String) -> Bool { coalesceCaseSensitiveByTable[staging] ?? coalesceCaseSensitive }

  /// Applies one setting; per-table keys are `<setting>.<staging table>`.
  private mutating func apply(key: String, value: String, stagingTables: Set<String>) throws {
    let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
    if parts.count == 2 {
      guard stagingTables.contains(parts[1]) else {
        throw ServiceNowSandboxError(setting: key, reason: "'\(parts[1])' is not a staging table; use one of \(stagingTables.sorted().joined(separator: ", "))")
      }
      switch parts[0] {
      case "sync_insert_multiple": syncInsertMultipleByTable[parts[1]] = try Self.flag(key, value)
      case "column_mapping": columnMappingByTable[parts[1]] = try Self.mapping(key, value)
      case "coalesce_case_sensitive": coalesceCaseSensitiveByTable[parts[1]] = try Self.flag(key, value)
      default: throw Self.unknown(key)
      }
      return
    }
    switch key {
    case "instance": instance = value
    case "username": username = value
    case "password": password = value
    case "client_id": clientID = value
    case "client_secret": clientSecret = value
    case "client_credentials": clientCredentialsEnabled = try Self.flag(key, value)
    case "oauth_application_user": oauthApplicationUser = value
    case "token_lifetime": tokenLifetime = try Self.count(key, value, minimum: 1)
    case "refresh_token_lifetime": refreshTokenLifetime = try Self.count(key, value, minimum: 1)
    case "rate_limit_per_hour": rateLimitPerHour = try Self.count(key, value, minimum: 1)
    case "rate_limit_per_second": rateLimitPerSecond = try Self.count(key, value, minimum: 1)
    case "requisitions": requisitionCount = try Self.count(key, value, minimum: 0)
    case "sync_insert_multiple": syncInsertMultiple = try Self.flag(key, value)
    case "column_mapping": columnMapping = try Self.mapping(key, value)
    case "coalesce_case_sensitive": coalesceCaseSensitive = try Self.flag(key, value)
    case "insert_multiple_processing":
      guard value == "auto" || value == "manual" else {
        throw ServiceNowSandboxError(setting: key, reason: "expected 'auto' or 'manual', got '\(value)'")
      }
      manualImportProcessing = value == "manual"
    case "insert_multiple_delay_ms":
      insertMultipleDelay = TimeInterval(try Self.count(key, value, minimum: 0)) / 1000
    case "clock":
      guard let date = GlideDateTime.parseRFC3339(value) else {
        throw ServiceNowSandboxError(setting: key, reason: "expected an RFC 3339 UTC instant such as 2026-01-31T08:00:00Z, got '\(value)'")
      }
      clockStart = date
    default:
      throw Self.unknown(key)
    }
  }

  /// The error for a key the sandbox does not know, listing the ones it does.
  private static func unknown(_ key: String) -> ServiceNowSandboxError {
    ServiceNowSandboxError(setting: key, reason: "unknown setting; known settings are username, password, client_id, "
      + "client_secret, client_credentials, oauth_application_user, token_lifetime, refresh_token_lifetime, "
      + "rate_limit_per_hour, rate_limit_per_second, requisitions, sync_insert_multiple[.<staging>], "
      + "column_mapping[.<staging>], coalesce_case_sensitive[.<staging>], insert_multiple_processing, "
      + "insert_multiple_delay_ms, clock, instance")
  }

  /// Parses `true`/`false`, any case.
  private static func flag(_ key: String, _ value: String) throws -> Bool {
    switch value.lowercased() {
    case "true": return true
    case "false": return false
    default: throw ServiceNowSandboxError(setting: key, reason: "expected 'true' or 'false', got '\(value)'")
    }
  }

  /// Parses `label`/`name`.
  private static func mapping(_ key: String, _ value: String) throws -> ColumnMapping {
    guard let mapping = ColumnMapping(rawValue: value.lowercased()) else {
      throw ServiceNowSandboxError(setting: key, reason: "expected 'label' or 'name', got '\(value)'")
    }
    return mapping
  }

  /// Parses a whole number of at least `minimum`.
  private static func count(_ key: String, _ value: String, minimum: Int) throws -> Int {
    guard let number = Int(value), number >= minimum else {
      throw ServiceNowSandboxError(setting: key, reason: "expected a whole number of at least \(minimum), got '\(value)'")
    }
    return number
  }
}
