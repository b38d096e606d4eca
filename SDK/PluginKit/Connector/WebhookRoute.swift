/// One push route a connector declares in its manifest; the host listens for it at
/// `/hooks/<connection>/<route>` (see `mlc_manifest.h` for the rules the host applies).
public struct WebhookRoute: Sendable, Equatable {
  /// How the sender proves an event is theirs.
  public enum Scheme: String, Sendable {
    /// HMAC-SHA256 of the raw body under the connection's webhook secret.
    case hmacSHA256 = "hmac_sha256"
    /// The header carries the shared secret itself.
    case sharedSecret = "shared_secret"
  }

  /// How the signature header is encoded.
  public enum Encoding: String, Sendable {
    case base64, hex
  }

  /// Where the sender's own event id is, for dropping redeliveries.
  public enum EventID: Sendable, Equatable {
    /// A request header, lowercase.
    case header(String)
    /// An RFC 6901 pointer into the JSON body, e.g. `/eventId`.
    case jsonPointer(String)
  }

  /// `[a-z0-9_-]+`, unique in the manifest.
  public var route: String
  /// Canonical entities `decode` may emit for this route.
  public var entities: [String]
  public var scheme: Scheme
  /// The header the signature (or shared secret) arrives in, lowercase.
  public var header: String
  public var encoding: Encoding
  /// Text before the encoded signature, e.g. `sha256=`.
  public var prefix: String
  /// The sender's event id, or nil to deduplicate on the SHA-256 of the body.
  public var eventID: EventID?

  /// Creates a route; the deployment may override header, encoding and prefix.
  public init(route: String, entities: [String], scheme: Scheme = .hmacSHA256, header: String,
              encoding: Encoding = .base64, prefix: String = "", eventID: EventID? = nil) {
    self.route = route
    self.entities = entities
    self.scheme = scheme
    self.header = header
    self.encoding = encoding
    self.prefix = prefix
    self.eventID = eventID
  }

  /// Writes the route as the manifest's JSON object.
  func write(to writer: inout JSONWriter) {
    writer.beginObject()
    writer.field("route", route)
    writer.key("entities")
    writer.beginArray()
    for entity in entities { writer.string(entity) }
    writer.endArray()
    writer.key("signature")
    writer.beginObject()
    writer.field("scheme", scheme.rawValue)
    writer.field("header", header)
    writer.field("encoding", encoding.rawValue)
    writer.field("prefix", prefix)
    writer.endObject()
    switch eventID {
    case .header(let name):
      writer.key("event_id")
      writer.beginObject()
      writer.field("header", name)
      writer.endObject()
    case .jsonPointer(let pointer):
      writer.key("event_id")
      writer.beginObject()
      writer.field("json_pointer", pointer)
      writer.endObject()
    case nil:
      break
    }
    writer.endObject()
  }
}
