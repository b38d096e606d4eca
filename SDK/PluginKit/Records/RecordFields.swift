/// The envelope fields of a canonical record, read without parsing the rest of it.
///
/// A sink often needs only `entity`, `key` and `updated_at` to decide what to do with a
/// record (skip it, look it up, report it), and decoding the whole `data` object into
/// values per record would dominate its cost. `scan` walks the top-level object once,
/// decodes just these string members, and skips everything else while still checking it
/// is well-formed JSON, so a record that scans is valid JSON as a whole.
public struct RecordFields: Equatable, Sendable {
  /// `entity`, when the record has one.
  public var entity: String?
  /// `key`, when the record has one.
  public var key: String?
  /// `updated_at`, when the record has one.
  public var updatedAt: String?
  /// `cursor`, when the record has one.
  public var cursor: String?

  /// Creates a value with the given fields.
  public init(entity: String? = nil, key: String? = nil, updatedAt: String? = nil,
              cursor: String? = nil) {
    self.entity = entity
    self.key = key
    self.updatedAt = updatedAt
    self.cursor = cursor
  }

  /// The value that orders records of one read: `cursor` when present, else `updated_at`.
  public var orderingValue: String? { cursor ?? updatedAt }

  /// Scans one record: a JSON object whose envelope members, when present, are strings.
  /// Throws `JSONSyntaxError` for anything that is not one valid JSON object, including a
  /// repeated envelope member or an envelope member that is not a string.
  public static func scan(_ bytes: UnsafeRawBufferPointer) throws -> RecordFields {
    var scanner = JSONScanner(bytes)
    var fields = RecordFields()
    try scanner.expect(UInt8(ascii: "{"), "a record to be a JSON object")
    if !scanner.consume(UInt8(ascii: "}")) {
      repeat {
        scanner.skipWhitespace()
        guard scanner.peek == UInt8(ascii: "\"") else {
          throw scanner.error("expected a string object key")
        }
        let keyOffset = scanner.position
        let name = try scanner.scanString(decode: true) ?? ""
        try scanner.expect(UInt8(ascii: ":"), "':' after an object key")
        guard let slot = envelopeSlot(name) else {
          try scanner.skipValue(depth: 1)
          continue
        }
        guard fields[keyPath: slot] == nil else {
          throw JSONSyntaxError(offset: keyOffset, reason: "duplicate member \"\(name)\"")
        }
        scanner.skipWhitespace()
        guard scanner.peek == UInt8(ascii: "\"") else {
          throw scanner.error("\"\(name)\" must be a string")
        }
        fields[keyPath: slot] = try scanner.scanString(decode: true)
      } while scanner.consume(UInt8(ascii: ","))
      try scanner.expect(UInt8(ascii: "}"), "',' or '}' in the record object")
    }
    try scanner.expectEnd()
    return fields
  }

  /// Scans one record held in an array.
  public static func scan(_ bytes: [UInt8]) throws -> RecordFields {
    try bytes.withUnsafeBytes { try scan($0) }
  }

  private static func envelopeSlot(_ name: String) -> WritableKeyPath<RecordFields, String?>? {
    switch name {
    case "entity": return \.entity
    case "key": return \.key
    case "updated_at": return \.updatedAt
    case "cursor": return \.cursor
    default: return nil
    }
  }
}
