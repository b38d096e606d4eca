import CMLCPlugin

/// One opened connector instance for one connection: the host's handle on the C calls.
///
/// Calls are made synchronously on the caller's thread, which must be a thread of the host's
/// own (never Swift's cooperative pool): a plugin blocks in `http` while the host works.
/// Not thread-safe: one call at a time, as the ABI promises plugins by default.
final class PluginInstance: RecordSource, RecordSink {
  let plugin: LoadedPlugin
  let context: HostContext
  private let table: UnsafeMutablePointer<mlc_host_t>
  fileprivate var instance: UnsafeMutableRawPointer?
  private var closed = false

  var connectionName: String { context.connection }

  /// The HTTP work of the connection so far, when it has an HTTP service.
  var traffic: HTTPTraffic? {
    (context.http as? HTTPService).map { HTTPTraffic($0.metrics.snapshot()) }
  }

  /// Opens the connector with the connection's config. Throws `PluginCallError`.
  init(plugin: LoadedPlugin, context: HostContext, config: [UInt8]) throws {
    self.plugin = plugin
    self.context = context
    table = HostServicesTable.make(for: context)
    var opened: UnsafeMutableRawPointer?
    let status = config.withUnsafeBufferPointer { buffer in
      context.beginCall()
      return plugin.descriptor.open(plugin.exported, table, mlc_bytes_t(ptr: buffer.baseAddress, len: UInt64(buffer.count)), &opened)
    }
    if let error = failure(status, "open") {
      // Nothing to close: the plugin made no instance. `deinit` still runs for a class whose
      // init throws, so mark it closed and let `close()` free the table exactly once.
      close(callingPlugin: false)
      throw error
    }
    instance = opened
  }

  deinit { close() }

  /// Closes the instance; later calls are programming errors. The context and table are
  /// kept alive until here because the plugin may hold the table pointer until `close`.
  func close() {
    close(callingPlugin: true)
  }

  private func close(callingPlugin: Bool) {
    guard !closed else { return }
    closed = true
    if callingPlugin { plugin.descriptor.close(instance) }
    context.http?.close()
    _ = context.endCall()
    table.deinitialize(count: 1)
    table.deallocate()
  }

  /// Runs the plugin's `check` and returns the JSON report it emitted.
  func check() throws -> String {
    let collector = ByteCollector()
    let status = withEmitter(collector) { emitter in plugin.descriptor.check(instance, emitter) }
    if let error = failure(status, "check") { throw error }
    return String(decoding: collector.bytes, as: UTF8.self)
  }

  /// Starts reading `entity`. Throws `PluginCallError`.
  func openReader(entity: String, since: String?, pageSize: Int, full: Bool) throws -> any PageReader {
    guard let readOpen = plugin.descriptor.read_open, let readNext = plugin.descriptor.read_next,
          let readClose = plugin.descriptor.read_close else { throw unsupported("read \(entity)") }
    var handle: UnsafeMutableRawPointer?
    var entityText = entity, sinceText = since ?? ""
    let status = entityText.withUTF8 { entityBytes in
      sinceText.withUTF8 { sinceBytes in
        var request = mlc_read_request_t(
          struct_size: ABI.size(of: mlc_read_request_t.self), abi_major: ABI.major, abi_minor: ABI.minor,
          entity: mlc_bytes_t(ptr: entityBytes.baseAddress, len: UInt64(entityBytes.count)),
          since: mlc_bytes_t(ptr: sinceBytes.baseAddress, len: UInt64(sinceBytes.count)),
          page_size: UInt32(pageSize), flags: full ? UInt32(MLC_READ_FULL) : 0)
        context.beginCall()
        return readOpen(instance, &request, &handle)
      }
    }
    if let error = failure(status, "read \(entity)") { throw error }
    return Reader(owner: self, handle: handle, entity: entity, readNext: readNext, readClose: readClose)
  }

  /// One open read: the plugin's reader handle and the functions that drive it.
  private final class Reader: PageReader {
    let owner: PluginInstance
    let handle: UnsafeMutableRawPointer?
    let entity: String
    let readNext: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, UnsafePointer<mlc_emit_t>,
                                  UnsafeMutablePointer<UInt32>) -> mlc_status
    let readClose: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Void
    private var closed = false

