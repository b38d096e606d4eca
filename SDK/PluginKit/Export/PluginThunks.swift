import CMLCPlugin

/// The `@convention(c)` functions a descriptor points at. Each recovers the Swift objects
/// behind the opaque pointers, runs the connector through `Boundary`, and returns a status.
///
/// NULL instance or reader pointers, and request structs too short to hold a 2.0 field,
/// return `MLC_FATAL` instead of trapping: the host is someone else's code.
enum PluginThunks {
  // MARK: Instances

  /// `open`: finds the exported type from the `self` descriptor, parses the config and
  /// creates the connector.
  static let open: @convention(c) (UnsafePointer<mlc_plugin_t>, UnsafePointer<mlc_host_t>, mlc_bytes_t,
                                   UnsafeMutablePointer<UnsafeMutableRawPointer?>) -> mlc_status = {
    descriptor, table, config, out in
    out.pointee = nil
    guard let export = ConnectorExport.from(descriptor) else {
      StandardError.write("open: the host passed a descriptor this library did not export")
      return mlc_status(MLC_FATAL)
    }
    let host: PluginHost
    do {
      host = try PluginHost(table)
    } catch {
      // Without a usable table there is nobody to explain this to but stderr.
      StandardError.write("\(export.manifest.name): cannot open: \(error)")
      return mlc_status(MLC_FATAL)
    }
    return Boundary.run(host, name: export.manifest.name, operation: "open") {
      let config = try ConfigObject(json: CBytes.buffer(config), connector: export.manifest.name)
      let connector = try export.make(config, host)
      let instance = ConnectorInstance(connector: connector, host: host, export: export)
      out.pointee = Unmanaged.passRetained(instance).toOpaque()
    }
  }

  /// `close`: releases the instance retained at `open`.
  static let close: @convention(c) (UnsafeMutableRawPointer?) -> Void = { instance in
    guard let instance else { return }
    Unmanaged<ConnectorInstance>.fromOpaque(instance).release()
  }

  /// `check`: runs `Connector.check` and puts its report.
  static let check: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<mlc_emit_t>) -> mlc_status = {
    pointer, report in
    guard let instance = ConnectorInstance.from(pointer) else { return mlc_status(MLC_FATAL) }
    return Boundary.run(instance.host, name: instance.name, operation: "check") {
      let emitter = try RecordEmitter(report)
      try emitter.emit(try instance.connector.check().json())
    }
  }

  // MARK: Reading

  /// `read_open`: checks the entity against the manifest and opens a `RecordReader`.
  static let readOpen: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<mlc_read_request_t>,
                                       UnsafeMutablePointer<UnsafeMutableRawPointer?>) -> mlc_status = {
    pointer, request, out in
    out.pointee = nil
    guard let instance = ConnectorInstance.from(pointer) else { return mlc_status(MLC_FATAL) }
    return Boundary.run(instance.host, name: instance.name, operation: "read_open") {
      let readRequest = try CRequests.readRequest(request, connector: instance.name)
      guard let source = instance.source else {
        throw PluginError.unsupported("\(instance.name) is not a source: it reads no entities")
      }
      guard instance.export.reads.contains(readRequest.entity) else {
        throw PluginError.unsupported(
          "\(instance.name) cannot read \"\(readRequest.entity)\"; it reads \(instance.export.manifest.reads.joined(separator: ", "))")
      }
      let reader = try source.openReader(readRequest)
      let handle = ReaderHandle(reader: reader, entity: readRequest.entity)
      out.pointee = Unmanaged.passRetained(handle).toOpaque()
    }
  }

  /// `read_next`: asks the reader for one page; after it reported done, puts nothing and
  /// reports done again rather than calling it once more.
  static let readNext: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?,
                                       UnsafePointer<mlc_emit_t>, UnsafeMutablePointer<UInt32>) -> mlc_status = {
    pointer, readerPointer, emit, done in
    done.pointee = 0
    guard let instance = ConnectorInstance.from(pointer),
          let handle = ReaderHandle.from(readerPointer) else { return mlc_status(MLC_FATAL) }
    return Boundary.run(instance.host, name: instance.name, operation: "read_next of \(handle.entity)") {
      if !handle.finished {
        let emitter = try RecordEmitter(emit)
        handle.finished = try handle.reader.nextPage(into: emitter)
      }
      done.pointee = handle.finished ? 1 : 0
    }
  }

  /// `read_close`: closes the reader and releases it, also after an error.
  static let readClose: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Void = {
    _, readerPointer in
    guard let readerPointer else { return }
    let handle = Unmanaged<ReaderHandle>.fromOpaque(readerPointer)
    handle.takeUnretainedValue().reader.close()
    handle.release()
  }

  // MARK: Writing

  /// `write`: checks the entity, hands the batch to `Sink.write`, and turns an outcome
  /// reported past the batch into a fatal error.
  static let write: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<mlc_write_request_t>,
                                    UnsafePointer<mlc_outcomes_t>) -> mlc_status = {
    pointer, request, outcomes in
    guard let instance = ConnectorInstance.from(pointer) else { return mlc_status(MLC_FATAL) }
    return Boundary.run(instance.host, name: instance.name, operation: "write") {
      guard let sink = instance.sink else {
        throw PluginError.unsupported("\(instance.name) is not a sink: it writes no entities")
      }
      try CRequests.withWriteBatch(request, connector: instance.name) { batch in
        guard instance.export.writes.contains(batch.entity) else {
          throw PluginError.unsupported(
            "\(instance.name) cannot write \"\(batch.entity)\"; it writes \(instance.export.manifest.writes.joined(separator: ", "))")
        }
        let reporter = try OutcomeReporter(outcomes, count: batch.count)
        try sink.write(batch, outcomes: reporter)
        if let misuse = reporter.misuse {
          throw PluginError.fatal("\(instance.name) write of \(batch.entity): \(misuse)")
        }
      }
    }
  }

  // MARK: Push events

  /// `decode_event`: checks the route against the manifest and hands the stored event to
  /// `EventDecoder.decode`.
  static let decodeEvent: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<mlc_event_t>,
                                          UnsafePointer<mlc_emit_t>) -> mlc_status = {
    pointer, event, emit in
    guard let instance = ConnectorInstance.from(pointer) else { return mlc_status(MLC_FATAL) }
    return Boundary.run(instance.host, name: instance.name, operation: "decode_event") {
      guard let decoder = instance.connector as? any EventDecoder else {
        throw PluginError.unsupported("\(instance.name) declares no webhooks")
      }
      let pushEvent = try CRequests.event(event, connector: instance.name)
      guard instance.export.routes.contains(pushEvent.route) else {
        throw PluginError.unsupported(
          "\(instance.name) has no webhook route \"\(pushEvent.route)\"; it declares \(instance.export.routes.sorted().joined(separator: ", "))")
      }
      try decoder.decode(pushEvent, into: try RecordEmitter(emit))
    }
  }
}
