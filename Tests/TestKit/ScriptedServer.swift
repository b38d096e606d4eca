import Foundation
import MLCSandboxKit

/// A local HTTP server scripted per test: each route answers from a queue of replies or a
/// handler, every request is captured for assertions, and faults (status sequences,
/// `Retry-After`, slow responses, dropped connections) are one reply away.
///
/// It binds 127.0.0.1 on an ephemeral port through the SDK's `HTTPServer` (keep-alive,
/// limits, dropped connections) and stops itself when released or on `stop()`.
///
/// ```swift
/// let server = ScriptedServer()
/// server.script("GET", "/api/items", [.status(503, headers: [("Retry-After", "2")]), .json(200, "[]")])
/// let port = try server.start()
/// ```
public final class ScriptedServer: @unchecked Sendable {
  /// A request as the server received it.
  public struct Request: Sendable {
    /// Arrival order across the whole server, from 0.
    public let sequence: Int
    public let method: String
    /// The path without the query, percent-encoding kept.
    public let path: String
    /// The raw query without "?", or "".
    public let query: String
    /// Header fields in arrival order, names lowercased.
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    /// The first value of header `name` (any case), or nil.
    public func header(_ name: String) -> String? {
      let key = name.lowercased()
      return headers.first { $0.name == key }?.value
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body as `application/x-www-form-urlencoded` pairs, decoded.
    public var form: [String: String] { ScriptedServer.decodeForm(bodyText) }

    /// The query as decoded pairs.
    public var queryItems: [String: String] { ScriptedServer.decodeForm(query) }

    public init(sequence: Int, method: String, path: String, query: String,
                headers: [(name: String, value: String)], body: [UInt8]) {
      self.sequence = sequence
      self.method = method
      self.path = path
      self.query = query
      self.headers = headers
      self.body = body
    }
  }

  /// What the server does with a request.
  public enum Reply: Sendable {
    /// Answers after `delay` seconds; the body follows the head after `bodyDelay` more.
    case respond(status: Int, headers: [(String, String)], body: [UInt8],
                 delay: TimeInterval, bodyDelay: TimeInterval)
    /// Closes the connection with a TCP reset, sending nothing.
    case dropConnection

    /// A response with a status, optional headers and a text body.
    public static func status(_ status: Int, headers: [(String, String)] = [],
                              body: String = "", delay: TimeInterval = 0) -> Reply {
      .respond(status: status, headers: headers, body: Array(body.utf8), delay: delay, bodyDelay: 0)
    }

    /// A JSON response.
    public static func json(_ status: Int, _ body: String, headers: [(String, String)] = [],
                            delay: TimeInterval = 0) -> Reply {
      .respond(status: status, headers: [("Content-Type", "application/json")] + headers,
               body: Array(body.utf8), delay: delay, bodyDelay: 0)
    }
  }

  /// Answers one request.
  public typealias Handler = @Sendable (Request) -> Reply

  private let lock = NSLock()
  private var routes: [(method: String?, path: String, handler: Handler)] = []
  private var captured: [Request] = []
  private var inFlight = 0
  private var peakInFlight = 0
  private var server: HTTPServer?

  public init() {}

  deinit { server?.stop() }

  /// Answers `path` (exact, without query) with `handler`; `method` nil matches any.
  /// Later routes for the same path win, so a test can re-script mid-way.
  public func route(_ method: String? = nil, _ path: String, _ handler: @escaping Handler) {
    lock.lock()
    routes.insert((method, path, handler), at: 0)
    lock.unlock()
  }

  /// Answers `path` with `replies` in order; the last one repeats once the queue is spent.
  public func script(_ method: String? = nil, _ path: String, _ replies: [Reply]) {
    precondition(!replies.isEmpty, "script needs at least one reply")
    let queue = ReplyQueue(replies)
    route(method, path) { _ in queue.next() }
  }

  /// Binds 127.0.0.1 on a free port and starts serving; returns the port.
  @discardableResult
  public func start() throws -> UInt16 {
    // The SDK's HTTP server carries the wire (keep-alive, limits, drops); this type scripts.
    let server = HTTPServer(configuration: .init()) { [weak self] request in
      guard let self else { return .dropped }
      defer { self.finished() }
      return Self.response(for: self.handle(request))
    }
    let port = try server.start()
    lock.lock()
    self.server = server
    lock.unlock()
    return port
  }

  /// Stops accepting and closes open connections. Idempotent.
  public func stop() {
    lock.lock()
    let server = self.server
    lock.unlock()
    server?.stop()
  }

  /// Turns a scripted reply into the server's response, sleeping out its delays.
  private static func response(for reply: Reply) -> HTTPResponse {
    switch reply {
    case .dropConnection:
      return .dropped
    case .respond(let status, let headers, let body, let delay, let bodyDelay):
      if delay + bodyDelay > 0 { Thread.sleep(forTimeInterval: delay + bodyDelay) }
      var fields = HTTPHeaders()
      for (name, value) in headers { fields.add(name, value) }
      var response = HTTPResponse(status: status, headers: fields, body: body)
      response.closesConnection = headers.contains { $0.0.lowercased() == "connection" && $0.1.lowercased() == "close" }
      return response
    }
  }

  /// `http://127.0.0.1:<port>/` once started.
  public var baseURL: String {
    lock.lock()
    defer { lock.unlock() }
    return "http://127.0.0.1:\(server?.port ?? 0)/"
  }

  /// Every request received so far, in arrival order.
  public var requests: [Request] {
    lock.lock()
    defer { lock.unlock() }
    return captured
  }

  /// The requests received for `path`.
  public func requests(to path: String) -> [Request] {
    requests.filter { $0.path == path }
  }

  /// The most requests that were being answered at the same moment.
  public var maxInFlight: Int {
    lock.lock()
    defer { lock.unlock() }
    return peakInFlight
  }

  /// Records a request and picks its reply.
  private func handle(_ incoming: HTTPRequest) -> Reply {
    let headers = incoming.headers.map { (name: $0.name.lowercased(), value: $0.value) }
    lock.lock()
    let request = Request(sequence: captured.count, method: incoming.method, path: incoming.rawPath,
                          query: incoming.rawQuery, headers: headers, body: incoming.body)
    captured.append(request)
    inFlight += 1
    peakInFlight = max(peakInFlight, inFlight)
    let handler = routes.first { ($0.method == nil || $0.method == incoming.method) && $0.path == incoming.rawPath }?.handler
    lock.unlock()
    return handler?(request) ?? .status(404, body: "no route for \(incoming.method) \(incoming.rawPath)")
  }

  /// Called when a reply has been produced.
  private func finished() {
    lock.lock()
    inFlight -= 1
    lock.unlock()
  }

  /// Decodes `a=1&b=x%20y` (with `+` as space).
  static func decodeForm(_ text: String) -> [String: String] {
    var result: [String: String] = [:]
    for pair in text.split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1).map {
        String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
      }
      result[parts[0]] = parts.count > 1 ? parts[1] : ""
    }
    return result
  }
}

/// A thread-safe queue of replies whose last element repeats.
final class ReplyQueue: @unchecked Sendable {
  private let lock = NSLock()
  private var replies: [ScriptedServer.Reply]

  init(_ replies: [ScriptedServer.Reply]) { self.replies = replies }

  func next() -> ScriptedServer.Reply {
    lock.lock()
    defer { lock.unlock() }
    return replies.count > 1 ? replies.removeFirst() : replies[0]
  }
}
