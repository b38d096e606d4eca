import Foundation

/// Runs independent tasks on a few threads of the connector's own, for requests that may
/// be in flight together.
///
/// Plugin calls are synchronous and `PluginHost.http` blocks its caller, so concurrency
/// means several threads, each blocked in one request; the host's HTTP service is
/// thread-safe and holds the connection to its `max_concurrent`. Threads are plain
/// `Thread`s rather than Swift's cooperative pool, which has one thread per core and must
/// never block (DESIGN.md, "The C ABI").
enum WorkerPool {
  /// Calls `body(index)` for every index in `0..<count`, from up to `workers` threads, and
  /// returns when all calls have returned. Once `body` throws, no further index starts and
  /// the first error is rethrown.
  static func run(_ count: Int, workers: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
    guard count > 0 else { return }
    let threads = min(max(workers, 1), count)
    if threads == 1 {
      for index in 0..<count { try body(index) }
      return
    }
    let queue = TaskQueue(count: count)
    let group = DispatchGroup()
    for _ in 0..<threads {
      group.enter()
      let thread = Thread {
        defer { group.leave() }
        while let index = queue.next() {
          do {
            try body(index)
          } catch {
            queue.stop(with: error)
          }
        }
      }
      thread.stackSize = 1 << 20
      thread.start()
    }
    group.wait()
    if let error = queue.error { throw error }
  }

  /// Hands out indices under a lock and remembers the first error.
  private final class TaskQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private var nextIndex = 0
    private var firstError: Error?

    init(count: Int) { self.count = count }

    func next() -> Int? {
      lock.lock()
      defer { lock.unlock() }
      guard firstError == nil, nextIndex < count else { return nil }
      nextIndex += 1
      return nextIndex - 1
    }

    func stop(with error: Error) {
      lock.lock()
      if firstError == nil { firstError = error }
      lock.unlock()
    }

    var error: Error? {
      lock.lock()
      defer { lock.unlock() }
      return firstError
    }
  }
}

/// Results written by several threads, one slot per index, read once they have finished.
final class ResultSlots<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [Value?]

  init(count: Int) { values = Array(repeating: nil, count: count) }

  subscript(index: Int) -> Value? {
    get {
      lock.lock()
      defer { lock.unlock() }
      return values[index]
    }
    set {
      lock.lock()
      values[index] = newValue
      lock.unlock()
    }
  }
}
