/// One stored push event, as `EventDecoder.decode` receives it: a copy, so it may be kept.
public struct PushEvent: Sendable {
  /// The manifest route the event arrived on.
  public var route: String
  /// The id the host deduplicated on (the sender's id, else the SHA-256 of the body).
  public var id: String
  /// When the host stored it, RFC 3339 UTC.
  public var receivedAt: String
  /// The request headers as received, names lowercased.
  public var headers: [(name: String, value: String)]
  /// Exactly the bytes received.
  public var body: [UInt8]

  /// Creates an event (tests build them by hand).
  public init(route: String, id: String, receivedAt: String, headers: [(name: String, value: String)] = [],
              body: [UInt8]) {
    self.route = route
    self.id = id
    self.receivedAt = receivedAt
    self.headers = headers
    self.body = body
  }

  /// The first header named `name` (compared case-insensitively), or nil.
  public func header(_ name: String) -> String? {
    let wanted = name.lowercased()
    return headers.first { $0.name == wanted }?.value
  }
}
