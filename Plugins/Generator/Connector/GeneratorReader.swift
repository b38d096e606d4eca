import MLCPluginKit

/// One read of one generated entity: a `RecordCursor` behind the `RecordReader` protocol.
final class GeneratorReader: RecordReader {
  private var cursor: RecordCursor

  /// Positions the read at the first record whose `updated_at` is at or after `since`
  /// (Unix seconds, rounded up), or at the very first record.
  init(entity: GeneratedEntity, world: GeneratorWorld, texts: RecordTexts, pageSize: Int, since: Int64?) {
    cursor = RecordCursor(entity: entity, world: world, texts: texts, pageSize: pageSize, since: since)
  }

  func nextPage(into emitter: RecordEmitter) throws -> Bool {
    try cursor.nextPage(into: emitter)
  }
}
