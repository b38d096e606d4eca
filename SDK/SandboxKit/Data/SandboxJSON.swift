import Foundation

/// A JSON value that keeps numbers as the text they were written as, so a sandbox can read
/// `1234.50` into a `Decimal` exactly and echo what a client sent without a binary-float detour.
///
/// Foundation's `JSONSerialization` turns `0.1` into a `Double` before anyone can see the
/// digits; vendor APIs carry money as JSON numbers, so sandboxes parse bodies with this instead.
/// Objects keep their members in the order written (the last one wins on lookup when a key
/// repeats, as most JSON readers do).
///
/// ```swift
/// let body = try SandboxJSON.parse(request.body)
/// let amount = body["ds"]?["APInvHed"]?[0]?["DocInvoiceAmt"]?.decimalValue   // 1234.50, exact
/// ```
public enum SandboxJSON: Sendable, Equatable {
  case null
  case bool(Bool)
  /// A number, as the literal text from the document (`-12.50`, `3e2`).
  case number(String)
  case string(String)
  case array([SandboxJSON])
  case object([Member])

  /// One member of an object.
  public struct Member: Sendable, Equatable {
    public var key: String
    public var value: SandboxJSON

    public init(_ key: String, _ value: SandboxJSON) {
      self.key = key
      self.value = value
    }
  }

  /// Why a document could not be parsed, and where.
  public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The byte offset of the problem in the document.
    public var offset: Int
    public var reason: String

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
  }

  /// Parses a UTF-8 document; throws `ParseError` for anything that is not exactly one JSON
  /// value surrounded by optional whitespace.
  public static func parse(_ bytes: [UInt8]) throws -> SandboxJSON {
    var parser = SandboxJSONParser(bytes: bytes)
    return try parser.parseDocument()
  }

  /// Parses a string; see `parse(_:)`.
  public static func parse(_ text: String) throws -> SandboxJSON {
    try parse(Array(text.utf8))
  }

  /// The member `key` of an object (the last one, if repeated); `nil` for other values.
  public subscript(key: String) -> SandboxJSON? {
    guard case .object(let members) = self else { return nil }
    return members.last { $0.key == key }?.value
  }

  /// The element at `index` of an array; `nil` when out of range or not an array.
  public subscript(index: Int) -> SandboxJSON? {
    guard case .array(let items) = self, items.indices.contains(index) else { return nil }
    return items[index]
  }

  /// The members of an object, or `nil`.
  public var members: [Member]? {
    if case .object(let members) = self { return members }
    return nil
  }

  /// The elements of an array, or `nil`.
  public var items: [SandboxJSON]? {
    if case .array(let items) = self { return items }
    return nil
  }

  /// The text of a string value, or `nil`.
  public var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// A boolean value, or `nil`.
  public var boolValue: Bool? {
    if case .bool(let flag) = self { return flag }
    return nil
  }

  /// A number that is a whole number in `Int` range, or `nil` (`2.0` is not an `Int` here).
  public var intValue: Int? {
    if case .number(let text) = self { return Int(text) }
    return nil
  }

  /// A number as an exact `Decimal`, or `nil`.
  public var decimalValue: Decimal? {
    if case .number(let text) = self { return Money.parse(text) }
    return nil
  }

  /// Whether this is `null`.
  public var isNull: Bool { self == .null }

  /// The value as compact JSON text; numbers are written back exactly as they were read.
  public var serialized: String {
    var output = ""
    write(to: &output)
    return output
  }

  /// Appends the compact JSON text of this value to `output`.
  public func write(to output: inout String) {
    switch self {
    case .null: output += "null"
    case .bool(let flag): output += flag ? "true" : "false"
    case .number(let text): output += text
    case .string(let text): output += Self.quoted(text)
    case .array(let items):
      output += "["
      for (index, item) in items.enumerated() {
        if index > 0 { output += "," }
        item.write(to: &output)
      }
      output += "]"
    case .object(let members):
      output += "{"
      for (index, member) in members.enumerated() {
        if index > 0 { output += "," }
        output += Self.quoted(member.key)
        output += ":"
        member.value.write(to: &output)
      }
      output += "}"
    }
  }

  /// `text` as a JSON string literal, quotes included; non-ASCII is written as UTF-8, not
  /// escaped, as vendor APIs do.
  public static func quoted(_ text: String) -> String {
    // Most values need no escaping; copying them whole is several times faster.
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
      return "\"" + text + "\""
    }
    var result = "\""
    result.reserveCapacity(text.utf8.count + 2)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case let control where control.value < 0x20:
        let hex = String(control.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
