import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The production transport: one `URLSession` per connection, driven synchronously.
///
/// `send` starts a data task and blocks the calling (plugin) thread on a semaphore until
/// the session's delegate queue reports completion, so no Swift concurrency thread is
/// ever parked. The session stores no cookies (the `session_cookie` profile keeps its
/// own jar), caches nothing, and refuses every redirect: the 3xx comes back to the
/// caller, so credentials never follow a `Location` to a host off the allow-list.
///
/// Timeouts: the attempt's total time is enforced here with the semaphore's deadline
/// (the task is cancelled when it passes), so it holds whatever corelibs does. The connect
/// timeout cannot be set on its own: swift-corelibs-foundation exposes no connect-time
/// option, and its `timeoutInterval` is an inactivity timer in whole seconds (reset on
/// every byte), which would also cut off a slow first byte. So a connect that stalls is
/// bounded by the attempt's total timeout; refused connections fail at once anyway.
///
/// Wire bytes are estimated: corelibs does not expose what it wrote or read, so
/// `bytesSent` is the request head this transport would have written plus the body, and
/// `bytesReceived` the status line, the decoded headers and the decoded body.
///
/// On Linux, corelibs' libcurl/libdispatch loop spins a CPU while it waits for a response,
/// so `SchemeTransport` uses this type only for `https` (or when `MLC_HTTP_TRANSPORT=urlsession`).
final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
  private let session: URLSession
  private let tasks: URLSessionTaskTable
  /// A response body larger than this fails the attempt instead of filling memory.
  let maxResponseBytes: Int

  /// Creates the connection's session. `maxConnections` should match the connection's
  /// concurrency limit so requests are not queued inside URLSession.
  init(maxConnections: Int = 8, maxResponseBytes: Int = 256 << 20) {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.httpCookieStorage = nil
    configuration.httpShouldSetCookies = false
    configuration.httpCookieAcceptPolicy = .never
    configuration.urlCache = nil
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    configuration.httpMaximumConnectionsPerHost = max(1, maxConnections)
    self.maxResponseBytes = maxResponseBytes
    tasks = URLSessionTaskTable(maxResponseBytes: maxResponseBytes)
    let queue = OperationQueue()
    queue.maxConcurrentOperationCount = 1
    session = URLSession(configuration: configuration, delegate: tasks, delegateQueue: queue)
  }

  func send(_ request: TransportRequest) throws -> TransportResponse {
    var urlRequest = URLRequest(url: request.url)
    urlRequest.httpMethod = request.method
    for field in request.headers { urlRequest.addValue(field.value, forHTTPHeaderField: field.name) }
    if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
    // corelibs reads this as whole seconds of inactivity; keep it past our own deadline
    // so the timeout that fires is always ours, with our message.
    urlRequest.timeoutInterval = max(1, request.timeout.rounded(.up) + 1)

    let task = session.dataTask(with: urlRequest)
    let pending = tasks.register(task)
    task.resume()
    let deadline = DispatchTime.now() + .nanoseconds(Int(request.timeout * 1e9))
    if pending.done.wait(timeout: deadline) == .timedOut {
      task.cancel()
      // Wait for the cancellation to be reported so the table entry is released; it is
      // prompt, but bound it so a wedged session cannot hold the plugin thread forever.
      _ = pending.done.wait(timeout: .now() + 5)
      tasks.forget(task)
      throw TransportFailure(kind: .timedOut, message:
        "no complete response from \(request.url.host ?? "?") within \(Self.seconds(request.timeout))")
    }
    tasks.forget(task)
    var response = try pending.result()
    // corelibs hides the wire; estimate it from what was asked for and what came back.
    response.bytesSent = HTTPRequestHead.estimatedSize(of: request)
    response.bytesReceived = "HTTP/1.1 \(response.status) \r\n\r\n".utf8.count + response.body.count
      + response.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
    return response
  }

  func shutdown() {
    session.invalidateAndCancel()
  }

  deinit {
    // A session keeps its delegate (and its threads) until invalidated.
    session.finishTasksAndInvalidate()
  }

  private static func seconds(_ value: TimeInterval) -> String {
    value == value.rounded() ? "\(Int(value)) s" : String(format: "%.3f s", value)
  }
}
