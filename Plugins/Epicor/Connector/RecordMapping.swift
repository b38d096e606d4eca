import MLCPluginKit

/// Turns one Epicor row (with its expanded children) into the `data` and `refs` of a
/// canonical record; the reader writes the envelope around them.
///
/// One conforming type per entity, each in its own file, so the field choices for one
/// entity read in one place.
protocol RecordMapping {
  /// The entity this maps.
  var entity: EpicorEntity { get }
  /// Columns holding the row's last change time, first present wins; used for
  /// `updated_at` (the read's start time stands in when none is set).
  var updatedAtColumns: [String] { get }
  /// The vendor numbers a row refers to, so the reader can look up missing VendorIDs for a
  /// whole page in one request.
  func vendorNumbers(_ row: EpicorRow) -> [Int]
  /// Writes the members of `data` (the writer is inside the object).
  func writeData(_ row: EpicorRow, _ context: MappingContext, to writer: inout JSONWriter) throws
  /// Writes the members of `refs` (the writer is inside the object).
  func writeRefs(_ row: EpicorRow, _ context: MappingContext, to writer: inout JSONWriter)
}

extension RecordMapping {
  var updatedAtColumns: [String] { [] }
  func vendorNumbers(_ row: EpicorRow) -> [Int] { [] }
  func writeRefs(_ row: EpicorRow, _ context: MappingContext, to writer: inout JSONWriter) {}

  /// The canonical key: company, then the entity's key columns.
  func key(_ row: EpicorRow, company: String) throws -> String {
    var parts: [String] = []
    for column in entity.keyColumns {
      guard let part = row.keyPart(column) else {
        throw PluginError.fatal("epicor: a \(entity.service)/\(entity.entitySet) row has no \(column); cannot key the \(entity.name) record (row: \(row.describe(entity.keyColumns)))")
      }
      parts.append(part)
    }
    return CanonicalKey.make(company, parts)
  }
}

/// What mappings need besides the row: the connection's settings and vendor IDs.
struct MappingContext {
  let config: EpicorConfig
  let vendors: VendorDirectory

  var company: String { config.company }

  /// The canonical key of vendor `number` (`EPIC06/42`), the `refs.vendor` of documents.
  func vendorKey(_ number: Int) -> String {
    CanonicalKey.make(company, [String(number)])
  }

  /// The printed form of a GL account: the first display column the row has, else the stored
  /// account (`4000|100|10`, segments in physical order joined by `|`, as Epicor stores them
  /// [V SNO `GLAccountListRow`]) with the configured `gl_separator` between segments.
  func printedAccount(_ row: EpicorRow, displayColumns: [String], storedColumn: String) -> String? {
    if let printed = row.string(anyOf: displayColumns) { return printed }
    guard let stored = row.string(storedColumn) else { return nil }
    return stored.split(separator: "|", omittingEmptySubsequences: false).joined(separator: config.glSeparator)
  }

  /// The cost center code of a GL account: segment `cost_center_segment` of the account, from
  /// the row's `SegValueN` column or else from the internal account string, whose segments
  /// Epicor separates with `|`. Nil when no segment is configured or the account has none.
  func costCenter(_ row: EpicorRow, accountColumn: String) -> String? {
    guard let segment = config.costCenterSegment else { return nil }
    if let value = row.string("SegValue\(segment)") { return value }
    guard let account = row.string(accountColumn), account.contains("|") else { return nil }
    let segments = account.split(separator: "|", omittingEmptySubsequences: false)
    guard segment <= segments.count, !segments[segment - 1].isEmpty else { return nil }
    return String(segments[segment - 1])
  }
}

extension EpicorRow {
  /// `Column=value, …` for the named columns, for error messages.
  func describe(_ columns: [String]) -> String {
    columns.map { "\($0)=\(literal($0) ?? "missing")" }.joined(separator: ", ")
  }
}

extension JSONWriter {
  /// Writes `"name":"decimal"` when the decimal text is present.
  mutating func field(_ name: StaticString, decimal text: String?) {
    guard let text else { return }
    key(name)
    string(text)
  }

  /// Writes `"name":n` when the integer is present.
  mutating func field(_ name: StaticString, ifPresent number: Int?) {
    guard let number else { return }
    key(name)
    int(number)
  }

  /// Writes `"name":flag` when the flag is present.
  mutating func field(_ name: StaticString, ifPresent flag: Bool?) {
    guard let flag else { return }
    key(name)
    bool(flag)
  }
}
