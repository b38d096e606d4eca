import CMLCPlugin
import XCTest

/// Drives a plugin descriptor through its C function pointers, the way the host does,
/// with a `FakeHost` behind it.
final class PluginDriver {
  /// The records of one read, with how they were paged.
  struct ReadResult {
    var status: mlc_status
    var records: [[UInt8]] = []
    var pageSizes: [Int] = []
    var done = false
    var texts: [String] { records.map { String(decoding: $0, as: UTF8.self) } }
  }

  /// One reported outcome.
  struct Report: Equatable {
    var outcome: mlc_outcome
    var targetKey: String
    var message: String
  }

  let plugin: UnsafePointer<mlc_plugin_t>
  let host = FakeHost()
  private(set) var instance: UnsafeMutableRawPointer?

  init(_ descriptor: UnsafeRawPointer) {
    plugin = descriptor.assumingMemoryBound(to: mlc_plugin_t.self)
  }

  deinit {
    if let instance { plugin.pointee.close(instance) }
  }

  /// The manifest JSON the descriptor points at.
  var manifest: String {
    String(cString: plugin.pointee.manifest_json)
  }

  /// Calls `open` with `config` JSON.
  func open(_ config: String) -> mlc_status {
    Array(config.utf8).withUnsafeBufferPointer { buffer in
      plugin.pointee.open(plugin, UnsafePointer(host.table), mlc_bytes_t(ptr: buffer.baseAddress, len: UInt64(buffer.count)), &instance)
    }
  }

  /// Calls `decode_event` with one event and returns its status and the records it emitted.
  func decode(route: String, id: String, headers: [(String, String)] = [], body: String,
              receivedAt: String = "2026-12-01T10:00:00Z") -> (status: mlc_status, records: [String]) {
    let collector = EmitCollector()
    guard let decode = plugin.pointee.decode_event else { return (-1, []) }
    let texts = [route, id, receivedAt, body] + headers.flatMap { [$0.0, $0.1] }
    let storage = texts.map { Array($0.utf8) }
    let status = storage.withUnsafeBufferPointer { _ -> mlc_status in
      func view(_ index: Int) -> mlc_bytes_t {
        storage[index].withUnsafeBufferPointer { mlc_bytes_t(ptr: $0.baseAddress, len: UInt64($0.count)) }
      }
      let headerViews = stride(from: 4, to: storage.count, by: 2).map { mlc_http_header_t(name: view($0), value: view($0 + 1)) }
      return headerViews.withUnsafeBufferPointer { headerBuffer in
        var event = mlc_event_t(
          struct_size: UInt32(MemoryLayout<mlc_event_t>.size), abi_major: UInt16(MLC_ABI_MAJOR), abi_minor: UInt16(MLC_ABI_MINOR),
          route: view(0), event_id: view(1), received_at: view(2), headers: headerBuffer.baseAddress,
          header_count: UInt64(headerBuffer.count), body: view(3))
        return collector.withEmit { decode(instance, &event, $0) }
      }
    }
    return (status, collector.records.map { String(decoding: $0, as: UTF8.self) })
  }

  /// Calls `check` and returns its status and report.
  func check() -> (status: mlc_status, report: String) {
    let collector = EmitCollector()
    let status = collector.withEmit { plugin.pointee.check(instance, $0) }
    return (status, collector.records.first.map { String(decoding: $0, as: UTF8.self) } ?? "")
  }

  /// Reads `entity` to the end (or the first error), page by page.
  func read(_ entity: String, since: String = "", pageSize: UInt32 = 500, flags: UInt32 = 0,
            collector: EmitCollector = EmitCollector()) -> ReadResult {
    guard let readOpen = plugin.pointee.read_open, let readNext = plugin.pointee.read_next,
          let readClose = plugin.pointee.read_close else { return ReadResult(status: -1) }
    let entityBytes = Array(entity.utf8)
    let sinceBytes = Array(since.utf8)
    var reader: UnsafeMutableRawPointer?
    let status = entityBytes.withUnsafeBufferPointer { entityBuffer in
      sinceBytes.withUnsafeBufferPointer { sinceBuffer in
        var request = mlc_read_request_t(
          struct_size: UInt32(MemoryLayout<mlc_read_request_t>.size),
          abi_major: UInt16(MLC_ABI_MAJOR), abi_minor: UInt16(MLC_ABI_MINOR),
          entity: mlc_bytes_t(ptr: entityBuffer.baseAddress, len: UInt64(entityBuffer.count)),
          since: mlc_bytes_t(ptr: sinceBuffer.baseAddress, len: UInt64(sinceBuffer.count)),
          page_size: pageSize, flags: flags)
        return readOpen(instance, &request, &reader)
      }
    }
    var result = ReadResult(status: status)
    guard status == MLC_OK else { return result }
    defer { readClose(instance, reader) }
    for _ in 0..<1_000_000 {
      let before = collector.count
      var done: UInt32 = 0
      result.status = collector.withEmit { readNext(instance, reader, $0, &done) }
      guard result.status == MLC_OK else { break }
      result.pageSizes.append(collector.count - before)
      if done == 1 {
        result.done = true
        break
      }
    }
    result.records = collector.records
    return result
  }

