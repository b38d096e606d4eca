/// What vendors from one country look like: name parts, addresses, phone and tax-id
/// formats, currency and tax rate.
///
/// The point is realism that exercises connectors: non-ASCII names and streets in several
/// scripts, postal codes with spaces, tax ids of different shapes, and several currencies.
struct VendorCountry: Sendable {
  /// One city with its region and postal code.
  struct City: Sendable {
    let name: String
    let region: String
    let postalCode: String
  }

  /// One surname and an ASCII slug of it for e-mail domains.
  struct Surname: Sendable {
    let name: String
    let slug: String
  }

  let code: String
  let currency: String
  /// How many units of `currency` a catalog price in US cents is worth (JPY ≈ 150).
  let priceFactor: Int
  /// Amounts in `currency` are multiples of this many hundredths: 100 for currencies
  /// without minor units (JPY), 1 otherwise. Money is still written with two decimals.
  let rounding: Int
  /// VAT or sales tax in basis points (1900 = 19 %).
  let taxBasisPoints: Int
  let surnames: [Surname]
  let trades: [String]
  let legalForms: [String]
  /// True when the legal form comes first and parts are not separated (`株式会社山田製作所`).
  let formFirst: Bool
  let cities: [City]
  /// Street patterns; `#` is replaced by the house number.
  let streets: [String]
  /// How a second address line starts (`Gebäude`, `Suite`), followed by a number.
  let line2Prefix: String
  /// The international dialling prefix with area code, e.g. `+49 89`.
  let phonePrefix: String
  /// The tax id pattern; each `#` is one digit.
  let taxPattern: String
  /// Domain ending for e-mail addresses, e.g. `de`.
  let domain: String

  /// The company name for a surname, trade and legal form.
  func name(surname: String, trade: String, form: String) -> String {
    formFirst ? "\(form)\(surname)\(trade)" : "\(surname) \(trade) \(form)"
  }

  /// Every country vendors come from. The first five are the featured vendors' countries.
  static let all: [VendorCountry] = [germany, france, denmark, japan, sweden, unitedStates, unitedKingdom, canada]

  static let germany = VendorCountry(
    code: "DE", currency: "EUR", priceFactor: 1, rounding: 1, taxBasisPoints: 1900,
    surnames: [.init(name: "Müller", slug: "mueller"), .init(name: "Schäfer", slug: "schaefer"),
               .init(name: "Köhler", slug: "koehler"), .init(name: "Weiß", slug: "weiss"),
               .init(name: "Groß", slug: "gross"), .init(name: "Jäger", slug: "jaeger")],
    trades: ["Präzisionsteile", "Maschinenbau", "Werkzeugtechnik", "Stahlhandel", "Hydraulik"],
    legalForms: ["GmbH", "AG", "GmbH & Co. KG"], formFirst: false,
    cities: [.init(name: "München", region: "BY", postalCode: "80331"),
             .init(name: "Stuttgart", region: "BW", postalCode: "70173"),
             .init(name: "Köln", region: "NW", postalCode: "50667"),
             .init(name: "Nürnberg", region: "BY", postalCode: "90402"),
             .init(name: "Düsseldorf", region: "NW", postalCode: "40213")],
    streets: ["Industriestraße #", "Hauptstraße #", "Werkstraße #", "Gewerbering #"],
    line2Prefix: "Gebäude ", phonePrefix: "+49 89", taxPattern: "DE#########", domain: "de")

  static let france = VendorCountry(
    code: "FR", currency: "EUR", priceFactor: 1, rounding: 1, taxBasisPoints: 2000,
    surnames: [.init(name: "Lefèvre", slug: "lefevre"), .init(name: "Dubois", slug: "dubois"),
               .init(name: "Béranger", slug: "beranger"), .init(name: "Mercier", slug: "mercier"),
               .init(name: "Gagné", slug: "gagne")],
    trades: ["Équipements", "Ateliers", "Fonderie", "Outillage", "Métallurgie"],
    legalForms: ["SARL", "SA", "SAS"], formFirst: false,
    cities: [.init(name: "Lyon", region: "ARA", postalCode: "69002"),
             .init(name: "Saint-Étienne", region: "ARA", postalCode: "42000"),
             .init(name: "Paris", region: "IDF", postalCode: "75011"),
             .init(name: "Lille", region: "HDF", postalCode: "59000")],
    streets: ["# rue de l'Industrie", "# avenue Jean Jaurès", "# boulevard Pasteur"],
    line2Prefix: "Bâtiment ", phonePrefix: "+33 4", taxPattern: "FR###########", domain: "fr")

  static let denmark = VendorCountry(
    code: "DK", currency: "DKK", priceFactor: 7, rounding: 1, taxBasisPoints: 2500,
    surnames: [.init(name: "Østergaard", slug: "oestergaard"), .init(name: "Sørensen", slug: "soerensen"),
               .init(name: "Bøgh", slug: "boegh"), .init(name: "Jørgensen", slug: "joergensen"),
               .init(name: "Kjær", slug: "kjaer")],
    trades: ["& Søn", "Maskinfabrik", "Stål", "Værktøj"],
    legalForms: ["A/S", "ApS"], formFirst: false,
    cities: [.init(name: "Aarhus", region: "Midtjylland", postalCode: "8000"),
             .init(name: "Odense", region: "Syddanmark", postalCode: "5000"),
             .init(name: "København", region: "Hovedstaden", postalCode: "1050"),
             .init(name: "Aalborg", region: "Nordjylland", postalCode: "9000")],
    streets: ["Havnegade #", "Industrivej #", "Søndergade #"],
    line2Prefix: "Bygning ", phonePrefix: "+45 86", taxPattern: "DK########", domain: "dk")

