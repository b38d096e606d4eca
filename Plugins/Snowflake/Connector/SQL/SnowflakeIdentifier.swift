/// A table, column or context name (warehouse, database, schema, role) resolved the way
/// Snowflake resolves it, and written into SQL so that it means exactly that.
///
/// Snowflake's rules (docs.snowflake.com/en/sql-reference/identifiers-syntax, SYSTEMS.md §3.7):
/// an unquoted identifier matches `[A-Za-z_][A-Za-z0-9_$]*` and is stored and resolved in
/// upper case; a double-quoted identifier keeps its case and may hold any character, with
/// `""` escaping a quote; at most 255 characters. The connector normalizes rather than
/// guesses: a name from the config that would be valid unquoted is upper-cased (`vendors`
/// → `VENDORS`, as Snowflake itself would store it), a name written with surrounding
/// double quotes in the config (`"\"MixedCase\""`) keeps its case, and any other name
/// (spaces, accents, a leading digit) keeps its text as given. In SQL the name is written
/// bare when it is plain upper case and not a reserved keyword
/// (docs.snowflake.com/en/sql-reference/reserved-keywords), and double-quoted otherwise,
/// so `"ORDER"` and `"Vendor Master"` work as table or column names.
struct SnowflakeIdentifier: Hashable, Sendable, CustomStringConvertible {
  /// The name as Snowflake stores it (what `SHOW` prints and the SQL API's `database`,
  /// `schema`, `warehouse` and `role` fields must match exactly).
  let name: String

  /// Wraps an already-resolved name.
  init(resolved name: String) {
    self.name = name
  }

  /// Resolves a name as the user wrote it in the config; nil when it is empty, longer than
  /// 255 characters, or a quoted name with a stray quote inside.
  init?(configured text: String) {
    if text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") {
      let inner = String(text.dropFirst().dropLast())
      // Inside quotes a quote must be doubled; a single one would end the identifier early.
      guard !inner.isEmpty, inner.replacingOccurrences(of: "\"\"", with: "").firstIndex(of: "\"") == nil else {
        return nil
      }
      name = inner.replacingOccurrences(of: "\"\"", with: "\"")
    } else if Self.isUnquotedForm(text) {
      name = text.uppercased()
    } else {
      name = text
    }
    guard !name.isEmpty, name.count <= 255 else { return nil }
  }

  /// The identifier as written in SQL: bare when that resolves to the same name, else
  /// double-quoted with inner quotes doubled.
  var sql: String {
    if Self.isUnquotedForm(name) && name == name.uppercased() && !Self.reserved.contains(name) {
      return name
    }
    return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  var description: String { sql }

  /// Whether `text` may be written without quotes: `[A-Za-z_][A-Za-z0-9_$]*`, ASCII only.
  static func isUnquotedForm(_ text: String) -> Bool {
    var bytes = text.utf8.makeIterator()
    guard let first = bytes.next(), isLetter(first) || first == UInt8(ascii: "_") else { return false }
    while let byte = bytes.next() {
      guard isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") else {
        return false
      }
    }
    return true
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  /// Snowflake's reserved and limited keywords (the docs' "Reserved & limited keywords"
  /// table). A limited one is quoted too: quoting an upper-case name never changes what
  /// it resolves to, and it keeps DDL valid wherever the keyword's limits would bite.
  static let reserved: Set<String> = [
    "ACCOUNT", "ALL", "ALTER", "AND", "ANY", "AS", "BETWEEN", "BY", "CASE", "CAST", "CHECK",
    "COLUMN", "CONNECT", "CONNECTION", "CONSTRAINT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE",
    "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DATABASE", "DELETE", "DISTINCT", "DROP",
    "ELSE", "EXISTS", "FALSE", "FOLLOWING", "FOR", "FROM", "FULL", "GRANT", "GROUP", "GSCLUSTER",
    "HAVING", "ILIKE", "IN", "INCREMENT", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "ISSUE",
    "JOIN", "LATERAL", "LEFT", "LIKE", "LOCALTIME", "LOCALTIMESTAMP", "MINUS", "NATURAL", "NOT",
    "NULL", "OF", "ON", "OR", "ORDER", "ORGANIZATION", "QUALIFY", "REGEXP", "REVOKE", "RIGHT",
    "RLIKE", "ROW", "ROWS", "SAMPLE", "SCHEMA", "SELECT", "SET", "SOME", "START", "TABLE",
    "TABLESAMPLE", "THEN", "TO", "TRIGGER", "TRUE", "TRY_CAST", "UNION", "UNIQUE", "UPDATE",
    "USING", "VALUES", "VIEW", "WHEN", "WHENEVER", "WHERE", "WINDOW", "WITH",
  ]
}
