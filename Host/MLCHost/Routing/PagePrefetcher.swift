import Foundation

/// Reads a source's pages one ahead, on a thread of its own, so the next page is already on
/// its way (an HTTP round trip, usually) while the sink writes and the router commits the
/// current one. Without it a flow's time is the sum of reading and writing; with it, the
/// larger of the two.
///
/// Exactly two pages circulate: the router holds one while the reader fills the other, so
/// memory stays flat and the source never runs more than one page ahead of what is
/// committed. A crash loses nothing: a page read ahead is simply read again on the next run.
/// The ABI lets the host call different instances at the same time, and each instance still
/// gets one call at a time.
final class PagePrefetcher: @unchecked Sendable {
  private let reader: any PageReader
  private let condition = NSCondition()
  // Guarded by `condition`.
  private var free: [RecordPage] = [RecordPage(), RecordPage()]
  private var ready: [(page: RecordPage, done: Bool)] = []
  private var failure: (any Error)?
  private var stopping = false
  private var running = true

  /// Starts reading at once; call `stop` before closing the reader.
  init(reader: any PageReader) {
    self.reader = reader
    let thread = Thread { [self] in readPages() }
    thread.name = "mlc-read-\(reader.entity)"
    // Plugins parse JSON recursively on this thread: give it a main-thread-sized stack.
    thread.stackSize = 8 << 20
    thread.start()
  }

  /// The next page in source order and whether the source said it was the last one. Blocks
  /// until it is read; rethrows the source's error. Hand the page back with `recycle`.
  func next() throws -> (page: RecordPage, done: Bool) {
    condition.lock()
    defer { condition.unlock() }
    while ready.isEmpty && failure == nil && running { condition.wait() }
    if !ready.isEmpty { return ready.removeFirst() }
    if let failure { throw failure }
    // The reader ended (the source said done, or `stop` ran): asking again is a router bug,
    // better reported than waited on forever.
    throw RunError("internal: read past the end of \(reader.entity) (the source had already finished)")
  }

  /// Returns a page the router has finished with, so the reader can fill it again.
  func recycle(_ page: RecordPage) {
    condition.lock()
    free.append(page)
    condition.signal()
    condition.unlock()
  }

  /// Asks the reader to stop and waits for a read in progress to end, so the plugin's
  /// reader can be closed safely.
  func stop() {
    condition.lock()
    stopping = true
    condition.broadcast()
    while running { condition.wait() }
    condition.unlock()
  }

  private func readPages() {
    defer {
      condition.lock()
      running = false
      condition.broadcast()
      condition.unlock()
    }
    while true {
      condition.lock()
      while free.isEmpty && !stopping { condition.wait() }
      if stopping { condition.unlock(); return }
      let page = free.removeLast()
      condition.unlock()

      let outcome = Result { try reader.next(into: page) }

      condition.lock()
      defer { condition.broadcast(); condition.unlock() }
      switch outcome {
      case .success(let done):
        ready.append((page, done))
        if done { return }
      case .failure(let error):
        failure = error
        return
      }
    }
  }
}
