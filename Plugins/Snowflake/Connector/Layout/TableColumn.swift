/// Where a column's value comes from in a canonical record.
///
/// For a line table, `data` paths and `record` refer to one element of the record's
/// `data.lines` array, `parentKey` is the record's key, and `digest` the record's digest.
enum ColumnSource: Equatable, Sendable {
  /// The record's `key`: the MERGE key of a header table.
  case key
  /// The record's `updated_at`.
  case updatedAt
  /// A member of `data` (or of the line), by path: `["address", "city"]`.
  case data([String])
  /// A member of `refs`: the key of the record this one points at.
  case ref(String)
  /// The whole canonical record (or the whole line) as JSON.
  case record
  /// The record's change digest (see `RecordDigest`).
  case digest
  /// When the row was loaded: `CURRENT_TIMESTAMP()` in the statement, not a binding.
  case loadedAt
  /// A line table's link to its header: the header record's `key`.
  case parentKey

  /// How the source reads in messages and the README: `data.address.city`, `refs.vendor`.
  var description: String {
    switch self {
    case .key: return "key"
    case .updatedAt: return "updated_at"
    case .data(let path): return "data." + path.joined(separator: ".")
    case .ref(let name): return "refs.\(name)"
    case .record: return "the whole record"
    case .digest: return "change digest"
    case .loadedAt: return "load time"
    case .parentKey: return "parent key"
    }
  }
}

/// One column of a target table: the name the connector knows it by, the name it has in
/// Snowflake (the user may rename it), its type, and where its value comes from.
struct TableColumn: Equatable, Sendable {
  /// The default column name, which config overrides refer to (`"NAME"`).
  let role: String
  /// The column's name in Snowflake.
  var name: SnowflakeIdentifier
  let type: ColumnType
  let source: ColumnSource
  /// Part of the table's MERGE key.
  let isKey: Bool
  /// The connector cannot work without it (keys and digests), so it cannot be omitted.
  let isRequired: Bool

  /// Creates a column named `role` by default.
  init(_ role: String, _ type: ColumnType, _ source: ColumnSource, key: Bool = false, required: Bool = false) {
    self.role = role
    self.name = SnowflakeIdentifier(resolved: role)
    self.type = type
    self.source = source
    self.isKey = key
    self.isRequired = required || key
  }

  /// Whether the statement binds a value for this column (everything but the load time).
  var isBound: Bool { source != .loadedAt }
}
