import Foundation

/// Inbound REST rate-limit rules, as `sys_rate_limit_rules` enforces them (SN-DOCS
/// `rest-api-explorer/inbound-REST-API-rate-limiting.md`).
///
/// The sandbox has one "all users" rule per REST API (Table API, Import Set API) when
/// `rate_limit_per_hour` is set, counting each user's requests in fixed clock-hour windows.
/// Requests that match a rule carry `X-RateLimit-Limit`, `X-RateLimit-Reset` (UNIX time of
/// the window's end) and `X-RateLimit-Rule` (the rule's sys_id); a request over the limit is
/// refused with 429, `Retry-After` in seconds and the documented body. Refused requests do
/// not count. `rate_limit_per_second` adds a sandbox-only per-second rule for benchmarks; it
/// answers the same way with its own rule sys_id and a one-second window. The platform commits
/// counts every 30 s and so may let a burst through; the sandbox enforces exactly.
final class RateLimiter: @unchecked Sendable {
  /// What the limiter decided for one request.
  struct Decision: Sendable {
    /// `nil` when the request may proceed; otherwise the 429 detail message.
    let refusal: String?
    /// `Retry-After` seconds when refused.
    let retryAfter: Int
    /// The rate-limit headers to add to the response.
    let headers: [(String, String)]
  }

  /// One rule: at most `limit` requests per `window` seconds.
  private struct Rule {
    let limit: Int
    let window: Int
    let unit: String
  }

  private let lock = NSLock()
  private let clock: ServiceNowClock
  private let rules: [Rule]
  /// Requests counted per (rule index, API, user) in the current window of that rule.
  private var counts: [String: (window: Int, count: Int)] = [:]

  /// Creates a limiter; with neither limit set it lets everything through without headers.
  init(perHour: Int?, perSecond: Int?, clock: ServiceNowClock) {
    self.clock = clock
    var rules: [Rule] = []
    if let perHour { rules.append(Rule(limit: perHour, window: 3600, unit: "hour")) }
    if let perSecond { rules.append(Rule(limit: perSecond, window: 1, unit: "second")) }
    self.rules = rules
  }

  /// Counts a request by `user` to `api` ("Table API", "Import Set API") and decides it.
  func check(user: String, api: String) -> Decision {
    guard !rules.isEmpty else { return Decision(refusal: nil, retryAfter: 0, headers: []) }
    lock.lock()
    defer { lock.unlock() }
    let now = clock.now.timeIntervalSince1970
    var windows: [(rule: Int, start: Int, key: String)] = []
    for (index, rule) in rules.enumerated() {
      let start = Int(now) / rule.window * rule.window
      let key = "\(index)|\(api)|\(user)"
      windows.append((index, start, key))
      let current = counts[key].flatMap { $0.window == start ? $0.count : nil } ?? 0
      if current >= rule.limit {
        let reset = start + rule.window
        let detail = "Rate limit of \(rule.limit) requests per \(rule.unit) for \(api) exceeded"
        return Decision(refusal: detail, retryAfter: max(1, Int((Double(reset) - now).rounded(.up))),
                        headers: headers(rule: index, api: api, reset: reset))
      }
    }
    for window in windows {
      let current = counts[window.key].flatMap { $0.window == window.start ? $0.count : nil } ?? 0
      counts[window.key] = (window.start, current + 1)
    }
    let primary = windows[0]
    return Decision(refusal: nil, retryAfter: 0,
                    headers: headers(rule: primary.rule, api: api, reset: primary.start + rules[primary.rule].window))
  }

  /// Sets every count back to zero (the rule's "Reset" UI action).
  func reset() {
    lock.lock()
    defer { lock.unlock() }
    counts.removeAll()
  }

  /// The `X-RateLimit-*` headers for a rule whose window ends at `reset`.
  private func headers(rule index: Int, api: String, reset: Int) -> [(String, String)] {
    [("X-RateLimit-Limit", String(rules[index].limit)),
     ("X-RateLimit-Reset", String(reset)),
     ("X-RateLimit-Rule", RateLimiter.ruleSysID(index: index, api: api))]
  }

  /// A fixed sys_id per rule, so responses are repeatable.
  static func ruleSysID(index: Int, api: String) -> String {
    let suffix = String(api.utf8.reduce(UInt32(2166136261)) { ($0 ^ UInt32($1)) &* 16777619 }, radix: 16)
    let body = "9a1c7e0b5d3f4a2c8e6b\(index)" + suffix
    return String((body + String(repeating: "0", count: 32)).prefix(32))
  }
}
