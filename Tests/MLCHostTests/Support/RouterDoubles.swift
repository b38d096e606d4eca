import Foundation
@testable import MLCHost

/// An in-memory source for router tests: emits the given JSON lines whose entity matches the
/// read, in the order given (no sorting, so tests can feed out-of-order or repeated
/// records), `pageSize` records a page.
final class ListSource: RecordSource {
  let connectionName: String
  var lines: [String]
  let pageSize: Int
  var traffic: HTTPTraffic? { nil }

  init(_ lines: [String] = [], connection: String = "src", pageSize: Int = 2) {
    self.lines = lines
    self.connectionName = connection
    self.pageSize = pageSize
  }

  func openReader(entity: String, since: String?, pageSize: Int, full: Bool) throws -> any PageReader {
    let wanted = #""entity":"\#(entity)""#
    return Reader(entity: entity, lines: lines.filter { $0.contains(wanted) }, pageSize: self.pageSize)
  }

  final class Reader: PageReader {
    let entity: String
    private var lines: ArraySlice<String>
    private let pageSize: Int
    private(set) var closed = false

    init(entity: String, lines: [String], pageSize: Int) {
      self.entity = entity
      self.lines = lines[...]
      self.pageSize = pageSize
    }

    func next(into page: RecordPage) throws -> Bool {
      page.reset(entity: entity)
      for line in lines.prefix(pageSize) {
        let accepted = Array(line.utf8).withUnsafeBytes { page.append($0) }
        guard accepted else {
          throw PluginCallError(connection: "src", plugin: "list", operation: "read \(entity)", status: ABI.fatal,
                                message: "the source emitted an unusable record: \(page.refusal ?? "")", retryAfterMilliseconds: 0)
        }
      }
      lines = lines.dropFirst(pageSize)
      return lines.isEmpty
    }

    func close() { closed = true }
  }
}

/// An in-memory sink for router tests, steered by a `"force"` member in each record's data:
/// "failed", "held", "noreport", "retry-once" (the whole batch answers MLC_RETRY the first
/// time one carries it), "retry-always", "record-retry-once" (a RETRY outcome the first time
/// the sink sees such a record), "record-retry-always", "map" (translates the key through
/// mapping table "fixture_map": inserted with the mapped value, held without). Everything
/// else is inserted as `T-<key>`.
final class ScriptedSink: RecordSink {
  let connectionName: String
  var mappings: MappingStore?
  var traffic: HTTPTraffic? { nil }
  /// Keys written, in order, once per time a record reached the target.
  private(set) var written: [String] = []
  /// The size of each batch the sink was handed.
  private(set) var batches: [Int] = []
  private var retriedBatch = false
  private var retriedRecord = false

  init(connection: String = "dst", mappings: MappingStore? = nil) {
    self.connectionName = connection
    self.mappings = mappings
  }

  func write(_ page: RecordPage) throws -> [SinkResult] {
    let texts = (0..<page.count).map { String(decoding: page.bytes(at: $0), as: UTF8.self) }
    if texts.contains(where: { $0.contains(#""force":"retry-always""#) })
      || (!retriedBatch && texts.contains(where: { $0.contains(#""force":"retry-once""#) })) {
      retriedBatch = true
      throw PluginCallError(connection: connectionName, plugin: "scripted", operation: "write \(page.entity)", status: ABI.retry,
                            message: "target busy, try again", retryAfterMilliseconds: 0)
    }
    batches.append(page.count)
    var sawRecordRetry = false
    let results = texts.enumerated().map { index, text -> SinkResult in
      let key = page.envelopes[index].key ?? ""
      if text.contains(#""force":"noreport""#) { return SinkResult(outcome: .failed, message: "the sink reported no outcome for this record") }
      if text.contains(#""force":"record-retry-always""#) || (!retriedRecord && text.contains(#""force":"record-retry-once""#)) {
        sawRecordRetry = true
        return SinkResult(outcome: .retry, message: "upstream timed out before this record was sent")
      }
      if text.contains(#""force":"failed""#) { return SinkResult(outcome: .failed, message: "forced failure") }
      if text.contains(#""force":"held""#) { return SinkResult(outcome: .held, message: "vendor V9 is not mapped") }
      if text.contains(#""force":"map""#) {
        guard let mapped = try? mappings?.value(table: "fixture_map", from: key) else {
          return SinkResult(outcome: .held, message: "mapping table fixture_map has no row for \(key)")
        }
        written.append(key)
        return SinkResult(outcome: .inserted, targetKey: mapped)
      }
      written.append(key)
      return SinkResult(outcome: .inserted, targetKey: "T-\(key)")
    }
    if sawRecordRetry { retriedRecord = true }
    return results
  }
}
