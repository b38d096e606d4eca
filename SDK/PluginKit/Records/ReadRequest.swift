/// What the host asks a source to read: one entity, from a cursor on.
public struct ReadRequest: Equatable, Sendable {
  /// A canonical entity the manifest lists under `reads`.
  public var entity: String
  /// The cursor of the last record the host already has, or nil to read everything.
  /// Emit every record whose cursor is `>=` this value: the host drops those it already
  /// delivered, so records sharing the boundary timestamp are safe to send again.
  public var since: String?
  /// How many records the host would like per page; a hint, not a limit. Never below 1.
  public var pageSize: Int
  /// True when the user asked for a full re-read (`mlc sync --full`).
  public var full: Bool

  /// Creates a request.
  public init(entity: String, since: String? = nil, pageSize: Int = 500, full: Bool = false) {
    self.entity = entity
    self.since = since
    self.pageSize = max(pageSize, 1)
    self.full = full
  }
}
