import MLCPluginKit

/// Finds the cost center of an order or invoice line: its own `cost_center_code`, else its
/// GL account translated through the deployment's mapping table (`mlc map set`); or, when
/// the mapping table is authoritative, always the translation of the GL account.
///
/// A GL account the table does not know holds the whole record, with a reason that says
/// exactly which command releases it; the host retries held records on its next run. One
/// resolver serves one `write` call: mappings may change between runs, never within one.
final class CostCenterResolver {
  /// The mapping table, `gl_cost_center_table` in the config.
  let table: String
  /// When true, the mapping table decides even for lines that carry a cost center.
  let mappingIsAuthoritative: Bool
  /// Translates a GL account through `table`: `PluginHost.mapping` in a connector.
  private let lookup: (String) throws -> String?
  private var cache: [String: String?] = [:]

  init(table: String, mappingIsAuthoritative: Bool = false, lookup: @escaping (String) throws -> String?) {
    self.table = table
    self.mappingIsAuthoritative = mappingIsAuthoritative
    self.lookup = lookup
  }

  /// A resolver asking the host's mapping service.
  convenience init(host: PluginHost, table: String, mappingIsAuthoritative: Bool) {
    self.init(table: table, mappingIsAuthoritative: mappingIsAuthoritative) { try host.mapping(table: table, value: $0) }
  }

  /// What a line's cost center is, or why there is none yet.
  enum Answer: Equatable {
    /// The line's cost center code (nil when the line names neither a cost center nor a GL
    /// account, so there is nothing to translate).
    case found(String?)
    /// The GL account has no row in the mapping table; the message is the held reason.
    case unmapped(String)
  }

  /// The cost center of `line` (an order or invoice line object).
  func costCenter(of line: JSONValue) throws -> Answer {
    let own = CanonicalRecord.text(line["cost_center_code"])
    if let own, !mappingIsAuthoritative { return .found(own) }
    guard let account = CanonicalRecord.text(line["gl_account_code"]) else { return .found(own) }
    if let cached = cache[account] { return answer(cached, account) }
    let mapped = try lookup(account).flatMap { $0.isEmpty ? nil : $0 }
    cache[account] = mapped
    return answer(mapped, account)
  }

  private func answer(_ mapped: String?, _ account: String) -> Answer {
    if let mapped { return .found(mapped) }
    return .unmapped("GL account \(account) has no cost center in mapping table \(table); "
      + "set it with `mlc map set \(table) \(account) <cost center>`")
  }
}
