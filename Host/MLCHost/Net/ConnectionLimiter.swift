import Foundation

/// Caps one connection's requests in flight and per second, blocking the calling thread.
///
/// Concurrency is a counting gate on an `NSCondition`. The rate is a token bucket written
/// as GCRA (the "generic cell rate algorithm"): each caller reserves the next free send
/// slot under the lock, then sleeps until it on the injected clock, so waiting callers
/// never wake each other and the spacing holds exactly, whatever the thread count. A slot
/// is taken only after a concurrency place is held, so callers queued on concurrency
/// cannot all burst out together when places free up. The vendor can also pause the
/// connection (`pause(until:)`, from `X-Rate-Limit-Remaining: 0`).
final class ConnectionLimiter: @unchecked Sendable {
  /// At most this many requests are in flight at once.
  let maxConcurrent: Int
  /// At most this many requests start per second, on average.
  let requestsPerSecond: Double
  /// How many requests may start back to back before the spacing applies.
  let burst: Int

  private let clock: any HTTPClock
  private let condition = NSCondition()
  private var inFlight = 0
  private var theoreticalArrival: Date?
  private var pausedUntil: Date?

  init(maxConcurrent: Int, requestsPerSecond: Double, burst: Int = 1, clock: any HTTPClock) {
    self.maxConcurrent = max(1, maxConcurrent)
    self.requestsPerSecond = max(0.001, requestsPerSecond)
    self.burst = max(1, burst)
    self.clock = clock
  }

  /// Blocks until this caller may send one request; pair every call with `release()`.
  func acquire() {
    condition.lock()
    while inFlight >= maxConcurrent { condition.wait() }
    inFlight += 1
    let slot = reserveSlot()
    condition.unlock()
    clock.sleep(until: slot)
  }

  /// Gives back the place taken by `acquire()`.
  func release() {
    condition.lock()
    inFlight -= 1
    condition.signal()
    condition.unlock()
  }

  /// Holds every request not yet started until `date` (a vendor's window reset). A
  /// later pause extends an earlier one; an earlier one never shortens it.
  func pause(until date: Date) {
    condition.lock()
    if pausedUntil.map({ date > $0 }) ?? true { pausedUntil = date }
    condition.unlock()
  }

  /// Requests in flight now (for tests and metrics).
  var currentInFlight: Int {
    condition.lock()
    defer { condition.unlock() }
    return inFlight
  }

  /// GCRA: the slot is the later of now and `TAT − (burst−1)·T`; TAT then moves one
  /// interval `T = 1/rate` past the later of itself and now. Call with the lock held.
  private func reserveSlot() -> Date {
    let now = clock.now
    let interval = 1 / requestsPerSecond
    let tolerance = Double(burst - 1) * interval
    let arrival = theoreticalArrival.map { max($0, now) } ?? now
    var slot = max(now, arrival.addingTimeInterval(-tolerance))
    if let paused = pausedUntil, paused > slot { slot = paused }
    theoreticalArrival = max(arrival, slot).addingTimeInterval(interval)
    return slot
  }
}
