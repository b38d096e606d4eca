/// What a connector tells the host about itself: its name, version, the entities it reads
/// and writes, its config schema, the auth schemes it works with, and whether one
/// instance may be called from several threads at once.
///
/// The kit renders it once to the manifest JSON of `mlc_plugin_t.manifest_json`:
/// `{"name":…,"version":…,"entities":{"read":[…],"write":[…]},"config_schema":{…},
/// "auth":[…],"concurrent":false}`.
public struct Manifest: Sendable {
  /// Unique name in a plugin directory, `[a-z][a-z0-9_-]*`, e.g. `"generator"`.
  public var name: String
  /// The connector's version, e.g. `"1.0.0"`.
  public var version: String
  /// Canonical entities it can read (as a source).
  public var reads: [String]
  /// Canonical entities it can write (as a sink).
  public var writes: [String]
  /// A JSON Schema object for the connection's `config`, as JSON text.
  public var configSchema: String
  /// Auth schemes it works with, e.g. `["none"]`, `["oauth2_client_credentials"]`.
  public var auth: [String]
  /// Whether the host may call one instance from several threads at once.
  public var concurrent: Bool
  /// Push routes the host listens on for this connector (the type must be an
  /// `EventDecoder` when any are declared).
  public var webhooks: [WebhookRoute]

  /// Creates a manifest; the default config schema accepts any object.
  public init(name: String, version: String, reads: [String] = [], writes: [String] = [],
              configSchema: String = #"{"type":"object"}"#, auth: [String] = ["none"],
              concurrent: Bool = false, webhooks: [WebhookRoute] = []) {
    self.name = name
    self.version = version
    self.reads = reads
    self.writes = writes
    self.configSchema = configSchema
    self.auth = auth
    self.concurrent = concurrent
    self.webhooks = webhooks
  }

  /// Why this manifest cannot be exported, or nil when it is fine: a name outside
  /// `[a-z][a-z0-9_-]*`, an empty version, or a config schema that is not a JSON object.
  public func problem() -> String? {
    let bytes = Array(name.utf8)
    let isLower = { (byte: UInt8) in byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
    let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    guard let first = bytes.first, isLower(first),
          bytes.allSatisfy({ isLower($0) || isDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
    else {
      return "manifest name \"\(name)\" must match [a-z][a-z0-9_-]*"
    }
    if bytes.count > 64 { return "manifest name \"\(name)\" is longer than 64 bytes" }
    if version.isEmpty { return "manifest \"\(name)\": version is empty" }
    var routes = Set<String>()
    for hook in webhooks {
      let valid = !hook.route.isEmpty && hook.route.utf8.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
      if !valid { return "manifest \"\(name)\": webhook route \"\(hook.route)\" must match [a-z0-9_-]+" }
      if !routes.insert(hook.route).inserted { return "manifest \"\(name)\": webhook route \"\(hook.route)\" is declared twice" }
      if hook.header.isEmpty { return "manifest \"\(name)\": webhook route \"\(hook.route)\" names no signature header" }
    }
    do {
      guard case .object = try JSONValue(parsing: configSchema) else {
        return "manifest \"\(name)\": config schema must be a JSON object"
      }
    } catch {
      return "manifest \"\(name)\": config schema is not valid JSON: \(error)"
    }
    return nil
  }

  /// The manifest JSON the header describes. The config schema is inserted as given
  /// (check it with `problem()` first).
  public func json() -> String {
    var writer = JSONWriter(capacity: 512 + configSchema.utf8.count)
    writer.beginObject()
    writer.field("name", name)
    writer.field("version", version)
    writer.key("entities")
    writer.beginObject()
    writer.key("read")
    writeStrings(reads, to: &writer)
    writer.key("write")
    writeStrings(writes, to: &writer)
    writer.endObject()
    writer.key("config_schema")
    writer.raw(configSchema)
    writer.key("auth")
    writeStrings(auth, to: &writer)
    writer.field("concurrent", bool: concurrent)
    if !webhooks.isEmpty {
      writer.key("webhooks")
      writer.beginArray()
      for hook in webhooks { hook.write(to: &writer) }
      writer.endArray()
    }
    writer.endObject()
    return writer.text
  }

  private func writeStrings(_ values: [String], to writer: inout JSONWriter) {
    writer.beginArray()
    for value in values { writer.string(value) }
    writer.endArray()
  }
}
