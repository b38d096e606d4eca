import MLCPluginKit

/// Converts between an entity's change column and the cursors the host keeps: the order a
/// read pages in, the cursor of a row, the `$filter` position of a row (to re-anchor the
/// next page) and the filter that starts an incremental read after a `since` cursor.
///
/// A revision column (`SysRevID`, vendors and the chart of accounts) is unique per row and
/// grows on every write: its cursor is the number as decimal text, which the host compares
/// numerically, and the key only breaks ties that cannot occur.
///
/// A date-time column (`ChangeDate`, `ChangedOn`) is shared by every row a batch job touches
/// in the same instant, so it is paired with the row's `SysRevID`: the read orders by
/// `(ChangeDate, SysRevID)` and each cursor is `<ChangeDate in UTC, fixed width>#<SysRevID,
/// 20 digits>`, e.g. `2026-01-31T18:00:00.000Z#00000000000000004711`, which sorts byte by
/// byte as the pair does. The key cannot serve as the tie-breaker here because the host
/// hands back only the cursor, so a rerun would have to re-read every row tied at the mark,
/// page after page. With the revision in the cursor a rerun resumes exactly after the last
/// delivered row and still misses nothing: any later write to a row gives it a higher
/// `SysRevID` (a SQL rowversion, SYSTEMS.md §1.4 [V]) and a change time no earlier than the
/// mark, so it sorts after the mark even when it lands in the same millisecond.
struct ChangeCursor {
  static let revisionColumn = "SysRevID"

  let entity: EpicorEntity
  let field: ChangeField
  let zone: TenantTimeZone
  let literalForm: EpicorConfig.DateTimeLiteral

  /// The columns of `$orderby` after the change column, which make the order total. The
  /// key follows `SysRevID` only as a guard: a rowversion is already unique.
  var tieColumns: [String] {
    field.kind == .revision ? entity.keyColumns : [Self.revisionColumn] + entity.keyColumns
  }

  /// A row's position in the read's order: its cursor, its change time in UTC (date-time
  /// columns only) and the OData literals of its change value (nil when null) and tie columns.
  struct Position {
    let cursor: String
    let utcMilliseconds: Int64?
    let change: String?
    let ties: [String]
  }

  /// The row's position.
  func position(_ row: EpicorRow) throws -> Position {
    guard let value = row.members[field.column] else {
      throw PluginError.config("epicor: \(entity.service)/\(entity.entitySet) rows have no column \"\(field.column)\"; set change_fields.\(entity.name) in the connection's config to a column that changes on every write (default \(entity.defaultChangeField))")
    }
    let ties = try tieColumns.map { column -> String in
      guard let literal = row.literal(column) else {
        throw PluginError.fatal("epicor: a \(entity.entitySet) row has no \(column), which orders rows that share a \(field.column) (row: \(row.describe(entity.keyColumns)))")
      }
      return literal
    }
    switch (field.kind, value) {
    case (.revision, .null):
      return Position(cursor: "0", utcMilliseconds: nil, change: nil, ties: ties)
    case (.revision, .number(let text)), (.revision, .string(let text)):
      guard let digits = Self.unsignedDigits(text) else { break }
      return Position(cursor: digits, utcMilliseconds: nil, change: digits, ties: ties)
    case (.timestamp, .null):
      return Position(cursor: try Self.composite("0001-01-01T00:00:00.000Z", ties[0]), utcMilliseconds: nil, change: nil, ties: ties)
    case (.timestamp, .string(let text)):
      guard let timestamp = EpicorTimestamp(text), !timestamp.isDateOnly else { break }
      let utc = timestamp.utcMilliseconds(in: zone)
      // The literal repeats Epicor's own text, digits beyond milliseconds included, so the
      // next page's `eq`/`gt` compare against the stored value exactly.
      return Position(cursor: try Self.composite(CivilTime.timestampText(milliseconds: utc), ties[0]),
                      utcMilliseconds: utc, change: text, ties: ties)
    default:
      break
    }
    throw PluginError.fatal("epicor: \(entity.name) row \(row.describe(entity.keyColumns)) has \(field.column) = \(value.kindDescription) \(row.literal(field.column) ?? ""), not a \(field.kind == .revision ? "revision number" : "date-time"); check change_fields.\(entity.name)")
  }

  /// The `$filter` clause that starts a read after `since`, a cursor this connector emitted.
  ///
  /// The ABI asks for every row at or after `since` so that rows tied with the mark are not
  /// lost; these cursors are unique per row version (a revision, or a time with a revision),
  /// so the only row at `since` itself is the one the host already has, unchanged, and the
  /// read starts strictly after it. A rerun with nothing new therefore returns no row at all.
  /// A plain time cursor (no revision) still starts at `ge`.
  func filter(since: String) throws -> String {
    let column = field.column
    switch field.kind {
    case .revision:
      guard let digits = Self.unsignedDigits(since) else { break }
      return "\(column) gt \(digits)"
    case .timestamp:
      let parts = since.split(separator: "#", maxSplits: 1).map(String.init)
      guard let timestamp = EpicorTimestamp(parts[0]), let offset = timestamp.offsetSeconds else { break }
      let utc = timestamp.wallMilliseconds - Int64(offset) * 1000
      let literal: String
      switch literalForm {
      case .utc: literal = CivilTime.timestampText(milliseconds: utc)
      case .local: literal = CivilTime.wallClockText(milliseconds: zone.wallClockMilliseconds(utc: utc))
      }
      guard parts.count == 2 else { return "\(column) ge \(literal)" }
      guard let revision = Self.unsignedDigits(parts[1]) else { break }
      if timestamp.wallMilliseconds <= CivilCalendar.days(year: 1, month: 1, day: 1) * CivilTime.millisecondsPerDay {
        // The mark is among rows whose change time is null (they sort first).
        return "(\(column) eq null and \(Self.revisionColumn) gt \(revision)) or \(column) ne null"
      }
      return "\(column) gt \(literal) or (\(column) eq \(literal) and \(Self.revisionColumn) gt \(revision))"
    }
    throw PluginError.fatal("epicor: the stored cursor \"\(since)\" of \(entity.name) is not a \(field.kind == .revision ? "revision number" : "change time and revision") as \(field.column) cursors are (was change_fields changed?); run `mlc sync FLOW --full` once to reset it")
  }

  /// `time#revision` with the revision zero-padded to 20 digits, so cursors compare byte by
  /// byte in (time, revision) order.
  static func composite(_ time: String, _ revision: String) throws -> String {
    guard let digits = unsignedDigits(revision), digits.count <= 20 else {
      throw PluginError.fatal("epicor: SysRevID \(revision) is not an unsigned integer of at most 20 digits")
    }
    return time + "#" + String(repeating: "0", count: 20 - digits.count) + digits
  }

  /// `text` as a canonical unsigned integer (leading zeros removed), or nil.
  static func unsignedDigits(_ text: String) -> String? {
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    let trimmed = text.drop { $0 == "0" }
    return trimmed.isEmpty ? "0" : String(trimmed)
  }
}
