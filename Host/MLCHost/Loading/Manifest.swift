import Foundation

/// A connector's self-description, parsed and validated from its manifest JSON.
struct Manifest: Equatable {
  let name: String
  let version: String
  let reads: [String]
  let writes: [String]
  /// The config schema as JSON text, shown to people and checked for shape only.
  let configSchema: String
  let auth: [String]
  let concurrent: Bool
  /// Push routes the host listens on for this connector.
  var webhooks: [WebhookRoute] = []

  /// Why a manifest is unusable; becomes part of the plugin's refusal reason.
  struct Invalid: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
  }

  static func parse(_ text: String) throws -> Manifest {
    let json: Any
    do {
      json = try JSONSerialization.jsonObject(with: Data(text.utf8))
    } catch {
      throw Invalid(reason: "manifest is not valid JSON")
    }
    guard let object = json as? [String: Any] else { throw Invalid(reason: "manifest is not a JSON object") }

    guard let name = object["name"] as? String else { throw Invalid(reason: "manifest has no \"name\" string") }
    guard Self.isValidName(name) else {
      throw Invalid(reason: "manifest name \"\(name)\" must match [a-z][a-z0-9_-]* (at most 64 characters)")
    }
    guard let version = object["version"] as? String, !version.isEmpty else {
      throw Invalid(reason: "manifest has no \"version\" string")
    }
    guard let entities = object["entities"] as? [String: Any] else {
      throw Invalid(reason: "manifest has no \"entities\" object with \"read\" and \"write\" lists")
    }
    let reads = try entityList(entities["read"], field: "entities.read")
    let writes = try entityList(entities["write"], field: "entities.write")
    if reads.isEmpty && writes.isEmpty { throw Invalid(reason: "manifest reads and writes no entity") }

    var schemaText = "{}"
    if let schema = object["config_schema"] {
      guard schema is [String: Any] else { throw Invalid(reason: "manifest \"config_schema\" must be a JSON object") }
      schemaText = String(decoding: try JSONSerialization.data(withJSONObject: schema, options: [.sortedKeys]), as: UTF8.self)
    } else {
      throw Invalid(reason: "manifest has no \"config_schema\" object")
    }
    let auth = (object["auth"] as? [String]) ?? []
    let concurrent = (object["concurrent"] as? Bool) ?? false
    var webhooks: [WebhookRoute] = []
    if let list = object["webhooks"] {
      guard let routes = list as? [Any] else { throw Invalid(reason: "manifest \"webhooks\" must be a list of route objects") }
      for (index, route) in routes.enumerated() {
        let parsed = try WebhookRoute.parse(route, field: "webhooks[\(index)]")
        if webhooks.contains(where: { $0.route == parsed.route }) {
          throw Invalid(reason: "manifest \"webhooks[\(index)].route\" repeats route \"\(parsed.route)\"")
        }
        webhooks.append(parsed)
      }
    }
    return Manifest(name: name, version: version, reads: reads, writes: writes, configSchema: schemaText,
                    auth: auth, concurrent: concurrent, webhooks: webhooks)
  }

  static func entityList(_ value: Any?, field: String) throws -> [String] {
    guard let value else { return [] }
    guard let list = value as? [String] else { throw Invalid(reason: "manifest \"\(field)\" must be a list of entity names") }
    for entity in list where !CanonicalEntity.isKnown(entity) {
      throw Invalid(reason: "manifest \"\(field)\" names unknown entity \"\(entity)\"")
    }
    return CanonicalEntity.ordered(Array(Set(list)))
  }

  static func isValidName(_ name: String) -> Bool {
    guard let first = name.utf8.first, (0x61...0x7A).contains(first), name.utf8.count <= 64 else { return false }
    return name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x2D }
  }
}
