import MLCPluginKit

/// One row of an Epicor tableset as the REST API returns it (`{"PONum":4711,...}`), with
/// typed reads that treat Epicor's empty values as absent.
///
/// Epicor fills every column of a row: an unset string is `""`, an unset date `null`, an
/// unset foreign number `0`. Canonical records leave unknown fields out, so the accessors
/// return nil for those. Numbers keep their exact JSON text (`decimal`).
struct EpicorRow {
  let members: [String: JSONValue]

  /// Wraps the members of one row object.
  init(_ members: [String: JSONValue]) {
    self.members = members
  }

  /// The row's value for `name`, or nil when absent or `null`.
  func value(_ name: String) -> JSONValue? {
    guard let value = members[name], value != .null else { return nil }
    return value
  }

  /// A non-empty string column, exactly as written (no trimming: names keep their spaces).
  func string(_ name: String) -> String? {
    guard case .string(let text)? = value(name), !text.isEmpty else { return nil }
    return text
  }

  /// The first of `names` that holds a non-empty string.
  func string(anyOf names: [String]) -> String? {
    for name in names { if let text = string(name) { return text } }
    return nil
  }

  /// A number column as canonical decimal text (`"1234.50"`), also accepting a number
  /// written as a string.
  func decimal(_ name: String) -> String? {
    switch value(name) {
    case .number(let text)?: return DecimalText.canonical(text)
    case .string(let text)?: return DecimalText.canonical(text)
    default: return nil
    }
  }

  /// An integer column (`VendorNum`, `POLine`), also accepting digits written as a string.
  func int(_ name: String) -> Int? {
    switch value(name) {
    case .number(let text)?: return Int(text)
    case .string(let text)?: return Int(text)
    default: return nil
    }
  }

  /// A non-zero integer column: Epicor writes `0` for "no PO", "no vendor".
  func nonZeroInt(_ name: String) -> Int? {
    guard let number = int(name), number != 0 else { return nil }
    return number
  }

  /// A boolean column, or nil.
  func bool(_ name: String) -> Bool? {
    if case .bool(let flag)? = value(name) { return flag }
    return nil
  }

  /// A date column as `YYYY-MM-DD` (the calendar date as stored, no zone shift), or nil.
  func date(_ name: String) -> String? {
    guard let text = string(name), let timestamp = EpicorTimestamp(text) else { return nil }
    return timestamp.dateText
  }

  /// A date-time column, parsed, or nil.
  func timestamp(_ name: String) -> EpicorTimestamp? {
    guard let text = string(name) else { return nil }
    return EpicorTimestamp(text)
  }

  /// The child rows under `name` (an `$expand`ed collection), or none.
  func children(_ name: String) -> [EpicorRow] {
    guard case .array(let elements)? = value(name) else { return [] }
    return elements.compactMap { element in
      guard case .object(let members) = element else { return nil }
      return EpicorRow(members)
    }
  }

  /// The column as an OData literal for a `$filter` (`4711`, `'AB''C'`), or nil when it is
  /// missing or not a scalar.
  func literal(_ name: String) -> String? {
    switch value(name) {
    case .number(let text)?: return text
    case .string(let text)?: return ODataQuery.quoted(text)
    case .bool(let flag)?: return flag ? "true" : "false"
    default: return nil
    }
  }

  /// The column as key text for a canonical key (`4711`, `AB/C` with `/` escaped), or nil.
  func keyPart(_ name: String) -> String? {
    switch value(name) {
    case .number(let text)?: return text
    case .string(let text)?: return CanonicalKey.escape(text)
    default: return nil
    }
  }
}
