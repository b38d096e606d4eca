import Foundation

/// One connection's HTTP limits: concurrency, request rate, timeouts and retries.
///
/// Defaults come per plugin name from what each vendor tolerates (shared/SYSTEMS.md):
/// Acumatica licenses count concurrent API requests and a trial allows 2 users; Procore's
/// spike window is 25 requests per 10 s; ServiceTitan allows 60 requests/s per app and
/// tenant. Unknown plugins get the middle ground. A connection's optional `http` object
/// overrides any field:
/// ```json
/// "http": {"max_concurrent": 2, "requests_per_second": 5, "burst": 1,
///          "connect_timeout_seconds": 10, "timeout_seconds": 60, "max_attempts": 6,
///          "retry_base_seconds": 0.5, "retry_cap_seconds": 30, "max_server_delay_seconds": 120}
/// ```
/// The run's retry budget (default `defaultRunRetryBudget`) is per run, not per
/// connection, so it lives on `RetryBudget`, made by whoever starts the run.
struct ConnectionHTTPSettings: Sendable, Equatable {
  var maxConcurrent: Int
  var requestsPerSecond: Double
  var burst: Int = 1
  /// Time allowed to establish the TCP and TLS connection, in seconds.
  var connectTimeout: TimeInterval = 10
  /// Time allowed for one attempt from send to the last byte of the response, in seconds.
  var totalTimeout: TimeInterval = 60
  var retry = RetryPolicy()

  /// Retries one run may spend across all its requests before failing fast.
  static let defaultRunRetryBudget = 500

  /// The defaults for a plugin named `plugin` (the connection's `plugin` field).
  static func defaults(forPlugin plugin: String) -> ConnectionHTTPSettings {
    switch plugin.lowercased() {
    case "acumatica": return ConnectionHTTPSettings(maxConcurrent: 2, requestsPerSecond: 5)
    case "procore": return ConnectionHTTPSettings(maxConcurrent: 4, requestsPerSecond: 5)
    case "servicetitan": return ConnectionHTTPSettings(maxConcurrent: 8, requestsPerSecond: 50)
    case "epicor", "servicenow", "snowflake":
      return ConnectionHTTPSettings(maxConcurrent: 4, requestsPerSecond: 10)
    default: return ConnectionHTTPSettings(maxConcurrent: 4, requestsPerSecond: 10)
    }
  }

  /// The plugin's defaults overridden by the connection's `http` object (`json`, as
  /// parsed by `JSONSerialization`; nil when the connection has none). `path` is that
  /// object's JSON path, used in errors, e.g. `connections.epicor.http`.
  static func parse(_ json: Any?, plugin: String, path: String) throws -> ConnectionHTTPSettings {
    var settings = defaults(forPlugin: plugin)
    guard let json, !(json is NSNull) else { return settings }
    let reader = try HTTPConfigReader(json, path: path)
    try reader.rejectUnknownKeys([
      "max_concurrent", "requests_per_second", "burst", "connect_timeout_seconds",
      "timeout_seconds", "max_attempts", "retry_base_seconds", "retry_cap_seconds",
      "max_server_delay_seconds",
    ])
    if let value = try reader.optionalNumber("max_concurrent", in: 1...256) {
      settings.maxConcurrent = Int(value)
    }
    if let value = try reader.optionalNumber("requests_per_second", in: 0.01...10_000) {
      settings.requestsPerSecond = value
    }
    if let value = try reader.optionalNumber("burst", in: 1...10_000) { settings.burst = Int(value) }
    if let value = try reader.optionalNumber("connect_timeout_seconds", in: 1...600) {
      settings.connectTimeout = value
    }
    if let value = try reader.optionalNumber("timeout_seconds", in: 1...3600) {
      settings.totalTimeout = value
    }
    if let value = try reader.optionalNumber("max_attempts", in: 1...20) {
      settings.retry.maxAttempts = Int(value)
    }
    if let value = try reader.optionalNumber("retry_base_seconds", in: 0...60) {
      settings.retry.baseDelay = value
    }
    if let value = try reader.optionalNumber("retry_cap_seconds", in: 0...3600) {
      settings.retry.maxDelay = value
    }
    if let value = try reader.optionalNumber("max_server_delay_seconds", in: 0...3600) {
      settings.retry.maxServerDelay = value
    }
    return settings
  }
}
