/// Canonical record keys for Epicor rows: the company, then the row's OData key columns,
/// joined by `/`, e.g. `EPIC06/4711` (company/PONum) or `EPIC06/42/INV-001`
/// (company/VendorNum/InvoiceNum).
///
/// The internal numbers (`VendorNum`, `HeadNum`) are used rather than display IDs because
/// they never change, while a `VendorID` can be renamed. A `/` or `%` inside a column
/// (part numbers often hold `/`) is percent-escaped so the parts stay unambiguous.
enum CanonicalKey {
  /// `company/part/part…`; the parts must already be escaped (`EpicorRow.keyPart`).
  static func make(_ company: String, _ parts: [String]) -> String {
    ([escape(company)] + parts).joined(separator: "/")
  }

  /// `text` with `%` and `/` percent-escaped.
  static func escape(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "%") }) else { return text }
    var result = ""
    for character in text {
      switch character {
      case "%": result += "%25"
      case "/": result += "%2F"
      default: result.append(character)
      }
    }
    return result
  }

  /// The parts of a key this connector made, unescaped, or nil when `key` does not start with
  /// `company/`.
  static func parts(_ key: String, company: String) -> [String]? {
    let pieces = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard pieces.count >= 2, pieces[0] == escape(company) else { return nil }
    return pieces.dropFirst().map { $0.removingPercentEscapes() }
  }
}

extension String {
  /// The text with `%2F` and `%25` turned back into `/` and `%`.
  fileprivate func removingPercentEscapes() -> String {
    guard contains("%") else { return self }
    return replacingOccurrences("%2F", "/").replacingOccurrences("%25", "%")
  }

  private func replacingOccurrences(_ target: String, _ replacement: String) -> String {
    split(separator: Substring(target), omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
