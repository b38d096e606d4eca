/// Where a token starts in the statement text, as Snowflake reports it in errors: the line
/// counts from 1 and the position is the 0-based column within that line.
struct SourcePosition: Equatable, Sendable {
  var line: Int
  var column: Int
}

/// One lexical token of a Snowflake SQL statement.
struct SQLToken: Equatable, Sendable {
  /// What kind of token this is, with its decoded value.
  enum Kind: Equatable, Sendable {
    /// An unquoted identifier or keyword; `text` keeps the spelling, `upper` is how Snowflake
    /// stores and resolves it.
    case word(upper: String)
    /// A double-quoted identifier, with `""` already collapsed; case is kept.
    case quoted(String)
    /// A single-quoted or `$$` string literal, escapes decoded.
    case string(String)
    /// A numeric literal as written (`12`, `10.50`, `1e3`).
    case number(String)
    /// A `?` placeholder (index assigned in order of appearance) or `:N`.
    case placeholder(Int?)
    /// Punctuation and operators: `( ) , . ; * = <> != < > <= >= :: + - / ||`.
    case symbol(String)
    case end
  }

  let kind: Kind
  /// The token as written in the statement (for error messages and column names).
  let text: String
  let position: SourcePosition
  /// Offsets of the token in the statement's characters, for slicing source spans.
  let start: Int
  let end: Int

  /// Whether the token is the unquoted keyword `keyword` (given in upper case).
  func isKeyword(_ keyword: String) -> Bool {
    if case .word(let upper) = kind { return upper == keyword }
    return false
  }

  /// Whether the token is the symbol `symbol`.
  func isSymbol(_ symbol: String) -> Bool {
    if case .symbol(let text) = kind { return text == symbol }
    return false
  }

  /// The token as Snowflake quotes it in "unexpected '...'" messages.
  var errorText: String {
    if case .end = kind { return "<EOF>" }
    return text
  }
}
