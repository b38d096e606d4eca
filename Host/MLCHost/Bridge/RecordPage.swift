import CMLCPlugin

/// One page of records as the source emitted them: their bytes, back to back in one buffer,
/// and the envelope fields the router needs. Reused page after page, so a flow's memory
/// stays flat however many records move.
final class RecordPage {
  private(set) var storage: [UInt8] = []
  private(set) var ranges: [Range<Int>] = []
  private(set) var envelopes: [RecordEnvelope] = []
  /// Why the last `append` was refused, for the error the router raises.
  private(set) var refusal: String?
  /// The entity every record of this page must carry; empty for a page of decoded push
  /// events, whose records may be of several entities (each must name its own).
  var entity = ""
  /// Records larger than this are refused (a runaway source must not exhaust memory).
  static let maxRecordBytes = 16 << 20

  var count: Int { ranges.count }

  func reset(entity: String) {
    self.entity = entity
    storage.removeAll(keepingCapacity: true)
    ranges.removeAll(keepingCapacity: true)
    envelopes.removeAll(keepingCapacity: true)
    refusal = nil
  }

  /// Copies one record in, after checking it is a canonical record of this page's entity.
  /// Returns false (and sets `refusal`) when it is not.
  func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard bytes.count <= Self.maxRecordBytes else {
      refusal = "record \(count + 1) of the page is \(bytes.count) bytes; the limit is \(Self.maxRecordBytes)"
      return false
    }
    let envelope: RecordEnvelope
    do {
      envelope = try RecordEnvelope.scan(bytes)
    } catch {
      refusal = "record \(count + 1) of the page is not a canonical record: \(error); it begins \(Self.preview(bytes))"
      return false
    }
    guard let key = envelope.key, !key.isEmpty else {
      refusal = "record \(count + 1) of the page has no \"key\" string; it begins \(Self.preview(bytes))"
      return false
    }
    if entity.isEmpty {
      guard let recordEntity = envelope.entity, CanonicalEntity.isKnown(recordEntity) else {
        refusal = "record \"\(key)\" has no \"entity\" naming a canonical entity"
        return false
      }
    } else if let recordEntity = envelope.entity, recordEntity != entity {
      refusal = "record \"\(key)\" has entity \"\(recordEntity)\" in a read of \"\(entity)\""
      return false
    }
    guard envelope.cursorValue != nil else {
      refusal = "record \"\(key)\" has neither \"cursor\" nor \"updated_at\"; the host needs one to checkpoint"
      return false
    }
    let start = storage.count
    storage.append(contentsOf: bytes)
    ranges.append(start..<storage.count)
    envelopes.append(envelope)
    return true
  }

  /// Copies record `index` of `other` in, with the envelope `other` already checked.
  func append(_ other: RecordPage, at index: Int) {
    let start = storage.count
    storage.append(contentsOf: other.storage[other.ranges[index]])
    ranges.append(start..<storage.count)
    envelopes.append(other.envelopes[index])
  }

  func bytes(at index: Int) -> ArraySlice<UInt8> { storage[ranges[index]] }

  private static func preview(_ bytes: UnsafeRawBufferPointer) -> String {
    let head = String(decoding: bytes.prefix(80), as: UTF8.self)
    return "\"\(head)\(bytes.count > 80 ? "…" : "")\""
  }
}
