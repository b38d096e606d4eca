import Foundation

/// Routes each exchange by URL scheme: `http` to `SocketTransport`, everything else
/// (`https`) to `URLSessionTransport`.
///
/// The socket transport exists because corelibs URLSession spins a CPU while it waits on
/// Linux; it cannot speak TLS (the host links libcrypto, not libssl), so `https` stays on
/// URLSession, created on first use so a connection that only speaks `http` never starts
/// URLSession's threads.
///
/// Environment override: `MLC_HTTP_TRANSPORT=urlsession` sends every scheme through
/// URLSession, to compare the two or to bisect a problem to the socket transport;
/// `MLC_HTTP_TRANSPORT=socket` (or unset, or empty) is the default routing. Any other value
/// is a configuration error, so a typo cannot silently measure the wrong transport.
final class SchemeTransport: HTTPTransport, @unchecked Sendable {
  /// The environment variable that picks the routing.
  static let environmentKey = "MLC_HTTP_TRANSPORT"

  /// Which transport carries `http`.
  enum Routing: String, Sendable {
    /// `http` on sockets, `https` on URLSession.
    case socket
    /// Everything on URLSession.
    case urlsession
  }

  let routing: Routing
  private let plain: SocketTransport
  private let makeSecure: @Sendable () -> any HTTPTransport
  private let lock = NSLock()
  private var secure: (any HTTPTransport)?
  private var isShutDown = false

  /// - Parameters:
  ///   - routing: Where `http` goes; see `routing(environment:)`.
  ///   - plain: The socket transport for `http`.
  ///   - makeSecure: Builds the URLSession transport, on first use.
  init(routing: Routing = .socket, plain: SocketTransport = SocketTransport(),
       makeSecure: @escaping @Sendable () -> any HTTPTransport = { URLSessionTransport() }) {
    self.routing = routing
    self.plain = plain
    self.makeSecure = makeSecure
  }

  /// The routing `MLC_HTTP_TRANSPORT` asks for in `environment`.
  static func routing(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Routing {
    let value = environment[environmentKey]?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
    if value.isEmpty { return .socket }
    guard let routing = Routing(rawValue: value) else {
      throw ConfigError(file: "environment variable \(environmentKey)", path: "", message:
        "\"\(value)\" is not a transport; set it to \"urlsession\" (all requests through URLSession) or \"socket\" (the default), or unset it")
    }
    return routing
  }

  func send(_ request: TransportRequest) throws -> TransportResponse {
    if routing == .socket, request.url.scheme?.lowercased() == "http" {
      return try plain.send(request)
    }
    return try secureTransport().send(request)
  }

  func shutdown() {
    lock.lock()
    isShutDown = true
    let secure = self.secure
    lock.unlock()
    plain.shutdown()
    secure?.shutdown()
  }

  /// The URLSession transport, created on first use.
  private func secureTransport() throws -> any HTTPTransport {
    lock.lock()
    defer { lock.unlock() }
    if let secure { return secure }
    guard !isShutDown else {
      throw TransportFailure(kind: .other, message: "the connection's transport was shut down; no more requests can be sent")
    }
    let made = makeSecure()
    secure = made
    return made
  }
}
