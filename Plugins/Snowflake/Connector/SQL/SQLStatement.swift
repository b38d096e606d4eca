/// One SQL statement with its positional bindings, ready for the SQL API.
///
/// The text holds only identifiers the connector resolved and `?` placeholders; every value
/// travels in `bindings` (as `TEXT`, converted in the statement), so a vendor named
/// `'); DROP TABLE VENDORS; --` is data, never SQL.
struct SQLStatement: Sendable {
  /// The SQL text with `?` placeholders.
  var text: String
  /// Values for placeholders 1, 2, ... in order; nil binds NULL.
  var bindings: [String?]
  /// What the statement does, for logs and errors: `MERGE into VENDORS (250 rows)`.
  var summary: String

  init(_ text: String, bindings: [String?] = [], summary: String) {
    self.text = text
    self.bindings = bindings
    self.summary = summary
  }
}
