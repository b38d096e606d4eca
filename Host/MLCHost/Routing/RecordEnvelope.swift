/// The few top-level fields of a canonical record the host needs, read without parsing the
/// rest: the router passes record bytes through untouched and must stay fast (Foundation's
/// JSONSerialization parses only ~78k records/s here).
///
/// `scan` validates the whole record as a JSON object (strings, numbers, literals, nesting)
/// so a malformed record is caught at the host boundary, and extracts `entity`, `key`,
/// `updated_at`, `cursor` and the string values inside `refs`.
struct RecordEnvelope: Equatable {
  /// One member of `refs`: which record this one points at. A named struct, not a tuple:
  /// arrays of tuples look their type metadata up at run time, on every record.
  struct Reference: Equatable {
    let name: String
    let key: String
  }

  var entity: String?
  var key: String?
  var updatedAt: String?
  var cursor: String?
  var refs: [RecordEnvelope.Reference] = []

  /// The value the host orders and checkpoints by: `cursor` when present, else `updated_at`.
  var cursorValue: String? { cursor ?? updatedAt }

  /// Why a record is not a usable canonical record.
  struct Malformed: Error, CustomStringConvertible {
    let offset: Int
    let reason: String
    var description: String { "\(reason) at byte \(offset)" }
  }

  /// The top-level keys `scan` extracts, in the order of its `switch`.
  private static let fieldNames: [StaticString] = ["entity", "key", "updated_at", "cursor", "refs"]

  /// Scans one record. Throws `Malformed` naming the byte offset of the first problem.
  static func scan(_ bytes: UnsafeRawBufferPointer) throws -> RecordEnvelope {
    var scanner = JSONScanner(bytes)
    var envelope = RecordEnvelope()
    try scanner.skipWhitespace()
    try scanner.expect(UInt8(ascii: "{"), "a record must be a JSON object")
    try scanner.skipWhitespace()
    if scanner.peek() == UInt8(ascii: "}") {
      scanner.advance()
    } else {
      while true {
        try scanner.skipWhitespace()
        let field = try scanner.readKey(matching: Self.fieldNames)
        try scanner.skipWhitespace()
        try scanner.expect(UInt8(ascii: ":"), "expected ':' after an object key")
        try scanner.skipWhitespace()
        switch field {
        case 0: envelope.entity = try scanner.readStringValue(field: "entity")
        case 1: envelope.key = try scanner.readStringValue(field: "key")
        case 2: envelope.updatedAt = try scanner.readStringValue(field: "updated_at")
        case 3: envelope.cursor = try scanner.readStringValue(field: "cursor")
        case 4: envelope.refs = try scanner.readRefs()
        default: try scanner.skipValue(depth: 1)
        }
        try scanner.skipWhitespace()
        let next = try scanner.take()
        if next == UInt8(ascii: "}") { break }
        if next != UInt8(ascii: ",") { throw scanner.failure("expected ',' or '}' in the record object") }
      }
    }
    try scanner.skipWhitespace()
    if !scanner.atEnd { throw scanner.failure("unexpected bytes after the record object") }
    return envelope
  }

  static func scan(_ bytes: [UInt8]) throws -> RecordEnvelope {
    try bytes.withUnsafeBytes { try scan($0) }
  }
}
