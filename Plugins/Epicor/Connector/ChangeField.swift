/// The column an entity's incremental reads filter and order on, and how its values become
/// cursors the host can compare.
///
/// `SysRevID` is a SQL rowversion Epicor exposes as an integer that grows on every write
/// (SYSTEMS.md §1.4 [V]); its cursor is the integer as decimal text, which the host compares
/// numerically. Any other change column (`ChangeDate`, `ChangedOn`) is a wall-clock
/// `datetime`; its cursor is the UTC instant as fixed-width RFC 3339 with milliseconds, which
/// the host compares byte by byte.
struct ChangeField: Equatable, Sendable {
  /// How the column's values compare: as growing revision numbers or as date-times.
  enum Kind: String, Sendable {
    case revision
    case timestamp
  }

  let column: String
  let kind: Kind

  /// A change field named `column`: a revision when it is a `…RevID` column, else a
  /// timestamp.
  init(column: String) {
    self.column = column
    kind = column.hasSuffix("RevID") ? .revision : .timestamp
  }

  /// A change field of an explicit kind.
  init(column: String, kind: Kind) {
    self.column = column
    self.kind = kind
  }
}
