/// ISO 3166 alpha-2 codes for the country text Epicor keeps on addresses.
///
/// Epicor's `Country` column is the description of a row in the company's Country table
/// (`USA`, `Germany`, whatever the company typed), not a standard code [V SNO `VendorRow`:
/// `Country` is a string, `CountryNum` the link]. Canonical records carry ISO codes "where
/// known", so a two-letter upper-case value passes through, common names are translated, and
/// anything else is left out rather than guessed.
enum CountryCode {
  private static let names: [String: String] = [
    "USA": "US", "UNITED STATES": "US", "UNITED STATES OF AMERICA": "US", "U.S.A.": "US",
    "CANADA": "CA", "MEXICO": "MX", "MÉXICO": "MX", "BRAZIL": "BR",
    "GERMANY": "DE", "DEUTSCHLAND": "DE", "FRANCE": "FR", "SWEDEN": "SE", "SVERIGE": "SE",
    "NORWAY": "NO", "NORGE": "NO", "DENMARK": "DK", "DANMARK": "DK", "FINLAND": "FI",
    "POLAND": "PL", "POLSKA": "PL", "UNITED KINGDOM": "GB", "UK": "GB", "GREAT BRITAIN": "GB",
    "ENGLAND": "GB", "IRELAND": "IE", "NETHERLANDS": "NL", "THE NETHERLANDS": "NL",
    "BELGIUM": "BE", "SWITZERLAND": "CH", "SCHWEIZ": "CH", "AUSTRIA": "AT", "ÖSTERREICH": "AT",
    "ITALY": "IT", "ITALIA": "IT", "SPAIN": "ES", "ESPAÑA": "ES", "PORTUGAL": "PT",
    "CZECH REPUBLIC": "CZ", "CZECHIA": "CZ", "JAPAN": "JP", "CHINA": "CN", "INDIA": "IN",
    "SINGAPORE": "SG", "AUSTRALIA": "AU", "NEW ZEALAND": "NZ", "SOUTH AFRICA": "ZA",
  ]

  /// The country text to write to `Vendor.Country` for an ISO code: the English name Epicor's
  /// standard Country table uses (`USA`, `Germany`), or the code itself when not listed.
  static func epicorName(_ iso: String?) -> String? {
    guard let iso else { return nil }
    return epicorNames[iso.uppercased()] ?? iso
  }

  private static let epicorNames: [String: String] = [
    "US": "USA", "CA": "Canada", "MX": "Mexico", "DE": "Germany", "FR": "France", "SE": "Sweden",
    "NO": "Norway", "DK": "Denmark", "FI": "Finland", "PL": "Poland", "GB": "United Kingdom",
    "IE": "Ireland", "NL": "Netherlands", "BE": "Belgium", "CH": "Switzerland", "AT": "Austria",
    "IT": "Italy", "ES": "Spain", "PT": "Portugal", "CZ": "Czech Republic", "JP": "Japan",
    "CN": "China", "IN": "India", "SG": "Singapore", "AU": "Australia", "NZ": "New Zealand",
    "ZA": "South Africa", "BR": "Brazil",
  ]

  /// The ISO code for `text`, or nil when it is not one this table knows.
  static func iso(_ text: String?) -> String? {
    guard let text else { return nil }
    let upper = text.trimmingCharactersInSet().uppercased()
    if upper.count == 2, upper.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) { return upper }
    return names[upper]
  }
}

extension String {
  /// The text without leading and trailing spaces (no Foundation needed).
  fileprivate func trimmingCharactersInSet() -> String {
    var slice = Substring(self)
    while slice.first == " " { slice.removeFirst() }
    while slice.last == " " { slice.removeLast() }
    return String(slice)
  }
}