  /// Writes `records` of `entity` and returns the status and the outcomes by index.
  func write(_ entity: String, _ records: [String]) -> (status: mlc_status, reports: [UInt64: Report]) {
    guard let writeFunction = plugin.pointee.write else { return (-1, [:]) }
    // All records in one buffer, so one closure keeps every view valid.
    let joined = records.flatMap { Array($0.utf8) }
    var ranges: [Range<Int>] = []
    var offset = 0
    for record in records {
      ranges.append(offset..<offset + record.utf8.count)
      offset += record.utf8.count
    }
    let entityBytes = Array(entity.utf8)
    let reports = ReportCollector()
    let status: mlc_status = joined.withUnsafeBufferPointer { (base) -> mlc_status in
      // The trailing empty view gives a zero-length batch a valid records pointer too.
      var records: [mlc_bytes_t] = ranges.map { (range: Range<Int>) -> mlc_bytes_t in
        let start: UnsafePointer<UInt8>? = base.baseAddress.map { $0 + range.lowerBound }
        return mlc_bytes_t(ptr: start, len: UInt64(range.count))
      }
      records.append(mlc_bytes_t(ptr: nil, len: 0))
      return entityBytes.withUnsafeBufferPointer { (entityBuffer) -> mlc_status in
        records.withUnsafeBufferPointer { (recordBuffer) -> mlc_status in
          guard let first = recordBuffer.baseAddress else { return -1 }
          var request = mlc_write_request_t(
            struct_size: UInt32(MemoryLayout<mlc_write_request_t>.size),
            abi_major: UInt16(MLC_ABI_MAJOR), abi_minor: UInt16(MLC_ABI_MINOR),
            entity: mlc_bytes_t(ptr: entityBuffer.baseAddress, len: UInt64(entityBuffer.count)),
            records: first, count: UInt64(ranges.count))
          return reports.withOutcomes { writeFunction(instance, &request, $0) }
        }
      }
    }
    return (status, reports.reports)
  }
}

/// Collects what a plugin puts to an `mlc_emit_t`.
final class EmitCollector {
  private(set) var records: [[UInt8]] = []
  private(set) var count = 0
  private(set) var byteCount = 0
  /// Keep each record (tests) or only count them (throughput).
  let keep: Bool
  /// Refuse every record after this many, as a host does for one that is too large.
  let refuseAfter: Int?

  init(keep: Bool = true, refuseAfter: Int? = nil) {
    self.keep = keep
    self.refuseAfter = refuseAfter
  }

  func withEmit<R>(_ body: (UnsafePointer<mlc_emit_t>) -> R) -> R {
    var emit = mlc_emit_t(
      struct_size: UInt32(MemoryLayout<mlc_emit_t>.size),
      abi_major: UInt16(MLC_ABI_MAJOR), abi_minor: UInt16(MLC_ABI_MINOR),
      context: Unmanaged.passUnretained(self).toOpaque(),
      put: { context, bytes in
        guard let context else { return mlc_status(MLC_FATAL) }
        let collector = Unmanaged<EmitCollector>.fromOpaque(context).takeUnretainedValue()
        if let limit = collector.refuseAfter, collector.count >= limit { return mlc_status(MLC_FATAL) }
        collector.count += 1
        collector.byteCount += Int(bytes.len)
        if collector.keep, let pointer = bytes.ptr {
          collector.records.append(Array(UnsafeBufferPointer(start: pointer, count: Int(bytes.len))))
        }
        return mlc_status(MLC_OK)
      })
    return withExtendedLifetime(self) { body(&emit) }
  }
}

/// Collects what a sink reports to an `mlc_outcomes_t`.
final class ReportCollector {
  private(set) var reports: [UInt64: PluginDriver.Report] = [:]

  func withOutcomes<R>(_ body: (UnsafePointer<mlc_outcomes_t>) -> R) -> R {
    var outcomes = mlc_outcomes_t(
      struct_size: UInt32(MemoryLayout<mlc_outcomes_t>.size),
      abi_major: UInt16(MLC_ABI_MAJOR), abi_minor: UInt16(MLC_ABI_MINOR),
      context: Unmanaged.passUnretained(self).toOpaque(),
      report: { context, index, outcome, key, message in
        guard let context else { return }
        let collector = Unmanaged<ReportCollector>.fromOpaque(context).takeUnretainedValue()
        collector.reports[index] = PluginDriver.Report(outcome: outcome, targetKey: text(key), message: text(message))
      })
    return withExtendedLifetime(self) { body(&outcomes) }
  }
}
