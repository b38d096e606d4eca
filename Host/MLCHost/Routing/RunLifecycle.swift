import Foundation

/// One run of a flow from its lock to its row in the runs table, the same for `sync`,
/// `serve` and `replay`: take the flow's lock (two runs of one flow never overlap), record
/// the run as started, do the work, and record how it ended with its summary.
///
/// Whatever the work throws ends the run, not the process: the error goes into the summary
/// (redacted), the run's status says whether it was an outage or another failure, and the
/// state stays as the last committed page left it.
struct RunLifecycle {
  let state: StateStore
  let stateDirectory: String
  let logger: Logger

  /// Runs `work` as run `kind` of `flow` and returns its summary. Throws only when the run
  /// could not start (the flow is locked by another process, the state is unusable) or its
  /// end could not be recorded.
  func perform(flow: String, kind: RunKind, full: Bool,
               _ work: (_ runID: Int64, _ summary: inout RunSummary) throws -> Void) throws -> RunSummary {
    let lock = try FlowLock(stateDirectory: stateDirectory, flow: flow)
    defer { withExtendedLifetime(lock) {} }
    let runID = try state.beginRun(flow: flow, full: full, kind: kind)
    var summary = RunSummary(flow: flow, runID: runID, kind: kind)
    let started = Date()
    do {
      try work(runID, &summary)
    } catch {
      summary.stop(because: error, redact: logger.redact)
    }
    summary.seconds = Date().timeIntervalSince(started)
    try state.finishRun(id: runID, status: summary.status, summary: summary.jsonText, error: summary.error)
    return summary
  }
}
