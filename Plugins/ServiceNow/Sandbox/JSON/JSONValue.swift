/// A JSON document as the sandbox reads and writes it.
///
/// Objects keep their members in the order written, so responses come out in a stable order
/// and "the first record" in an import body means what the client meant. Numbers keep their
/// literal text: the Import Set API stores every value as a string, and `12.50` must stay
/// `12.50` rather than become `12.5`.
enum JSONValue: Sendable {
  case null
  case bool(Bool)
  /// A number as written on the wire (`12.50`, `-3e2`).
  case number(String)
  case string(String)
  case array([JSONValue])
  /// Members in document order; a repeated name keeps every occurrence.
  case object([(String, JSONValue)])

  /// An object built from string pairs, in order.
  static func strings(_ pairs: [(String, String)]) -> JSONValue {
    .object(pairs.map { ($0.0, .string($0.1)) })
  }

  /// The members when this is an object.
  var objectMembers: [(String, JSONValue)]? {
    if case .object(let members) = self { return members }
    return nil
  }

  /// The elements when this is an array.
  var arrayElements: [JSONValue]? {
    if case .array(let elements) = self { return elements }
    return nil
  }

  /// The value of the first member named `name` when this is an object.
  subscript(_ name: String) -> JSONValue? {
    objectMembers?.first { $0.0 == name }?.1
  }

  /// The value as the Import Set and Table APIs store it: a string.
  ///
  /// ServiceNow coerces non-string values rather than rejecting them; nested objects are
  /// flattened the way a Java `Map.toString()` prints them, which is why the Import Set API
  /// doc warns that "the ':' notion of the nested JSON object is changed to '='".
  var coercedString: String {
    switch self {
    case .null: return ""
    case .bool(let flag): return flag ? "true" : "false"
    case .number(let text): return text
    case .string(let text): return text
    case .array(let elements): return "[" + elements.map(\.coercedString).joined(separator: ", ") + "]"
    case .object(let members): return "{" + members.map { "\($0.0)=\($0.1.coercedString)" }.joined(separator: ", ") + "}"
    }
  }

  /// The value serialized as compact JSON text.
  var serialized: String {
    var output = ""
    write(to: &output)
    return output
  }

  /// Appends the compact serialization of this value to `output`.
  private func write(to output: inout String) {
    switch self {
    case .null: output += "null"
    case .bool(let flag): output += flag ? "true" : "false"
    case .number(let text): output += text
    case .string(let text): JSONValue.writeQuoted(text, to: &output)
    case .array(let elements):
      output += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { output += "," }
        element.write(to: &output)
      }
      output += "]"
    case .object(let members):
      output += "{"
      for (index, member) in members.enumerated() {
        if index > 0 { output += "," }
        JSONValue.writeQuoted(member.0, to: &output)
        output += ":"
        member.1.write(to: &output)
      }
      output += "}"
    }
  }

  /// Appends `text` as a JSON string literal, escaping quotes, backslashes and controls.
  static func writeQuoted(_ text: String, to output: inout String) {
    output += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case let control where control.value < 0x20:
        let hex = String(control.value, radix: 16)
        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: output.unicodeScalars.append(scalar)
      }
    }
    output += "\""
  }
}
