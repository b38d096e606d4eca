import Foundation
import MLCSandboxKit

/// Fixed exchange rates to the company's base currency (USD) and payment terms, shared by the
/// seeder and the business rules so derived amounts agree.
enum EpicorCurrencies {
  /// Units of USD per unit of the currency.
  static func rate(_ currency: String) -> Decimal {
    rates[currency] ?? 1
  }

  private static let rates: [String: Decimal] = [
    "USD": 1, "EUR": Decimal(string: "1.08")!, "GBP": Decimal(string: "1.27")!, "SEK": Decimal(string: "0.095")!,
    "NOK": Decimal(string: "0.093")!, "DKK": Decimal(string: "0.145")!, "PLN": Decimal(string: "0.25")!,
    "JPY": Decimal(string: "0.0067")!, "CHF": Decimal(string: "1.13")!,
  ]

  /// Fraction digits amounts in the currency are entered with (yen has none).
  static func scale(_ currency: String) -> Int {
    currency == "JPY" ? 0 : 2
  }

  /// Days to due date by terms code.
  static let termDays: [String: Int] = ["N30": 30, "N45": 45, "N60": 60, "2/10N30": 30, "DUE": 0, "N14": 14]
  static let termCodes = ["N30", "N45", "N60", "2/10N30", "N14"]

  /// The English country name Epicor's `Vendor.Country` holds, by ISO 3166 alpha-2.
  static let countryNames: [String: String] = [
    "US": "USA", "DE": "Germany", "FR": "France", "SE": "Sweden", "NO": "Norway", "DK": "Denmark",
    "PL": "Poland", "JP": "Japan", "GB": "United Kingdom", "CH": "Switzerland",
  ]
}

/// The seeded chart of accounts `MAINBOOK`: segment 1 is the natural account, segment 2 the
/// cost center (the segment a deployment maps to `cost_center`), segment 3 the site. Stored
/// accounts join segments with `|`, displayed ones with `-` [V SNO, see `EpicorCatalog`].
enum EpicorChart {
  static let coaCode = "MAINBOOK"

  /// Natural accounts: code, description.
  static let naturalAccounts: [(code: String, name: String)] = [
    ("2000", "Accounts Payable"), ("5000", "Materialaufwand – Rohstoffe"), ("5100", "Fremdleistungen / Subcontracting"),
    ("6100", "Fournitures de bureau"), ("6200", "Instandhaltung & Reparaturen"), ("6300", "Frakt och transport"),
    ("6400", "IT-Dienstleistungen"), ("7000", "Reisekosten / Travel"),
  ]

  /// Cost centers (segment 2): code, name.
  static let costCenters: [(code: String, name: String)] = [
    ("100", "Verwaltung"), ("200", "Production Nord"), ("300", "Ventes & Après-vente"), ("400", "Logistik Süd"),
    ("500", "研究開発"), ("600", "Kvalitetssäkring"),
  ]

  /// Sites (segment 3): code, name.
  static let sites: [(code: String, name: String)] = [("10", "Chicago"), ("20", "München"), ("30", "Malmö")]

  /// The segment names, by segment number.
  static let segmentNames = [1: "Account", 2: "Cost Center", 3: "Site"]

  /// The account new invoice lines are charged to when the client gives none.
  static let defaultExpenseAccount = "6100|100|10"

  /// The stored form of a display account: `6100-100-10` becomes `6100|100|10`.
  static func storedForm(_ account: String) -> String {
    account.replacingOccurrences(of: "-", with: "|")
  }

  /// The display form of a stored account.
  static func displayForm(_ account: String) -> String {
    account.replacingOccurrences(of: "|", with: "-")
  }
}
