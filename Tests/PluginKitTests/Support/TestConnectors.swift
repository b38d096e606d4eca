import MLCPluginKit

/// An error that is not a `PluginError`, as a connector's own code might throw.
struct WidgetFailure: Error, CustomStringConvertible {
  let reason: String
  var description: String { "widget failure: \(reason)" }
}

/// A connector that fails where its config says: `{"fail":"retry"}` makes `check` throw a
/// retry error, `"arbitrary"` a non-plugin error, `"open-config"` / `"open-retry"` /
/// `"open-arbitrary"` make `init` throw.
final class ThrowingConnector: Connector {
  static let manifest = Manifest(name: "throwing", version: "0.1.0",
                                 configSchema: #"{"type":"object","properties":{"fail":{"type":"string"}}}"#)
  let mode: String
  let host: PluginHost

  init(config: ConfigObject, host: PluginHost) throws {
    mode = try config.string("fail") ?? ""
    self.host = host
    switch mode {
    case "open-config": throw PluginError.config("throwing config: \"fail\" asked for a config error")
    case "open-retry": throw PluginError.retry(after: 10, "throwing: asked to retry at open")
    case "open-arbitrary": throw WidgetFailure(reason: "cannot open")
    default: break
    }
  }

  func check() throws -> CheckReport {
    switch mode {
    case "retry": throw PluginError.retry(after: 1500, "widget API rate-limited; try again in 1.5 s")
    case "arbitrary": throw WidgetFailure(reason: "socket closed")
    case "unsupported": throw PluginError.unsupported("throwing: no such thing")
    default: return CheckReport(detail: "throwing is fine")
    }
  }
}

/// A source of `total` widgets (`{"total":7}`), `widget` and `gadget` entities, whose reader
/// logs when it is closed and throws on page `fail_page` when configured.
final class WidgetSource: Source {
  static let manifest = Manifest(name: "widgets", version: "1.2.3", reads: ["widget", "gadget"],
                                 configSchema: #"{"type":"object"}"#, auth: ["none", "basic"])
  let total: Int
  let failPage: Int?
  let host: PluginHost

  init(config: ConfigObject, host: PluginHost) throws {
    total = try config.int("total", default: 7, in: 0...1_000)
    failPage = try config.int("fail_page", in: 1...1_000)
    self.host = host
  }

  func check() throws -> CheckReport {
    CheckReport(detail: "\(total) widgets ready")
  }

  func openReader(_ request: ReadRequest) throws -> any RecordReader {
    WidgetReader(source: self, request: request)
  }
}

/// Emits widget records `W/1…W/total` with `since` as a minimum index.
final class WidgetReader: RecordReader {
  let source: WidgetSource
  let request: ReadRequest
  var next: Int
  var page = 0

  init(source: WidgetSource, request: ReadRequest) {
    self.source = source
    self.request = request
    self.next = Int(request.since ?? "") ?? 1
  }

  func nextPage(into emitter: RecordEmitter) throws -> Bool {
    page += 1
    if page == source.failPage { throw PluginError.retry(after: 250, "widget page \(page) timed out") }
    var writer = JSONWriter()
    while emitter.count < request.pageSize && next <= source.total {
      writer.reset()
      writer.beginObject()
      writer.field("entity", request.entity)
      writer.field("key", "W/\(next)")
      writer.field("updated_at", "2026-01-01T00:00:00Z")
      writer.field("cursor", String(next))
      writer.endObject()
      try emitter.emit(writer)
      next += 1
    }
    return next > source.total
  }

  func close() {
    source.host.log(.debug, "\(request.entity) reader closed after \(page) pages")
  }
}

/// A sink of widgets: reports `inserted` with target key `T-<key>` for each record, and
/// `failed` for keys ending in `bad`; with `{"misreport":true}` it also reports an index
/// past the batch.
final class WidgetSink: Sink {
  static let manifest = Manifest(name: "widget-sink", version: "1.0.0", writes: ["widget"])
  let misreport: Bool

  init(config: ConfigObject, host: PluginHost) throws {
    misreport = try config.bool("misreport", default: false)
  }

  func check() throws -> CheckReport { CheckReport(detail: "sink ready") }

  func write(_ batch: WriteBatch, outcomes: OutcomeReporter) throws {
    for index in batch.indices {
      let fields = try batch.fields(at: index)
      guard let key = fields.key else {
        outcomes.report(index, .failed, message: "record \(index) has no key")
        continue
      }
      if key.hasSuffix("bad") {
        outcomes.report(index, .failed, message: "\(key): rejected by the widget API")
      } else {
        outcomes.report(index, .inserted, targetKey: "T-\(key)")
      }
    }
    if misreport { outcomes.report(batch.count, .skipped) }
  }
}

/// A connector whose manifest name breaks the `[a-z][a-z0-9_-]*` rule.
final class BadNameConnector: Connector {
  static let manifest = Manifest(name: "Bad Name", version: "1.0.0")
  init(config: ConfigObject, host: PluginHost) throws {}
  func check() throws -> CheckReport { CheckReport(detail: "") }
}

/// A push source: each event on route "widgets" names widgets in its body
/// (`{"ids":["w1","w2"]}`), one record per id; route "broken" always fails to decode.
final class WidgetHooks: EventDecoder {
  static let manifest = Manifest(
    name: "widget-hooks", version: "1.0.0", reads: ["vendor"],
    webhooks: [WebhookRoute(route: "widgets", entities: ["vendor"], header: "x-widget-signature", encoding: .hex,
                            prefix: "sha256=", eventID: .header("x-widget-event"))])

  init(config: ConfigObject, host: PluginHost) throws {}

  func check() throws -> CheckReport { CheckReport(detail: "listening") }

  func decode(_ event: PushEvent, into emitter: RecordEmitter) throws {
    let body = try JSONValue(parsing: event.body)
    guard case .array(let ids)? = body["ids"] else { throw PluginError.fatal("event \(event.id) has no \"ids\" list") }
    for case .string(let id) in ids {
      try emitter.emit(Array(#"{"entity":"vendor","key":"\#(id)","updated_at":"\#(event.receivedAt)","data":{"via":"\#(event.header("X-Widget-Event") ?? "")"}}"#.utf8))
    }
  }
}
