/// The OData system query options of one request: `$filter`, `$select`, `$expand` (with nested
/// options, `PODetails($select=POLine;$filter=...)`), `$orderby`, `$top`, `$skip` and
/// `$count` (also spelled `$inlinecount=allpages`, which the v1 Swagger lists [V SNO]).
///
/// Option names are case-sensitive [V SNO Swagger: "OData $-parameters data are
/// case-sensitive"]; an unknown `$` option is a 400, as in Microsoft.OData. Parameters without
/// `$` (such as `api-key`) are not OData's business and are ignored here.
struct ODataQuery: Sendable {
  var filter: ODataExpression?
  var select: [String]?
  var expand: [ODataExpandItem] = []
  var orderBy: [ODataOrderItem] = []
  var top: Int?
  var skip = 0
  var count = false

  /// Parses the query items of a request.
  static func parse(_ items: [(name: String, value: String)]) throws -> ODataQuery {
    var query = ODataQuery()
    var seen = Set<String>()
    for item in items where item.name.hasPrefix("$") {
      guard seen.insert(item.name).inserted else {
        throw EpicorError.odata("Query option '\(item.name)' was specified more than once, but it must be specified at most once.")
      }
      try query.apply(item.name, item.value)
    }
    return query
  }

  /// Parses nested options written as `$select=A;$filter=B eq 1` inside `$expand=Nav(...)`.
  static func parseNested(_ text: String) throws -> ODataQuery {
    var query = ODataQuery()
    for part in splitTopLevel(text, separator: ";") where !part.isEmpty {
      guard let equals = part.firstIndex(of: "=") else { throw EpicorError.odata("Invalid nested query option '\(part)'.") }
      try query.apply(String(part[..<equals]).trimmed, String(part[part.index(after: equals)...]))
    }
    return query
  }

  private mutating func apply(_ name: String, _ value: String) throws {
    switch name {
    case "$filter": filter = try ODataFilterParser.parse(value)
    case "$select":
      let names = Self.splitTopLevel(value, separator: ",").map(\.trimmed).filter { !$0.isEmpty }
      select = names.contains("*") ? nil : names
    case "$expand":
      expand = try Self.splitTopLevel(value, separator: ",").map(\.trimmed).filter { !$0.isEmpty }.map(ODataExpandItem.parse)
    case "$orderby":
      orderBy = try Self.splitTopLevel(value, separator: ",").map(\.trimmed).filter { !$0.isEmpty }.map(ODataOrderItem.parse)
    case "$top": top = try Self.nonNegative(value, name)
    case "$skip": skip = try Self.nonNegative(value, name)
    case "$count":
      switch value.lowercased() {
      case "true": count = true
      case "false": count = false
      default: throw EpicorError.odata("'\(value)' is not a valid count option.")
      }
    case "$inlinecount": count = value.lowercased() == "allpages"
    case "$format":
      guard value.lowercased().contains("json") else { throw EpicorError.odata("The format '\(value)' is not supported.") }
    default:
      throw EpicorError.odata("The query parameter '\(name)' is not supported.")
    }
  }

  private static func nonNegative(_ value: String, _ name: String) throws -> Int {
    guard let number = Int(value.trimmed), number >= 0 else {
      throw EpicorError.odata("Invalid value '\(value)' for \(name) query option found. The \(name) query option requires a non-negative integer value.")
    }
    return number
  }

  /// Splits on `separator` outside parentheses and quotes.
  static func splitTopLevel(_ text: String, separator: Character) -> [String] {
    var parts: [String] = []
    var current = ""
    var depth = 0
    var inQuote = false
    for character in text {
      if character == "'" { inQuote.toggle() }
      if !inQuote {
        if character == "(" { depth += 1 }
        if character == ")" { depth -= 1 }
        if character == separator && depth == 0 {
          parts.append(current)
          current = ""
          continue
        }
      }
      current.append(character)
    }
    parts.append(current)
    return parts
  }
}

/// One `$expand` item: a navigation name and its nested options.
struct ODataExpandItem: Sendable {
  var name: String
  var options: ODataQuery

  static func parse(_ text: String) throws -> ODataExpandItem {
    guard let open = text.firstIndex(of: "(") else { return ODataExpandItem(name: text, options: ODataQuery()) }
    guard text.hasSuffix(")") else { throw EpicorError.odata("Missing ')' in $expand item '\(text)'.") }
    let inner = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
    return ODataExpandItem(name: String(text[..<open]).trimmed, options: try ODataQuery.parseNested(inner))
  }
}

/// One `$orderby` item.
struct ODataOrderItem: Sendable, Equatable {
  var field: String
  var descending: Bool

  static func parse(_ text: String) throws -> ODataOrderItem {
    let words = text.split(separator: " ").map(String.init)
    switch words.count {
    case 1: return ODataOrderItem(field: words[0], descending: false)
    case 2 where words[1] == "asc" || words[1] == "desc": return ODataOrderItem(field: words[0], descending: words[1] == "desc")
    default: throw EpicorError.odata("Syntax error in $orderby item '\(text)'; expected 'Property [asc|desc]'.")
    }
  }
}

extension String {
  /// The string without surrounding spaces.
  var trimmed: String {
    var view = Substring(self)
    while view.first == " " { view = view.dropFirst() }
    while view.last == " " { view = view.dropLast() }
    return String(view)
  }
}
