/// A parsed JSON document, for the places where a connector needs the whole of one
/// (its config, an API response, a record a sink maps field by field).
///
/// Numbers keep their exact text: money arrives as `"1234.50"` strings in canonical
/// records, but APIs send numbers too, and converting `0.1` to a `Double` and back would
/// change it. Use `intValue` or `doubleValue` when a binary value is what you want.
public enum JSONValue: Equatable, Sendable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number as written, e.g. `"12"`, `"-0.5"`, `"1e3"`.
  case number(String)
  /// A string, unescaped.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object; member order is not kept (duplicate names are refused when parsing).
  case object([String: JSONValue])

  /// Parses `bytes` as one JSON document (strict RFC 8259).
  public init(parsing bytes: UnsafeRawBufferPointer) throws {
    self = try JSONParser.parse(bytes)
  }

  /// Parses UTF-8 JSON text.
  public init(parsing bytes: [UInt8]) throws {
    self = try bytes.withUnsafeBytes { try JSONParser.parse($0) }
  }

  /// Parses JSON text.
  public init(parsing text: String) throws {
    var text = text
    self = try text.withUTF8 { try JSONParser.parse(UnsafeRawBufferPointer($0)) }
  }

  /// The member named `key` when this is an object.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members[key]
  }

  /// The string, when this is a string.
  public var stringValue: String? {
    guard case .string(let value) = self else { return nil }
    return value
  }

  /// The integer, when this is a number written without fraction or exponent that fits
  /// in `Int`.
  public var intValue: Int? {
    guard case .number(let text) = self else { return nil }
    return Int(text)
  }

  /// The number as a `Double`, when this is a number.
  public var doubleValue: Double? {
    guard case .number(let text) = self else { return nil }
    return Double(text)
  }

  /// The boolean, when this is `true` or `false`.
  public var boolValue: Bool? {
    guard case .bool(let value) = self else { return nil }
    return value
  }

  /// The members, when this is an object.
  public var objectValue: [String: JSONValue]? {
    guard case .object(let members) = self else { return nil }
    return members
  }

  /// The elements, when this is an array.
  public var arrayValue: [JSONValue]? {
    guard case .array(let elements) = self else { return nil }
    return elements
  }

  /// A short name of the kind of value, for error messages ("found an array").
  public var kindDescription: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }

  /// Writes this value as compact JSON (object members sorted by name, so the output is
  /// stable).
  public func write(to writer: inout JSONWriter) {
    switch self {
    case .null: writer.null()
    case .bool(let value): writer.bool(value)
    case .number(let text): writer.raw(text)
    case .string(let value): writer.string(value)
    case .array(let elements):
      writer.beginArray()
      for element in elements { element.write(to: &writer) }
      writer.endArray()
    case .object(let members):
      writer.beginObject()
      for name in members.keys.sorted() {
        writer.key(name)
        members[name]?.write(to: &writer)
      }
      writer.endObject()
    }
  }
}
