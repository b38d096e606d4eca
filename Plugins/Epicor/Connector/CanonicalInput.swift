import MLCPluginKit

/// A canonical record handed to the sink, parsed, with typed reads of its `data` and `refs`.
///
/// Canonical records leave unknown fields out; the accessors return nil for missing fields
/// and for values of the wrong type alike, and `required` turns a missing field into the
/// message of a FAILED outcome.
struct CanonicalInput {
  let key: String
  let data: [String: JSONValue]
  let refs: [String: JSONValue]

  /// Parses one record; throws a message naming what is wrong.
  init(_ bytes: UnsafeRawBufferPointer, entity: String) throws {
    let value: JSONValue
    do {
      value = try JSONValue(parsing: bytes)
    } catch {
      throw CanonicalInputError("the \(entity) record is not valid JSON: \(error)")
    }
    guard case .string(let key)? = value["key"], !key.isEmpty else {
      throw CanonicalInputError("the \(entity) record has no \"key\"")
    }
    self.key = key
    data = value["data"]?.objectValue ?? [:]
    refs = value["refs"]?.objectValue ?? [:]
  }

  /// An input from parts already parsed (a nested object or line).
  init(key: String, data: [String: JSONValue], refs: [String: JSONValue] = [:]) {
    self.key = key
    self.data = data
    self.refs = refs
  }

  /// A non-empty string field.
  func string(_ name: String) -> String? {
    guard case .string(let text)? = data[name], !text.isEmpty else { return nil }
    return text
  }

  /// A decimal field (canonically a string, a JSON number accepted).
  func decimal(_ name: String) -> String? {
    switch data[name] {
    case .string(let text)?: return DecimalText.canonical(text)
    case .number(let text)?: return DecimalText.canonical(text)
    default: return nil
    }
  }

  /// A boolean field.
  func bool(_ name: String) -> Bool? { data[name]?.boolValue }

  /// An integer field (a number, or digits in a string).
  func int(_ name: String) -> Int? {
    switch data[name] {
    case .number(let text)?: return Int(text)
    case .string(let text)?: return Int(text)
    default: return nil
    }
  }

  /// A nested object field as its own input (`address`).
  func object(_ name: String) -> CanonicalInput {
    CanonicalInput(key: key, data: data[name]?.objectValue ?? [:])
  }

  /// An array-of-objects field as inputs (`lines`).
  func objects(_ name: String) -> [CanonicalInput] {
    (data[name]?.arrayValue ?? []).compactMap { element in
      element.objectValue.map { CanonicalInput(key: key, data: $0) }
    }
  }

  /// A reference key (`refs.vendor`).
  func ref(_ name: String) -> String? { refs[name]?.stringValue }

  /// The string field, or an error naming it.
  func required(_ name: String, entity: String) throws -> String {
    guard let text = string(name) else {
      throw CanonicalInputError("\(entity) \(key) has no data.\(name); it is required to write it to Epicor")
    }
    return text
  }
}

/// A canonical record the sink cannot use; its message becomes the FAILED outcome's.
struct CanonicalInputError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
