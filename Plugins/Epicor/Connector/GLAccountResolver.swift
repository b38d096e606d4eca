import MLCPluginKit

/// Turns the `gl_account_code` of an incoming invoice line into the account Epicor stores
/// (`6100|100|10`), or says it cannot.
///
/// A code that is already an Epicor account (in its printed form, segments joined by
/// `gl_separator`) is used as it is, once a look-up by `GLAccount1` (the key column [V SNO])
/// has found it. Any other code — another system's account — goes through the deployment
/// mapping table `epicor_gl_account` (`mlc map set epicor_gl_account 5000 5000-100-10`). A
/// code neither finds holds the record, naming the code and the command that releases it.
final class GLAccountResolver {
  static let mappingTable = "epicor_gl_account"

  private let client: EpicorClient
  private let host: PluginHost
  private var known: [String: Bool] = [:]

  init(client: EpicorClient, host: PluginHost) {
    self.client = client
    self.host = host
  }

  /// The stored form of `code`'s Epicor account, or nil when it resolves to none.
  func storedAccount(_ code: String) throws -> String? {
    if try exists(stored(code)) { return stored(code) }
    guard let mapped = try host.mapping(table: Self.mappingTable, value: code) else { return nil }
    return stored(mapped)
  }

  /// The printed form turned into the stored one.
  func stored(_ printed: String) -> String {
    let separator = client.config.glSeparator
    guard !separator.isEmpty, !printed.contains("|") else { return printed }
    return printed.split(separator: separator, omittingEmptySubsequences: false).joined(separator: "|")
  }

  private func exists(_ stored: String) throws -> Bool {
    if let answer = known[stored] { return answer }
    var filter = "GLAccount1 eq \(ODataQuery.quoted(stored))"
    if let coa = client.config.coaCode { filter += " and COACode eq \(ODataQuery.quoted(coa))" }
    var query = ODataQuery()
    query.add("$select", "COACode,GLAccount1")
    query.add("$filter", filter)
    query.add("$top", "1")
    let found = try !client.lookup(EpicorEntity.glAccount.service, EpicorEntity.glAccount.entitySet, query).isEmpty
    known[stored] = found
    return found
  }
}
