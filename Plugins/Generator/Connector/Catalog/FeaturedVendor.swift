/// The first vendors of every generated data set, with fixed names: the non-ASCII names
/// that most often break integrations (umlauts, an apostrophe and accents, Danish and
/// Swedish letters, Japanese), so even a small data set exercises them.
struct FeaturedVendor: Sendable {
  let name: String
  /// An ASCII slug for e-mail domains.
  let slug: String
  /// Index into `VendorCountry.all`.
  let country: Int

  static let all: [FeaturedVendor] = [
    FeaturedVendor(name: "Müller Präzisionsteile GmbH", slug: "mueller-praezision", country: 0),
    FeaturedVendor(name: "Société Générale d'Équipement", slug: "sge-equipement", country: 1),
    FeaturedVendor(name: "Østergaard & Søn A/S", slug: "oestergaard", country: 2),
    FeaturedVendor(name: "株式会社山田製作所", slug: "yamada-ss", country: 3),
    FeaturedVendor(name: "Åkesson Industri AB", slug: "akesson", country: 4),
  ]
}
