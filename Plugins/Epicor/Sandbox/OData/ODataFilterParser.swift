import Foundation
import MLCSandboxKit

/// Parses `$filter` text into an `ODataExpression`, failing with the 400 `ODataException`
/// Epicor answers for malformed filters ("Syntax error at position 9 in 'PONum eq'.").
///
/// Strings are single-quoted with `''` as the escaped quote [V EPI-DOCS, EPI-PO]; keywords
/// and function names are case-sensitive lower case, as in OData.
struct ODataFilterParser {
  private let text: String
  private let characters: [Character]
  private var position = 0

  private static let functions: Set<String> = [
    "contains", "startswith", "endswith", "substringof", "tolower", "toupper", "trim", "length", "year", "month", "day",
  ]

  /// Parses `text`; throws `EpicorError` (400) on any syntax error.
  static func parse(_ text: String) throws -> ODataExpression {
    var parser = ODataFilterParser(text: text)
    parser.skipSpaces()
    guard !parser.atEnd else { throw parser.error("Expression expected") }
    let expression = try parser.parseOr()
    parser.skipSpaces()
    guard parser.atEnd else { throw parser.error("Syntax error") }
    return expression
  }

  private init(text: String) {
    self.text = text
    self.characters = Array(text)
  }

  private var atEnd: Bool { position >= characters.count }

  private mutating func parseOr() throws -> ODataExpression {
    var left = try parseAnd()
    while matchKeyword("or") { left = .or(left, try parseAnd()) }
    return left
  }

  private mutating func parseAnd() throws -> ODataExpression {
    var left = try parseNot()
    while matchKeyword("and") { left = .and(left, try parseNot()) }
    return left
  }

  private mutating func parseNot() throws -> ODataExpression {
    if matchKeyword("not") { return .not(try parseNot()) }
    return try parseComparison()
  }

  private mutating func parseComparison() throws -> ODataExpression {
    let left = try parsePrimary()
    for op in [ODataComparison.eq, .ne, .gt, .ge, .lt, .le] where matchKeyword(op.rawValue) {
      return .comparison(op, left, try parsePrimary())
    }
    return left
  }

  private mutating func parsePrimary() throws -> ODataExpression {
    skipSpaces()
    guard !atEnd else { throw error("Expression expected") }
    let character = characters[position]
    if character == "(" {
      position += 1
      let inner = try parseOr()
      skipSpaces()
      guard !atEnd, characters[position] == ")" else { throw error("')' or operator expected") }
      position += 1
      return inner
    }
    if character == "'" { return .literal(.string(try readQuoted())) }
    if character.isNumber || (character == "-" && position + 1 < characters.count && characters[position + 1].isNumber) {
      return .literal(try readNumberOrDate())
    }
    guard character.isLetter || character == "_" else {
      throw error("Syntax error: character '\(character)' is not valid")
    }
    let start = position
    let word = readIdentifier()
    switch word {
    case "true": return .literal(.bool(true))
    case "false": return .literal(.bool(false))
    case "null": return .literal(.null)
    case "datetime" where peek("'"), "datetimeoffset" where peek("'"):
      let inner = try readQuoted()
      guard let time = SandboxDateTime.parse(inner) else { throw error("Unrecognized '\(word)' literal '\(inner)'", at: start) }
      return .literal(.dateTime(time))
    default: break
    }
    skipSpaces()
    if peek("(") {
      guard Self.functions.contains(word) else { throw error("Unknown function '\(word)'", at: start) }
      position += 1
      var arguments: [ODataExpression] = []
      skipSpaces()
      if !peek(")") {
        repeat { arguments.append(try parseOr()); skipSpaces() } while consume(",")
      }
      guard consume(")") else { throw error("')' or ',' expected") }
      return .call(word, arguments)
    }
    return .property(word)
  }

  /// Reads `'...'` with `''` as an escaped quote, starting at the opening quote.
  private mutating func readQuoted() throws -> String {
    let start = position
    position += 1
    var value = ""
    while position < characters.count {
      let character = characters[position]
      position += 1
      if character == "'" {
        if peek("'") {
          value.append("'")
          position += 1
          continue
        }
        return value
      }
      value.append(character)
    }
    throw error("There is an unterminated string literal", at: start)
  }

  /// Reads an integer, a decimal (optionally suffixed `M`/`m`/`d`), a bare date or date-time.
  private mutating func readNumberOrDate() throws -> ODataLiteral {
    let start = position
    while position < characters.count, characters[position].isNumber || "-.:+TZtz".contains(characters[position]) {
      position += 1
    }
    let token = String(characters[start..<position])
    if token.count >= 10, token.dropFirst(4).first == "-" {
      guard let time = SandboxDateTime.parse(token) else { throw error("Unrecognized date-time literal '\(token)'", at: start) }
      return .dateTime(time)
    }
    if let suffix = characters[safe: position], "MmDd".contains(suffix) { position += 1 }
    if let number = Int(token) { return .int(number) }
    if let number = Money.parse(token), !token.contains(where: { $0 == ":" || $0 == "T" || $0 == "Z" }) {
      return .decimal(number)
    }
    throw error("Syntax error: '\(token)' is not a valid number", at: start)
  }

  private mutating func readIdentifier() -> String {
    let start = position
    while position < characters.count,
          characters[position].isLetter || characters[position].isNumber || characters[position] == "_" || characters[position] == "/" {
      position += 1
    }
    return String(characters[start..<position])
  }

  /// Consumes `keyword` when it is the next word (followed by a space or `(`).
  private mutating func matchKeyword(_ keyword: String) -> Bool {
    skipSpaces()
    let end = position + keyword.count
    guard end <= characters.count, String(characters[position..<end]) == keyword else { return false }
    if end < characters.count, !(characters[end] == " " || characters[end] == "(") { return false }
    position = end
    return true
  }

  private mutating func skipSpaces() {
    while position < characters.count, characters[position] == " " || characters[position] == "\t" { position += 1 }
  }

  private func peek(_ character: Character) -> Bool {
    position < characters.count && characters[position] == character
  }

  private mutating func consume(_ character: Character) -> Bool {
    skipSpaces()
    guard peek(character) else { return false }
    position += 1
    return true
  }

  private func error(_ message: String, at where: Int? = nil) -> EpicorError {
    EpicorError.odata("\(message) at position \(`where` ?? position) in '\(text)'.")
  }
}

extension Array {
  /// The element at `index`, or `nil` when out of range.
  subscript(safe index: Int) -> Element? {
    indices.contains(index) ? self[index] : nil
  }
}
