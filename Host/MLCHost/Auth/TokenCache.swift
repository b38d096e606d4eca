import Foundation

/// One connection's current credential (token, session cookie, JWT), refreshed before it
/// expires, with at most one refresh in flight.
///
/// Concurrent callers that find the token stale wait for the one caller that fetches, and
/// all get its result, so a connection with eight plugin threads makes one token request,
/// not eight. A failed fetch is remembered for a short cool-down and handed to everyone
/// who asks during it, so records queued behind a wrong password do not each hit the
/// token endpoint (which could lock the account): the failure is reported, never looped.
///
/// A token is refreshed `skew` seconds before it expires (at most half its lifetime, so a
/// short-lived token is not refreshed on every call).
final class TokenCache: @unchecked Sendable {
  /// A cached credential.
  struct Token: Sendable, Equatable {
    var value: String
    /// The header fields that present the credential (`Authorization`, `Cookie`, …).
    var headers: HeaderList
    /// When the credential stops being used; nil for one that does not expire.
    var refreshAt: Date?
    /// Increments on every fetch; a 401 names the generation it was signed with.
    var generation: UInt64
  }

  /// What a fetch produced.
  struct Fetched: Sendable {
    var value: String
    var headers: HeaderList
    /// Seconds the credential is valid from now; nil for one that does not expire.
    var lifetime: TimeInterval?
  }

  let skew: TimeInterval
  /// How long a permanent failure is replayed before the endpoint is asked again.
  let permanentFailureCooldown: TimeInterval
  /// How long a transient failure (5xx, no connection) is replayed.
  let transientFailureCooldown: TimeInterval

  private let clock: any HTTPClock
  private let condition = NSCondition()
  private var cached: Token?
  private var generation: UInt64 = 0
  private var fetching = false
  private var round = 0
  private var failure: (error: any Error, until: Date)?

  init(clock: any HTTPClock, skew: TimeInterval = 60, permanentFailureCooldown: TimeInterval = 60,
       transientFailureCooldown: TimeInterval = 5) {
    self.clock = clock
    self.skew = skew
    self.permanentFailureCooldown = permanentFailureCooldown
    self.transientFailureCooldown = transientFailureCooldown
  }

  /// The current credential, fetching a new one with `fetch` when there is none or it is
  /// due for refresh. Blocks while another thread fetches.
  func token(fetch: () throws -> Fetched) throws -> Token {
    condition.lock()
    while true {
      let now = clock.now
      if let token = cached, token.refreshAt.map({ now < $0 }) ?? true {
        condition.unlock()
        return token
      }
      if let failure, now < failure.until {
        condition.unlock()
        throw failure.error
      }
      guard fetching else { break }
      let waitingFor = round
      while fetching && round == waitingFor { condition.wait() }
    }
    fetching = true
    condition.unlock()

    let result = Result { try fetch() }
    condition.lock()
    defer {
      fetching = false
      round += 1
      condition.broadcast()
      condition.unlock()
    }
    switch result {
    case .success(let fetched):
      generation += 1
      let now = clock.now
      let refreshAt = fetched.lifetime.map { lifetime in
        now.addingTimeInterval(lifetime - min(skew, lifetime / 2))
      }
      let token = Token(value: fetched.value, headers: fetched.headers, refreshAt: refreshAt,
                        generation: generation)
      cached = token
      failure = nil
      return token
    case .failure(let error):
      let transient = (error as? AuthFailure)?.transient ?? false
      let cooldown = transient ? transientFailureCooldown : permanentFailureCooldown
      failure = (error, clock.now.addingTimeInterval(cooldown))
      cached = nil
      throw error
    }
  }

  /// The cached credential without fetching, nil when there is none.
  var current: Token? {
    condition.lock()
    defer { condition.unlock() }
    return cached
  }

  /// Drops the credential of `generation` (rejected by the server) so the next caller
  /// fetches; a newer credential is kept. Also forgets a remembered failure, because a
  /// 401 is new evidence worth one more fetch.
  func invalidate(generation rejected: UInt64) {
    condition.lock()
    if cached?.generation == rejected { cached = nil }
    failure = nil
    condition.unlock()
  }

  /// Replaces the cached value and headers in place (renewed session cookies) without a
  /// new generation; ignored when the credential has changed since `generation`.
  func update(value: String, headers: HeaderList, generation expected: UInt64) {
    condition.lock()
    if cached?.generation == expected {
      cached?.value = value
      cached?.headers = headers
    }
    condition.unlock()
  }

  /// Forgets the credential and any remembered failure.
  func clear() {
    condition.lock()
    cached = nil
    failure = nil
    condition.unlock()
  }
}
