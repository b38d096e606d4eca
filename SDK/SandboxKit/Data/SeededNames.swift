import Foundation

/// Realistic, deterministic names and addresses for sandbox seed data: companies, people,
/// streets and cities from several countries, with the non-ASCII text real ERPs hold
/// (German umlauts and ß, French accents and apostrophes, Nordic å/æ/ø, Polish ł, Japanese).
///
/// Every function draws from the caller's `SplitMix64`, so the same seed gives the same
/// names on every run and platform. Country profiles live in `SeededNames+Countries.swift`.
///
/// ```swift
/// var random = SplitMix64(seed: 42)
/// let country = SeededNames.country(&random)
/// let name = SeededNames.companyName(in: country, &random)   // "Schäfer Präzisionstechnik GmbH"
/// let address = SeededNames.address(in: country, &random)
/// ```
public enum SeededNames {
  /// A city and the region (state, county, prefecture) it belongs to.
  public struct City: Sendable {
    public let name: String
    public let region: String

    init(_ name: String, _ region: String) {
      self.name = name
      self.region = region
    }
  }

  /// A postal address; `line2` is empty more often than not.
  public struct Address: Sendable, Equatable {
    public var line1: String
    public var line2: String
    public var city: String
    public var region: String
    public var postalCode: String
    /// ISO 3166-1 alpha-2.
    public var country: String
  }

  /// Everything needed to make names and addresses that look like they come from one country.
  public struct Country: Sendable {
    /// ISO 3166-1 alpha-2 (`DE`, `FR`, `JP`, ...).
    public let code: String
    /// The usual trading currency, ISO 4217.
    public let currency: String
    /// The international dialling prefix with `+`.
    public let phonePrefix: String
    let familyNames: [String]
    let givenNames: [String]
    let trades: [String]
    let legalForms: [String]
    /// Company name templates: `{family}`, `{family2}`, `{trade}`, `{legal}`, `{city}`.
    let patterns: [String]
    let cities: [City]
    let streets: [String]
    /// `#` is a digit, anything else is copied.
    let postalPattern: String
    /// Whether the house number comes before the street (`12 Baker Street`).
    let numberFirst: Bool
  }

  /// One of `countries`, weighted towards the first (the sandbox company's home market).
  public static func country(_ random: inout SplitMix64) -> Country {
    random.chance(0.35) ? countries[0] : random.pick(countries)
  }

  /// A company name such as `Müller & Söhne Maschinenbau GmbH` or `株式会社山田製作所`.
  public static func companyName(in country: Country, _ random: inout SplitMix64) -> String {
    var name = random.pick(country.patterns)
    name = name.replacingOccurrences(of: "{family2}", with: random.pick(country.familyNames))
    name = name.replacingOccurrences(of: "{family}", with: random.pick(country.familyNames))
    name = name.replacingOccurrences(of: "{trade}", with: random.pick(country.trades))
    name = name.replacingOccurrences(of: "{legal}", with: random.pick(country.legalForms))
    name = name.replacingOccurrences(of: "{city}", with: random.pick(country.cities).name)
    return name
  }

  /// A person's given and family name.
  public static func personName(in country: Country, _ random: inout SplitMix64) -> (given: String, family: String) {
    (random.pick(country.givenNames), random.pick(country.familyNames))
  }

  /// A street address in a city of `country`.
  public static func address(in country: Country, _ random: inout SplitMix64) -> Address {
    let street = random.pick(country.streets)
    let number = String(random.int(in: 1...240))
    let line1 = country.numberFirst ? "\(number) \(street)" : "\(street) \(number)"
    let line2 = random.chance(0.2) ? random.pick(["Gebäude B", "Suite 200", "2e étage", "Unit 4", "Hall 3", "c/o Lager Nord"]) : ""
    let city = random.pick(country.cities)
    var postal = ""
    for character in country.postalPattern {
      postal.append(character == "#" ? Character(String(random.int(in: 0...9))) : character)
    }
    return Address(line1: line1, line2: line2, city: city.name, region: city.region, postalCode: postal,
                   country: country.code)
  }

  /// A phone number with the country's prefix: `+49 89 5512 3345`.
  public static func phone(in country: Country, _ random: inout SplitMix64) -> String {
    "\(country.phonePrefix) \(random.int(in: 10...99)) \(random.int(in: 1000...9999)) \(random.int(in: 1000...9999))"
  }

  /// An e-mail address derived from a company name: `einkauf@mueller-maschinenbau.de`.
  public static func email(for companyName: String, in country: Country, _ random: inout SplitMix64) -> String {
    var slug = asciiSlug(companyName)
    if slug.count < 3 { slug = "co\(random.int(in: 1000...9999))" }
    let box = random.pick(["ap", "billing", "sales", "info", "einkauf", "invoices", "orders"])
    let tld = country.code == "GB" ? "co.uk" : country.code == "US" ? "com" : country.code.lowercased()
    return "\(box)@\(slug.prefix(30)).\(tld)"
  }

  /// Lower-case ASCII letters and digits joined by single hyphens, transliterating the accented
  /// Latin letters of the seed lists (`Müller & Söhne` becomes `mueller-soehne`); other scripts
  /// are dropped, so callers must handle an empty result.
  public static func asciiSlug(_ text: String) -> String {
    var slug = ""
    var pendingHyphen = false
    for character in text.lowercased() {
      let mapped: String
      if let folded = transliterations[character] {
        mapped = folded
      } else if character.isASCII, character.isLetter || character.isNumber {
        mapped = String(character)
      } else {
        pendingHyphen = !slug.isEmpty
        continue
      }
      if pendingHyphen { slug += "-" }
      pendingHyphen = false
      slug += mapped
    }
    return slug
  }

  private static let transliterations: [Character: String] = [
    "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "å": "aa", "æ": "ae", "ø": "oe", "é": "e", "è": "e",
    "ê": "e", "ë": "e", "à": "a", "â": "a", "ç": "c", "î": "i", "ï": "i", "ô": "o", "û": "u", "ù": "u",
    "ł": "l", "ó": "o", "ś": "s", "ż": "z", "ź": "z", "ń": "n", "ą": "a", "ę": "e", "ć": "c", "ñ": "n",
    "í": "i", "á": "a", "ú": "u", "'": "",
  ]
}
