import Foundation
import MLCSandboxKit

/// One column value of an Epicor row, typed the way Epicor's tablesets type it.
///
/// How Epicor prints them [V SNO tableset classes; EPI-DOCS examples]: decimals as JSON numbers
/// (the sandbox keeps them as `Decimal` and prints the exact digits, `1234.5`, never a binary
/// float), dates and date-times as `"2026-01-15T00:00:00"` with no offset, GUIDs and codes as
/// strings. Comparisons follow SQL Server's default case-insensitive collation, which is what
/// Epicor's OData `$filter` runs on: `Name eq 'acme'` matches `ACME` [U: from Epicor's SQL
/// Server back end, not seen in an API response].
enum EpicorValue: Hashable, Sendable {
  case null
  case bool(Bool)
  case int(Int)
  case decimal(Decimal)
  case string(String)
  case dateTime(SandboxDateTime)

  /// Appends the value as Epicor's JSON prints it.
  func writeJSON(to output: inout String) {
    switch self {
    case .null: output += "null"
    case .bool(let flag): output += flag ? "true" : "false"
    case .int(let number): output += String(number)
    case .decimal(let number): output += Self.format(number)
    case .string(let text): output += SandboxJSON.quoted(text)
    case .dateTime(let time): output += "\"" + time.iso + "\""
    }
  }

  /// The value as plain text for the test API: strings unquoted, dates in ISO form, null empty.
  var text: String {
    switch self {
    case .null: return ""
    case .bool(let flag): return flag ? "true" : "false"
    case .int(let number): return String(number)
    case .decimal(let number): return Self.format(number)
    case .string(let text): return text
    case .dateTime(let time): return time.iso
    }
  }

  /// The value as a `SandboxJSON` (for method responses built as trees).
  var json: SandboxJSON {
    switch self {
    case .null: return .null
    case .bool(let flag): return .bool(flag)
    case .int(let number): return .number(String(number))
    case .decimal(let number): return .number(Self.format(number))
    case .string(let text): return .string(text)
    case .dateTime(let time): return .string(time.iso)
    }
  }

  var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  var intValue: Int? {
    switch self {
    case .int(let number): return number
    case .decimal(let number): return NSDecimalNumber(decimal: number).intValue
    default: return nil
    }
  }

  var decimalValue: Decimal? {
    switch self {
    case .int(let number): return Decimal(number)
    case .decimal(let number): return number
    default: return nil
    }
  }

  var boolValue: Bool? {
    if case .bool(let flag) = self { return flag }
    return nil
  }

  var dateTimeValue: SandboxDateTime? {
    if case .dateTime(let time) = self { return time }
    return nil
  }

  /// Total order for `$orderby` and indexes: null first, numbers numerically, strings
  /// case-insensitively (ordinal as the tie-break so the order is total), `false < true`.
  static func compare(_ lhs: EpicorValue, _ rhs: EpicorValue) -> Int {
    switch (lhs, rhs) {
    case (.null, .null): return 0
    case (.null, _): return -1
    case (_, .null): return 1
    case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
    case (.string(let a), .string(let b)): return compareStrings(a, b)
    case (.dateTime(let a), .dateTime(let b)): return a < b ? -1 : (a == b ? 0 : 1)
    case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
    default:
      if let a = lhs.decimalValue, let b = rhs.decimalValue { return a < b ? -1 : (a == b ? 0 : 1) }
      return lhs.rank < rhs.rank ? -1 : (lhs.rank == rhs.rank ? 0 : 1)
    }
  }

  /// Equality as `$filter` sees it: like `compare`, but strings ignore case entirely.
  static func filterEquals(_ lhs: EpicorValue, _ rhs: EpicorValue) -> Bool {
    if case .string(let a) = lhs, case .string(let b) = rhs { return foldedEquals(a, b) }
    return compare(lhs, rhs) == 0
  }

  /// Case-insensitive comparison on ASCII letters, byte order otherwise, then ordinal.
  static func compareStrings(_ a: String, _ b: String) -> Int {
    var left = a.utf8.makeIterator()
    var right = b.utf8.makeIterator()
    while true {
      switch (left.next(), right.next()) {
      case (nil, nil): return a == b ? 0 : (a < b ? -1 : 1)
      case (nil, _): return -1
      case (_, nil): return 1
      case (let x?, let y?):
        let lx = foldASCII(x), ly = foldASCII(y)
        if lx != ly { return lx < ly ? -1 : 1 }
      }
    }
  }

  /// Whether two strings are equal ignoring ASCII case.
  static func foldedEquals(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    return zip(a.utf8, b.utf8).allSatisfy { foldASCII($0) == foldASCII($1) }
  }

  /// Whether `haystack` contains `needle`, ignoring case (Unicode-aware: SQL's `LIKE` under a
  /// CI collation matches `Ü` with `ü`).
  static func foldedContains(_ haystack: String, _ needle: String) -> Bool {
    needle.isEmpty || haystack.range(of: needle, options: [.caseInsensitive]) != nil
  }

  /// A decimal's shortest exact text (`1234.5`, `-0.05`, `12`), as `Decimal.description`
  /// prints it but about forty times faster: a page of 100 POs with lines holds thousands of
  /// amounts, and `description` was most of the time it took to serve one.
  static func format(_ value: Decimal) -> String {
    let significand = value.significand
    guard value.isFinite, significand < 1_000_000_000_000_000_000 else { return value.description }
    var units = NSDecimalNumber(decimal: significand).int64Value
    var exponent = value.exponent
    if units == 0 { return "0" }
    while exponent < 0 && units % 10 == 0 {
      units /= 10
      exponent += 1
    }
    var digits = String(units)
    if exponent > 0 {
      digits += String(repeating: "0", count: exponent)
    } else if exponent < 0 {
      let fraction = -exponent
      if digits.count <= fraction { digits = String(repeating: "0", count: fraction - digits.count + 1) + digits }
      digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -fraction))
    }
    return value.isSignMinus ? "-" + digits : digits
  }

  private static func foldASCII(_ byte: UInt8) -> UInt8 {
    byte >= 65 && byte <= 90 ? byte + 32 : byte
  }

  private var rank: Int {
    switch self {
    case .null: return 0
    case .bool: return 1
    case .int, .decimal: return 2
    case .string: return 3
    case .dateTime: return 4
    }
  }
}
