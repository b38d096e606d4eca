/// A JSON document built in a fixed key order, so responses read like the vendor's examples.
indirect enum JSONValue: Sendable {
  case string(String)
  case integer(Int64)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([(String, JSONValue)])

  /// A string, or null when nil.
  static func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }

  /// An integer, or null when nil.
  static func optional(_ number: Int?) -> JSONValue { number.map { .integer(Int64($0)) } ?? .null }

  /// The compact serialization.
  var text: String {
    var output = ""
    write(to: &output)
    return output
  }

  private func write(to output: inout String) {
    switch self {
    case .string(let value): output += ValueFormatter.quoted(value)
    case .integer(let value): output += String(value)
    case .bool(let value): output += value ? "true" : "false"
    case .null: output += "null"
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
        output += ValueFormatter.quoted(member.0) + ":"
        member.1.write(to: &output)
      }
      output += "}"
    }
  }
}
