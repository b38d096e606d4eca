import MLCPluginKit

/// Converts between an entity's change column and the cursors the host keeps: the cursor of
/// a row, the `$filter` literal of a row's value (to re-anchor the next page), and the
/// literal of a `since` cursor (to start an incremental read).
struct ChangeCursor {
  let entity: EpicorEntity
  let field: ChangeField
  let zone: TenantTimeZone
  let literalForm: EpicorConfig.DateTimeLiteral

  /// The cursor of rows whose change column is null (legacy rows never written since the
  /// column existed). It sorts before every real value, like SQL Server's NULLs in `$orderby`.
  var nullCursor: String {
    field.kind == .revision ? "0" : "0001-01-01T00:00:00.000Z"
  }

  /// The row's change value: its cursor, its UTC time (timestamps only) and the exact OData
  /// literal of the value as Epicor wrote it (nil for null).
  func read(_ row: EpicorRow) throws -> (cursor: String, utcMilliseconds: Int64?, literal: String?) {
    guard let value = row.members[field.column] else {
      throw PluginError.config("epicor: \(entity.service)/\(entity.entitySet) rows have no column \"\(field.column)\"; set change_fields.\(entity.name) in the connection's config to a column that changes on every write (default \(entity.defaultChangeField))")
    }
    switch (field.kind, value) {
    case (_, .null):
      return (nullCursor, nil, nil)
    case (.revision, .number(let text)), (.revision, .string(let text)):
      guard let digits = Self.unsignedDigits(text) else { break }
      return (digits, nil, digits)
    case (.timestamp, .string(let text)):
      guard let timestamp = EpicorTimestamp(text), !timestamp.isDateOnly else { break }
      let utc = timestamp.utcMilliseconds(in: zone)
      // The literal repeats Epicor's own text, digits beyond milliseconds included, so the
      // next page's `eq`/`gt` compare against the stored value exactly.
      return (CivilTime.timestampText(milliseconds: utc), utc, text)
    default:
      break
    }
    throw PluginError.fatal("epicor: \(entity.name) row \(row.describe(entity.keyColumns)) has \(field.column) = \(value.kindDescription) \(row.literal(field.column) ?? ""), not a \(field.kind == .revision ? "revision number" : "date-time"); check change_fields.\(entity.name)")
  }

  /// The `$filter` literal for `since`, a cursor this connector emitted earlier.
  func literal(since: String) throws -> String {
    switch field.kind {
    case .revision:
      guard let digits = Self.unsignedDigits(since) else { break }
      return digits
    case .timestamp:
      guard let timestamp = EpicorTimestamp(since), let offset = timestamp.offsetSeconds else { break }
      let utc = timestamp.wallMilliseconds - Int64(offset) * 1000
      switch literalForm {
      case .utc: return CivilTime.timestampText(milliseconds: utc)
      case .local: return CivilTime.wallClockText(milliseconds: zone.wallClockMilliseconds(utc: utc))
      }
    }
    throw PluginError.fatal("epicor: the stored cursor \"\(since)\" of \(entity.name) is not a \(field.kind == .revision ? "revision number" : "UTC timestamp") as \(field.column) cursors are (was change_fields changed?); run `mlc sync FLOW --full` once to reset it")
  }

  /// `text` as a canonical unsigned integer (leading zeros removed), or nil.
  static func unsignedDigits(_ text: String) -> String? {
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    let trimmed = text.drop { $0 == "0" }
    return trimmed.isEmpty ? "0" : String(trimmed)
  }
}
