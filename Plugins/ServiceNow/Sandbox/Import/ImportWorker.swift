import Foundation

/// The background job that transforms asynchronous insertMultiple import sets "shortly after"
/// they load, as the platform's scheduled import job does.
///
/// It runs on its own thread, sleeping on the state's condition until the oldest queued set
/// is due (`insert_multiple_delay_ms` after it loaded). With `insert_multiple_processing=manual`
/// it is never started and sets wait for `ServiceNowSandbox.processPendingImports()`.
final class ImportWorker: @unchecked Sendable {
  private let state: ServiceNowState
  /// Guarded by the state's condition.
  private var running = false

  /// Creates a worker for `state`; call `start()`.
  init(state: ServiceNowState) {
    self.state = state
  }

  /// Starts the worker thread.
  func start() {
    state.withLock {
      state.stopping = false
      running = true
    }
    let thread = Thread { [self] in run() }
    thread.name = "servicenow-import-worker"
    thread.start()
  }

  /// Stops the worker and waits for its thread to finish the set it is transforming.
  func stop() {
    state.condition.lock()
    state.stopping = true
    state.condition.broadcast()
    while running { state.condition.wait() }
    state.condition.unlock()
  }

  /// The worker loop: sleeps until the oldest queued set is due, transforms it, repeats
  /// until `stop()`.
  private func run() {
    state.condition.lock()
    defer {
      running = false
      state.condition.broadcast()
      state.condition.unlock()
    }
    while !state.stopping {
      guard let next = state.queue.first else {
        state.condition.wait()
        continue
      }
      if next.due > Date() {
        _ = state.condition.wait(until: next.due)
        continue
      }
      // Dequeued and transformed under one hold of the lock, so an empty queue means done.
      state.queue.removeFirst()
      state.transformImportSet(next.importSetID, user: next.user)
      state.condition.broadcast()
    }
  }
}
