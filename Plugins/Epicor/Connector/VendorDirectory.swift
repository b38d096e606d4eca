import MLCPluginKit

/// Translates between Epicor's internal vendor number (`VendorNum`, the key documents carry)
/// and the vendor ID people type (`VendorID`, the canonical `vendor_code`), caching both
/// ways for the life of the connection instance.
///
/// Document rows usually carry the ID in a link column (`VendorVendorID` on POs [V SNO],
/// `VendorNumVendorID` on AP invoices [V EPI-AP]); `remember` takes those. Numbers still
/// unknown are looked up a page at a time with one `Vendors` query.
final class VendorDirectory {
  private let client: EpicorClient
  private var idByNumber: [Int: String] = [:]
  private var numberByID: [String: Int] = [:]

  init(client: EpicorClient) {
    self.client = client
  }

  /// Records a pair seen in a row.
  func remember(number: Int, id: String) {
    idByNumber[number] = id
    numberByID[id] = number
  }

  /// The vendor ID of `number`, if known.
  func id(of number: Int) -> String? { idByNumber[number] }

  /// Looks up the IDs of the `numbers` not known yet, 50 per request.
  func prefetch(_ numbers: [Int]) throws {
    let missing = Array(Set(numbers.filter { $0 != 0 && idByNumber[$0] == nil })).sorted()
    var start = 0
    while start < missing.count {
      let chunk = missing[start..<min(start + 50, missing.count)]
      start += 50
      var query = ODataQuery()
      query.add("$select", "VendorNum,VendorID")
      query.add("$filter", chunk.map { "VendorNum eq \($0)" }.joined(separator: " or "))
      query.add("$top", String(chunk.count))
      for row in try fetch(query, what: "look up vendor IDs of vendor numbers \(chunk.map(String.init).joined(separator: ", "))") {
        if let number = row.int("VendorNum"), let id = row.string("VendorID") { remember(number: number, id: id) }
      }
    }
  }

  /// The vendor number of vendor ID `id`, or nil when company has no such vendor.
  func number(ofID id: String) throws -> Int? {
    if let number = numberByID[id] { return number }
    var query = ODataQuery()
    query.add("$select", "VendorNum,VendorID")
    query.add("$filter", "VendorID eq \(ODataQuery.quoted(id))")
    query.add("$top", "2")
    for row in try fetch(query, what: "look up vendor \"\(id)\"") {
      if let number = row.int("VendorNum"), let found = row.string("VendorID") {
        remember(number: number, id: found)
        // Epicor compares IDs case-insensitively; the canonical code is what the source sent.
        numberByID[id] = number
      }
    }
    return numberByID[id]
  }

  private func fetch(_ query: ODataQuery, what: String) throws -> [EpicorRow] {
    let response = try client.get(EpicorEntity.vendor.service, EpicorEntity.vendor.entitySet, query: query)
    guard response.isSuccess else { throw response.failure.readError(what, company: client.config.company) }
    return try response.rows()
  }
}