    init(owner: PluginInstance, handle: UnsafeMutableRawPointer?, entity: String,
         readNext: @escaping @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, UnsafePointer<mlc_emit_t>,
                                             UnsafeMutablePointer<UInt32>) -> mlc_status,
         readClose: @escaping @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Void) {
      self.owner = owner
      self.handle = handle
      self.entity = entity
      self.readNext = readNext
      self.readClose = readClose
    }

    /// Fills `page` with the reader's next page. Returns true when the read is complete.
    func next(into page: RecordPage) throws -> Bool {
      page.reset(entity: entity)
      let context = owner.context
      var done: UInt32 = 0
      var emitter = mlc_emit_t(
        struct_size: ABI.size(of: mlc_emit_t.self), abi_major: ABI.major, abi_minor: ABI.minor,
        context: Unmanaged.passUnretained(page).toOpaque(), put: pageAppend)
      context.beginCall()
      let status = readNext(owner.instance, handle, &emitter, &done)
      if let refusal = page.refusal {
        _ = context.endCall()
        throw PluginCallError(connection: context.connection, plugin: owner.plugin.name, operation: "read \(entity)",
                              status: ABI.fatal, message: "the source emitted an unusable record: \(refusal)", retryAfterMilliseconds: 0)
      }
      if let error = owner.failure(status, "read \(entity)") { throw error }
      return done != 0
    }

    func close() {
      guard !closed else { return }
      closed = true
      readClose(owner.instance, handle)
    }
  }

  /// Writes `page`'s records and returns one outcome per record (unreported ones become
  /// failures). Throws `PluginCallError` when the sink refused the whole batch.
  func write(_ page: RecordPage) throws -> [SinkResult] {
    guard let write = plugin.descriptor.write else { throw unsupported("write \(page.entity)") }
    let collector = OutcomeCollector(count: page.count)
    var entity = page.entity
    let status = page.storage.withUnsafeBufferPointer { storage in
      let views = page.ranges.map { range in
        mlc_bytes_t(ptr: storage.baseAddress.map { $0 + range.lowerBound }, len: UInt64(range.count))
      }
      return views.withUnsafeBufferPointer { records in
        entity.withUTF8 { entityBytes in
          var request = mlc_write_request_t(
            struct_size: ABI.size(of: mlc_write_request_t.self), abi_major: ABI.major, abi_minor: ABI.minor,
            entity: mlc_bytes_t(ptr: entityBytes.baseAddress, len: UInt64(entityBytes.count)),
            records: records.baseAddress!, count: UInt64(records.count))
          var outcomes = mlc_outcomes_t(
            struct_size: ABI.size(of: mlc_outcomes_t.self), abi_major: ABI.major, abi_minor: ABI.minor,
            context: Unmanaged.passUnretained(collector).toOpaque(), report: outcomeReport)
          context.beginCall()
          return write(instance, &request, &outcomes)
        }
      }
    }
    if let error = failure(status, "write \(page.entity)") { throw error }
    return collector.results
  }

  /// Hands one stored push event to the connector and collects the records it emits into
  /// `page`. Throws `PluginCallError` (MLC_RETRY: ask again later; otherwise the event
  /// cannot be decoded).
  func decodeEvent(_ event: StoredEvent, into page: RecordPage) throws {
    guard let decode = plugin.descriptor.decode_event else { throw unsupported("decode an event on route \(event.route)") }
    page.reset(entity: "")
    var emitter = mlc_emit_t(
      struct_size: ABI.size(of: mlc_emit_t.self), abi_major: ABI.major, abi_minor: ABI.minor,
      context: Unmanaged.passUnretained(page).toOpaque(), put: pageAppend)
    let status = event.withCEvent { cEvent in
      context.beginCall()
      return decode(instance, cEvent, &emitter)
    }
    let operation = "decode event \(event.id) on route \(event.route)"
    if let refusal = page.refusal {
      _ = context.endCall()
      throw PluginCallError(connection: context.connection, plugin: plugin.name, operation: operation,
                            status: ABI.fatal, message: "the connector emitted an unusable record: \(refusal)", retryAfterMilliseconds: 0)
    }
    if let error = failure(status, operation) { throw error }
  }

  private func withEmitter(_ collector: ByteCollector, _ body: (UnsafePointer<mlc_emit_t>) -> mlc_status) -> mlc_status {
    var emitter = mlc_emit_t(
      struct_size: ABI.size(of: mlc_emit_t.self), abi_major: ABI.major, abi_minor: ABI.minor,
      context: Unmanaged.passUnretained(collector).toOpaque(), put: collectBytes)
    context.beginCall()
    return body(&emitter)
  }

  /// Ends the call and converts a non-OK status into an error with the plugin's reason.
  fileprivate func failure(_ status: mlc_status, _ operation: String) -> PluginCallError? {
    let explanation = context.endCall()
    guard status != ABI.ok else { return nil }
    return PluginCallError(connection: context.connection, plugin: plugin.name, operation: operation, status: status,
                           message: explanation.message, retryAfterMilliseconds: explanation.retryAfter)
  }

  private func unsupported(_ operation: String) -> PluginCallError {
    PluginCallError(connection: context.connection, plugin: plugin.name, operation: operation, status: ABI.unsupported,
                    message: "plugin \(plugin.name) does not implement this", retryAfterMilliseconds: 0)
  }
}

/// Accumulates bytes put to an emitter (a check report, a token).
final class ByteCollector {
  var bytes: [UInt8] = []
}

/// Accumulates per-record outcomes reported by a sink.
final class OutcomeCollector {
  var results: [SinkResult]

  init(count: Int) {
    results = Array(repeating: SinkResult(outcome: .failed, message: "the sink reported no outcome for this record"), count: count)
  }
}

private let collectBytes: @convention(c) (UnsafeMutableRawPointer?, mlc_bytes_t) -> mlc_status = { context, bytes in
  let collector = Unmanaged<ByteCollector>.fromOpaque(context!).takeUnretainedValue()
  collector.bytes.append(contentsOf: byteArray(bytes))
  return ABI.ok
}

private let pageAppend: @convention(c) (UnsafeMutableRawPointer?, mlc_bytes_t) -> mlc_status = { context, bytes in
  let page = Unmanaged<RecordPage>.fromOpaque(context!).takeUnretainedValue()
  if page.refusal != nil { return ABI.fatal }
  let view = UnsafeRawBufferPointer(start: bytes.ptr, count: bytes.ptr == nil ? 0 : Int(bytes.len))
  return page.append(view) ? ABI.ok : ABI.fatal
}

private let outcomeReport: @convention(c) (UnsafeMutableRawPointer?, UInt64, mlc_outcome, mlc_bytes_t, mlc_bytes_t) -> Void = { context, index, outcome, targetKey, message in
  let collector = Unmanaged<OutcomeCollector>.fromOpaque(context!).takeUnretainedValue()
  guard index < UInt64(collector.results.count) else { return }
  guard let value = Outcome(rawValue: outcome) else {
    collector.results[Int(index)] = SinkResult(outcome: .failed, message: "the sink reported an unknown outcome code \(outcome)")
    return
  }
  collector.results[Int(index)] = SinkResult(outcome: value, targetKey: string(targetKey), message: string(message))
}
