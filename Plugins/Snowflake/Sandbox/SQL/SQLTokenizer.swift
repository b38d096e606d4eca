/// Splits a statement into tokens following Snowflake's lexical rules.
///
/// - Unquoted identifiers match `[A-Za-z_][A-Za-z0-9_$]*` and resolve upper-cased; quoted
///   identifiers keep case and use `""` for a quote (docs.snowflake.com/en/sql-reference/
///   identifiers-syntax).
/// - String literals are single-quoted with `''` or backslash escapes, or `$$`-delimited
///   (docs.snowflake.com/en/sql-reference/data-types-text#string-constants).
/// - Comments are `--`, `//` (to end of line) and `/* */`.
///
/// An unterminated literal or an unknown character is a `001003` syntax error at its position.
struct SQLTokenizer {
  private let chars: [Character]
  private var index = 0
  private var line = 1
  private var lineStart = 0
  private var nextPlaceholder = 1

  /// Creates a tokenizer over `text`.
  init(_ text: String) {
    chars = Array(text)
  }

  /// Tokenizes the whole statement; the last token is always `.end`.
  static func tokenize(_ text: String) throws -> [SQLToken] {
    var tokenizer = SQLTokenizer(text)
    var tokens: [SQLToken] = []
    while true {
      let token = try tokenizer.next()
      tokens.append(token)
      if token.kind == .end { return tokens }
    }
  }

  private var position: SourcePosition { SourcePosition(line: line, column: index - lineStart) }

  private func peek(_ offset: Int = 0) -> Character? {
    index + offset < chars.count ? chars[index + offset] : nil
  }

  private mutating func advance() {
    if chars[index] == "\n" {
      line += 1
      lineStart = index + 1
    }
    index += 1
  }

  private mutating func skipTrivia() throws {
    while let char = peek() {
      if char.isWhitespace {
        advance()
      } else if (char == "-" && peek(1) == "-") || (char == "/" && peek(1) == "/") {
        while let next = peek(), next != "\n" { advance() }
      } else if char == "/" && peek(1) == "*" {
        let start = position
        advance(); advance()
        while !(peek() == "*" && peek(1) == "/") {
          guard peek() != nil else { throw SnowflakeSQLError.syntax(start, found: "/*") }
          advance()
        }
        advance(); advance()
      } else {
        return
      }
    }
  }

  /// Reads the next token.
  mutating func next() throws -> SQLToken {
    try skipTrivia()
    let start = index
    let startPosition = position
    func token(_ kind: SQLToken.Kind) -> SQLToken {
      SQLToken(kind: kind, text: String(chars[start..<index]), position: startPosition, start: start, end: index)
    }
    guard let char = peek() else { return token(.end) }
    if char.isASCII && (char.isLetter || char == "_") {
      while let next = peek(), next.isASCII, next.isLetter || next.isNumber || next == "_" || next == "$" { advance() }
      return token(.word(upper: String(chars[start..<index]).uppercased()))
    }
    if char == "\"" { return token(.quoted(try readQuoted(startPosition))) }
    if char == "'" { return token(.string(try readString(startPosition))) }
    if char == "$" && peek(1) == "$" { return token(.string(try readDollarString(startPosition))) }
    if char.isASCII && char.isNumber || (char == "." && peek(1)?.isNumber == true) {
      readNumber()
      return token(.number(String(chars[start..<index])))
    }
    if char == "?" {
      advance()
      defer { nextPlaceholder += 1 }
      return token(.placeholder(nextPlaceholder))
    }
    if char == ":" && peek(1)?.isNumber == true {
      advance()
      var digits = ""
      while let next = peek(), next.isASCII, next.isNumber { digits.append(next); advance() }
      return token(.placeholder(Int(digits)))
    }
    for symbol in ["<>", "!=", "<=", ">=", "::", "||"] where peek() == symbol.first && peek(1) == symbol.last {
      advance(); advance()
      return token(.symbol(symbol))
    }
    if "(),.;*=<>+-/".contains(char) {
      advance()
      return token(.symbol(String(char)))
    }
    throw SnowflakeSQLError.syntax(startPosition, found: String(char))
  }

  private mutating func readNumber() {
    while let next = peek(), next.isASCII, next.isNumber { advance() }
    if peek() == ".", peek(1)?.isNumber == true || !(peek(1)?.isLetter ?? false) {
      advance()
      while let next = peek(), next.isASCII, next.isNumber { advance() }
    }
    if let e = peek(), e == "e" || e == "E" {
      let sign = peek(1) == "+" || peek(1) == "-" ? 1 : 0
      if peek(1 + sign)?.isNumber == true {
        for _ in 0...sign { advance() }
        while let next = peek(), next.isASCII, next.isNumber { advance() }
      }
    }
  }

  private mutating func readQuoted(_ start: SourcePosition) throws -> String {
    advance()
    var value = ""
    while true {
      guard let char = peek() else { throw SnowflakeSQLError.syntax(start, found: "\"") }
      advance()
      if char == "\"" {
        if peek() == "\"" { value.append("\""); advance(); continue }
        return value
      }
      value.append(char)
    }
  }

  private mutating func readString(_ start: SourcePosition) throws -> String {
    advance()
    var value = ""
    while true {
      guard let char = peek() else { throw SnowflakeSQLError.syntax(start, found: "'") }
      advance()
      switch char {
      case "'":
        if peek() == "'" { value.append("'"); advance(); continue }
        return value
      case "\\":
        guard let escaped = peek() else { throw SnowflakeSQLError.syntax(start, found: "'") }
        advance()
        switch escaped {
        case "n": value.append("\n")
        case "t": value.append("\t")
        case "r": value.append("\r")
        case "0": value.append("\0")
        case "b": value.append("\u{8}")
        case "f": value.append("\u{c}")
        default: value.append(escaped)
        }
      default:
        value.append(char)
      }
    }
  }

  private mutating func readDollarString(_ start: SourcePosition) throws -> String {
    advance(); advance()
    var value = ""
    while !(peek() == "$" && peek(1) == "$") {
      guard let char = peek() else { throw SnowflakeSQLError.syntax(start, found: "$$") }
      value.append(char)
      advance()
    }
    advance(); advance()
    return value
  }
}
