import MLCPluginKit

/// One canonical record of a write batch, parsed, with accessors that give every field as
/// the text a staging column takes.
///
/// Money and quantities arrive as decimal strings and stay exactly as written; a number
/// written as a JSON number keeps its text too (`JSONValue.number`), so nothing passes
/// through a binary float. Absent, `null` and empty values all read as nil, which leaves
/// the staging column out ("unknown is absent").
struct CanonicalRecord {
  let entity: String
  let key: String
  let data: JSONValue
  let refs: JSONValue

  /// Why a record of a batch cannot be read.
  struct Unreadable: Error, CustomStringConvertible {
    let description: String
  }

  /// Parses record `index` of `batch`.
  init(_ batch: WriteBatch, at index: Int) throws {
    let value: JSONValue
    do {
      value = try JSONValue(parsing: batch[index])
    } catch {
      throw Unreadable(description: "\(batch.entity) record \(index) of the batch is not valid JSON: \(error)")
    }
    try self.init(entity: batch.entity, value, position: "record \(index) of the batch")
  }

  /// Reads a parsed record of `entity`; `position` says where it came from in messages.
  init(entity: String, _ value: JSONValue, position: String = "the record") throws {
    guard let key = value["key"]?.stringValue, !key.isEmpty else {
      throw Unreadable(description: "\(entity) \(position) has no \"key\"; a canonical record needs one")
    }
    self.entity = entity
    self.key = key
    data = value["data"] ?? .object([:])
    refs = value["refs"] ?? .object([:])
  }

  /// `data.<name>` as text.
  func text(_ name: String) -> String? { Self.text(data[name]) }

  /// `data.<object>.<name>` as text.
  func text(_ object: String, _ name: String) -> String? { Self.text(data[object]?[name]) }

  /// `refs.<name>` as text.
  func ref(_ name: String) -> String? { Self.text(refs[name]) }

  /// `data.<name>` as an array of objects (order lines, payment applications).
  func objects(_ name: String) -> [JSONValue] {
    (data[name]?.arrayValue ?? []).filter { $0.objectValue != nil }
  }

  /// `data.<name>` as a boolean, when it is one (or the text "true"/"false").
  func flag(_ name: String) -> Bool? {
    if let flag = data[name]?.boolValue { return flag }
    switch text(name)?.lowercased() {
    case "true": return true
    case "false": return false
    default: return nil
    }
  }

  /// How messages name this record: `purchase_order "GEN/PO/0001"`.
  var subject: String { "\(entity) \"\(key)\"" }

  /// A field value as staging text: strings as they are, numbers as written, booleans as
  /// `true`/`false`; nil for absent, null, empty and structured values.
  static func text(_ value: JSONValue?) -> String? {
    switch value {
    case .string(let text)?: return text.isEmpty ? nil : text
    case .number(let text)?: return text
    case .bool(let flag)?: return flag ? "true" : "false"
    default: return nil
    }
  }
}
