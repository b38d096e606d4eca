import Foundation
import MLCSandboxKit

/// Keeps a log of every request the sandbox answered, in arrival order of their answers.
///
/// It wraps the outermost handler, so injected faults and refusals (401, 429) are logged with
/// the status the client saw. The log is unbounded: sandboxes live for one test or one
/// benchmark run, and a million entries cost well under 100 MB.
final class RequestRecorder: @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [RecordedRequest] = []

  /// `handler` with every request and its answer's status logged.
  func wrap(_ handler: @escaping HTTPHandler) -> HTTPHandler {
    { [self] request in
      let response = handler(request)
      let (api, resource) = RecordedRequest.classify(request.path)
      let entry = RecordedRequest(method: request.method, path: request.path, api: api, resource: resource,
                                  status: response.dropConnection ? 0 : response.status)
      lock.lock()
      entries.append(entry)
      lock.unlock()
      return response
    }
  }

  /// Every entry so far.
  var all: [RecordedRequest] {
    lock.lock()
    defer { lock.unlock() }
    return entries
  }

  /// Empties the log.
  func reset() {
    lock.lock()
    defer { lock.unlock() }
    entries.removeAll()
  }
}