  static let japan = VendorCountry(
    code: "JP", currency: "JPY", priceFactor: 150, rounding: 100, taxBasisPoints: 1000,
    surnames: [.init(name: "山田", slug: "yamada"), .init(name: "佐藤", slug: "sato"),
               .init(name: "鈴木", slug: "suzuki"), .init(name: "高橋", slug: "takahashi"),
               .init(name: "田中", slug: "tanaka"), .init(name: "渡辺", slug: "watanabe")],
    trades: ["製作所", "工業", "精機", "商事", "電機"],
    legalForms: ["株式会社"], formFirst: true,
    cities: [.init(name: "大阪市", region: "大阪府", postalCode: "530-0001"),
             .init(name: "名古屋市", region: "愛知県", postalCode: "460-0008"),
             .init(name: "港区", region: "東京都", postalCode: "105-0011"),
             .init(name: "浜松市", region: "静岡県", postalCode: "430-0933")],
    streets: ["北区梅田#", "中区栄#", "芝公園#", "中央区鍛冶町#"],
    line2Prefix: "ビル", phonePrefix: "+81 6", taxPattern: "T#############", domain: "jp")

  static let sweden = VendorCountry(
    code: "SE", currency: "SEK", priceFactor: 10, rounding: 1, taxBasisPoints: 2500,
    surnames: [.init(name: "Åkesson", slug: "akesson"), .init(name: "Ängström", slug: "angstrom"),
               .init(name: "Björk", slug: "bjork"), .init(name: "Söderberg", slug: "soderberg"),
               .init(name: "Lindqvist", slug: "lindqvist")],
    trades: ["Industri", "Verkstad", "Stål", "Maskin"],
    legalForms: ["AB"], formFirst: false,
    cities: [.init(name: "Göteborg", region: "Västra Götaland", postalCode: "411 04"),
             .init(name: "Malmö", region: "Skåne", postalCode: "211 20"),
             .init(name: "Västerås", region: "Västmanland", postalCode: "722 15"),
             .init(name: "Linköping", region: "Östergötland", postalCode: "582 22")],
    streets: ["Industrigatan #", "Storgatan #", "Hamngatan #"],
    line2Prefix: "Port ", phonePrefix: "+46 31", taxPattern: "SE##########01", domain: "se")

  static let unitedStates = VendorCountry(
    code: "US", currency: "USD", priceFactor: 1, rounding: 1, taxBasisPoints: 825,
    surnames: [.init(name: "Carter", slug: "carter"), .init(name: "Reynolds", slug: "reynolds"),
               .init(name: "O'Brien", slug: "obrien"), .init(name: "Nguyen", slug: "nguyen"),
               .init(name: "Alvarez", slug: "alvarez")],
    trades: ["Industrial Supply", "Fasteners", "Machine Works", "Electrical", "Safety Products"],
    legalForms: ["Inc.", "LLC", "Corp."], formFirst: false,
    cities: [.init(name: "Chicago", region: "IL", postalCode: "60607"),
             .init(name: "Cleveland", region: "OH", postalCode: "44114"),
             .init(name: "Houston", region: "TX", postalCode: "77002"),
             .init(name: "Milwaukee", region: "WI", postalCode: "53202")],
    streets: ["# Industrial Pkwy", "# Commerce Dr", "# W Main St"],
    line2Prefix: "Suite ", phonePrefix: "+1 312", taxPattern: "##-#######", domain: "com")

  static let unitedKingdom = VendorCountry(
    code: "GB", currency: "GBP", priceFactor: 1, rounding: 1, taxBasisPoints: 2000,
    surnames: [.init(name: "Whitfield", slug: "whitfield"), .init(name: "Ashworth", slug: "ashworth"),
               .init(name: "Pennington", slug: "pennington"), .init(name: "Hughes", slug: "hughes")],
    trades: ["Engineering", "Components", "Tooling"],
    legalForms: ["Ltd", "PLC"], formFirst: false,
    cities: [.init(name: "Birmingham", region: "West Midlands", postalCode: "B1 1AA"),
             .init(name: "Sheffield", region: "South Yorkshire", postalCode: "S1 2HE"),
             .init(name: "Manchester", region: "Greater Manchester", postalCode: "M1 1AE")],
    streets: ["# Canal Street", "# Riverside Way", "Unit #, Meadow Industrial Estate"],
    line2Prefix: "Floor ", phonePrefix: "+44 121", taxPattern: "GB#########", domain: "co.uk")

  static let canada = VendorCountry(
    code: "CA", currency: "CAD", priceFactor: 1, rounding: 1, taxBasisPoints: 1300,
    surnames: [.init(name: "Tremblay", slug: "tremblay"), .init(name: "Gagnon", slug: "gagnon"),
               .init(name: "MacDonald", slug: "macdonald"), .init(name: "Côté", slug: "cote")],
    trades: ["Industrial", "Supply", "Fabrication"],
    legalForms: ["Inc.", "Ltée"], formFirst: false,
    cities: [.init(name: "Montréal", region: "QC", postalCode: "H2X 1Y4"),
             .init(name: "Toronto", region: "ON", postalCode: "M5V 2T6"),
             .init(name: "Hamilton", region: "ON", postalCode: "L8P 4R5")],
    streets: ["# rue Principale", "# Industrial Rd", "# King St W"],
    line2Prefix: "Suite ", phonePrefix: "+1 514", taxPattern: "#########RT0001", domain: "ca")
}
