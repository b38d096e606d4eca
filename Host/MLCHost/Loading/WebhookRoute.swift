/// One push route from a connector's manifest (`mlc_manifest.h`): where the host listens,
/// how the sender signs, and where the sender's event id is.
struct WebhookRoute: Equatable {
  enum Scheme: String {
    case hmacSHA256 = "hmac_sha256"
    case sharedSecret = "shared_secret"
  }

  enum Encoding: String {
    case base64, hex
  }

  enum EventID: Equatable {
    case header(String)
    case jsonPointer(String)
  }

  let route: String
  let entities: [String]
  let scheme: Scheme
  let header: String
  let encoding: Encoding
  let prefix: String
  let eventID: EventID?

  /// Parses one entry of the manifest's "webhooks" list; `field` names it in errors.
  static func parse(_ value: Any, field: String) throws -> WebhookRoute {
    typealias Invalid = Manifest.Invalid
    guard let object = value as? [String: Any] else { throw Invalid(reason: "manifest \"\(field)\" must be an object") }
    guard let route = object["route"] as? String, !route.isEmpty,
          route.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x2D })
    else { throw Invalid(reason: "manifest \"\(field).route\" must be a string matching [a-z0-9_-]+") }
    let entities = try Manifest.entityList(object["entities"], field: "\(field).entities")
    guard let signature = object["signature"] as? [String: Any] else {
      throw Invalid(reason: "manifest \"\(field).signature\" must be an object with scheme and header")
    }
    guard let schemeText = signature["scheme"] as? String, let scheme = Scheme(rawValue: schemeText) else {
      throw Invalid(reason: "manifest \"\(field).signature.scheme\" must be \"hmac_sha256\" or \"shared_secret\"")
    }
    guard let header = signature["header"] as? String, !header.isEmpty else {
      throw Invalid(reason: "manifest \"\(field).signature.header\" must name the header the signature arrives in")
    }
    let encodingText = signature["encoding"] as? String ?? "base64"
    guard let encoding = Encoding(rawValue: encodingText) else {
      throw Invalid(reason: "manifest \"\(field).signature.encoding\" must be \"base64\" or \"hex\", got \"\(encodingText)\"")
    }
    var eventID: EventID?
    if let rule = object["event_id"] {
      if let rule = rule as? [String: Any], let name = rule["header"] as? String, !name.isEmpty {
        eventID = .header(name.lowercased())
      } else if let rule = rule as? [String: Any], let pointer = rule["json_pointer"] as? String, pointer.hasPrefix("/") {
        eventID = .jsonPointer(pointer)
      } else {
        throw Invalid(reason: "manifest \"\(field).event_id\" must be {\"header\":NAME} or {\"json_pointer\":\"/...\"}")
      }
    }
    return WebhookRoute(route: route, entities: entities, scheme: scheme, header: header.lowercased(), encoding: encoding,
                        prefix: signature["prefix"] as? String ?? "", eventID: eventID)
  }
}
