import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The delegate behind `URLSessionTransport`: collects each task's response and body, and
/// signals the thread waiting in `send` when the task completes.
///
/// A delegate (rather than a completion handler) is needed because corelibs consults the
/// delegate about redirects only for delegate-driven tasks; with a completion handler it
/// follows them silently.
final class URLSessionTaskTable: NSObject, URLSessionDataDelegate, @unchecked Sendable {
  /// One task's progress, waited on by the sending thread.
  final class Pending: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    fileprivate var response: HTTPURLResponse?
    fileprivate var body: [UInt8] = []
    fileprivate var failure: TransportFailure?
    /// The server asked for credentials (401 + WWW-Authenticate) and the challenge was refused.
    fileprivate var challenged = false

    /// The finished exchange, or the failure it ended with.
    func result() throws -> TransportResponse {
      if let failure { throw failure }
      guard let response else {
        throw TransportFailure(kind: .other, message: "the task finished without a response")
      }
      return TransportResponse(status: response.statusCode,
                               headers: URLSessionTaskTable.headers(of: response), body: body)
    }
  }

  private let lock = NSLock()
  private var pending: [Int: Pending] = [:]
  private let maxResponseBytes: Int

  init(maxResponseBytes: Int) {
    self.maxResponseBytes = maxResponseBytes
  }

  /// Starts tracking `task`; call before `resume()`.
  func register(_ task: URLSessionTask) -> Pending {
    let entry = Pending()
    lock.lock()
    pending[task.taskIdentifier] = entry
    lock.unlock()
    return entry
  }

  /// Stops tracking `task`.
  func forget(_ task: URLSessionTask) {
    lock.lock()
    pending[task.taskIdentifier] = nil
    lock.unlock()
  }

  private func entry(_ task: URLSessionTask) -> Pending? {
    lock.lock()
    defer { lock.unlock() }
    return pending[task.taskIdentifier]
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask,
                  didReceive response: URLResponse,
                  completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
    entry(dataTask)?.response = response as? HTTPURLResponse
    completionHandler(.allow)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    guard let entry = entry(dataTask) else { return }
    if entry.body.count + data.count > maxResponseBytes {
      entry.failure = TransportFailure(kind: .other, message:
        "the response body is larger than \(maxResponseBytes) bytes")
      dataTask.cancel()
      return
    }
    entry.body.append(contentsOf: data)
  }

  func urlSession(_ session: URLSession, task: URLSessionTask,
                  willPerformHTTPRedirection response: HTTPURLResponse,
                  newRequest request: URLRequest,
                  completionHandler: @escaping (URLRequest?) -> Void) {
    // Never follow: the caller gets the 3xx and the allow-list is never bypassed.
    entry(task)?.response = response
    completionHandler(nil)
  }

  /// A 401 with `WWW-Authenticate` makes corelibs ask the delegate for credentials; left
  /// unanswered, the task never completes and the plugin thread waits forever. The host
  /// attaches credentials itself, so refuse the challenge: the task then ends "cancelled"
  /// with the 401 as its response, which `didCompleteWithError` hands back as the answer.
  func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                  completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
    if let entry = entry(task), let http = challenge.failureResponse as? HTTPURLResponse ?? task.response as? HTTPURLResponse {
      entry.response = http
      entry.challenged = true
    }
    completionHandler(.cancelAuthenticationChallenge, nil)
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
    guard let entry = entry(task) else { return }
    if entry.challenged, entry.failure == nil, entry.response != nil {
      // The refused challenge above: the 401 is the final response, not a failure.
    } else if let error, entry.failure == nil {
      entry.failure = Self.failure(from: error)
    } else if error == nil, entry.response == nil, let http = task.response as? HTTPURLResponse {
      entry.response = http
    }
    entry.done.signal()
  }

  /// Maps a URLSession error onto what matters for retrying: was anything sent?
  static func failure(from error: Error) -> TransportFailure {
    let nsError = error as NSError
    let message = nsError.localizedDescription
    guard nsError.domain == NSURLErrorDomain else {
      return TransportFailure(kind: .other, message: message)
    }
    switch nsError.code {
    case NSURLErrorTimedOut:
      return TransportFailure(kind: .timedOut, message: message)
    case NSURLErrorCannotConnectToHost, NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed,
         NSURLErrorNotConnectedToInternet, NSURLErrorSecureConnectionFailed,
         NSURLErrorServerCertificateUntrusted, NSURLErrorServerCertificateHasBadDate,
         NSURLErrorServerCertificateNotYetValid, NSURLErrorServerCertificateHasUnknownRoot,
         NSURLErrorClientCertificateRejected:
      return TransportFailure(kind: .connectFailed, message: message)
    case NSURLErrorNetworkConnectionLost, NSURLErrorBadServerResponse,
         NSURLErrorZeroByteResource:
      return TransportFailure(kind: .connectionLost, message: message)
    default:
      return TransportFailure(kind: .other, message: "\(message) (URL error \(nsError.code))")
    }
  }

  /// The response's headers as a list. URLSession folds repeated fields into one value
  /// joined by ", "; `Set-Cookie` is split back into one field per cookie, because cookie
  /// attributes (`Expires=Wed, 21 Oct 2026 …`) contain commas of their own.
  static func headers(of response: HTTPURLResponse) -> HeaderList {
    var list = HeaderList()
    let fields = response.allHeaderFields.compactMap { key, value -> (String, String)? in
      guard let name = key as? String else { return nil }
      return (name, "\(value)")
    }.sorted { $0.0.lowercased() < $1.0.lowercased() }
    for (name, value) in fields {
      if name.lowercased() == "set-cookie" {
        for cookie in splitSetCookie(value) { list.add(name, cookie) }
      } else {
        list.add(name, value)
      }
    }
    return list
  }

  /// Splits a folded `Set-Cookie` value at each ", " that starts a new `name=` pair.
  static func splitSetCookie(_ folded: String) -> [String] {
    var cookies: [String] = []
    var current = ""
    for part in folded.components(separatedBy: ", ") {
      let head = part.prefix { $0 != ";" }
      let startsCookie = head.contains("=") && !head.contains(" ")
      if startsCookie, !current.isEmpty {
        cookies.append(current)
        current = part
      } else {
        current = current.isEmpty ? part : current + ", " + part
      }
    }
    if !current.isEmpty { cookies.append(current) }
    return cookies
  }
}
