import Foundation

/// Hands batches to a sink until every record has a final outcome: the one write-with-retry
/// path for `sync`, held records and `replay`.
///
/// A sink that answers MLC_RETRY for a whole batch, or RETRY outcomes for some records, is
/// asked again (only those records) after the host's backoff: exponential with full jitter
/// (`RetryPolicy`), the sink's Retry-After when it gives one, every retry paid from the
/// run's `RetryBudget`, which the connections' HTTP retries draw from too. When the retries
/// run out the target is taken to be down: `SinkOutage` is thrown and the caller stops
/// without committing the page, so nothing becomes a dead letter for an outage and the next
/// run sends the page again. Only records the sink *rejected* become dead letters.
final class SinkDelivery {
  let sink: any RecordSink
  private let policy: RetryPolicy
  private let budget: RetryBudget
  private let jitter: JitterSource
  private let logger: Logger
  /// Sleeps between retries; replaced in tests.
  var sleep: (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }

  /// Sink retries: as many tries as an HTTP request, since each try already includes the
  /// connection's own HTTP retries.
  static let defaultPolicy = RetryPolicy(baseDelay: 0.5, maxDelay: 30, maxAttempts: 5, maxServerDelay: 120)

  init(sink: any RecordSink, policy: RetryPolicy = SinkDelivery.defaultPolicy, budget: RetryBudget,
       jitter: JitterSource = .system, logger: Logger) {
    self.sink = sink
    self.policy = policy
    self.budget = budget
    self.jitter = jitter
    self.logger = logger
  }

  /// Writes `page` and returns one final outcome per record (never `.retry`). Throws
  /// `SinkOutage` when the sink still cannot take some records after the retries, and
  /// rethrows any other error of the sink.
  func write(_ page: RecordPage) throws -> [SinkResult] {
    var outcomes = [SinkResult](repeating: SinkResult(outcome: .retry), count: page.count)
    var waiting = Array(0..<page.count)
    var batch = page
    var retries = 0
    while true {
      do {
        let results = try sink.write(batch)
        for (position, index) in waiting.enumerated() { outcomes[index] = results[position] }
        waiting = waiting.filter { outcomes[$0].outcome == .retry }
        guard let first = waiting.first else { return outcomes }
        let key = page.envelopes[first].key ?? ""
        try wait(retry: retries, hintMilliseconds: 0, page: page, count: waiting.count,
                 reason: "record \"\(key)\": \(outcomes[first].message)")
      } catch let error as PluginCallError where error.isRetryable {
        try wait(retry: retries, hintMilliseconds: error.retryAfterMilliseconds, page: page, count: waiting.count,
                 reason: error.message.isEmpty ? error.description : error.message)
      }
      retries += 1
      if waiting.count != batch.count {
        let subset = RecordPage()
        subset.reset(entity: page.entity)
        for index in waiting { subset.append(page, at: index) }
        batch = subset
      }
    }
  }

  /// Sleeps before retry number `retry`, or throws `SinkOutage` when the policy or the
  /// run's budget has no retry left.
  private func wait(retry: Int, hintMilliseconds: UInt32, page: RecordPage, count: Int, reason: String) throws {
    let attempts = retry + 1
    guard attempts < policy.maxAttempts, budget.consume() else {
      throw SinkOutage(connection: sink.connectionName, entity: page.entity, records: count, attempts: attempts, reason: reason)
    }
    let delay = hintMilliseconds > 0
      ? min(Double(hintMilliseconds) / 1000, policy.maxServerDelay)
      : policy.backoff(retry: retry, unit: jitter.next())
    logger.log(.warn, "connection \"\(sink.connectionName)\" could not take \(count) \(page.entity) records (\(reason)); retrying in \(String(format: "%.1f", delay)) s (attempt \(attempts + 1) of \(policy.maxAttempts))")
    sleep(delay)
  }
}

/// A sink that could not take records now, after every retry: the run stops after its last
/// committed page, nothing becomes a dead letter, and the next run resumes there.
struct SinkOutage: Error, CustomStringConvertible {
  let connection: String
  let entity: String
  let records: Int
  let attempts: Int
  /// What the sink said last.
  let reason: String

  var description: String {
    "connection \"\(connection)\" could not take \(records) \(entity) records after \(attempts) attempts: \(reason); the page was not committed and is sent again on the next run"
  }
}
