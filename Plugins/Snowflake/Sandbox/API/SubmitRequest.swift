import Foundation

/// The body of `POST /api/v2/statements`, as the reference's "Body of the POST request"
/// defines it (SYSTEMS.md §3.3): `statement` (required), `timeout`, `database`, `schema`,
/// `warehouse`, `role`, `bindings`, `parameters`. Unknown fields are ignored.
struct SubmitRequest {
  /// One entry of `bindings`: `{"type": "TEXT", "value": "x"}`; value nil is SQL NULL.
  struct Binding {
    let type: String
    let value: String?
  }

  let statement: String
  let database: String?
  let schema: String?
  let warehouse: String?
  let role: String?
  /// Bindings by their 1-based key ("1", "2", ...).
  let bindings: [Int: Binding]
  /// `parameters.MULTI_STATEMENT_COUNT`, any case; nil when absent.
  let multiStatementCount: Int?

  /// Decodes and validates `body`; nil when it is not a valid payload (the caller answers
  /// 400 `390142`). Binding values must be strings ("values are always strings").
  init?(body: [UInt8]) {
    guard !body.isEmpty,
          let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
          let statement = object["statement"] as? String else { return nil }
    self.statement = statement
    func optionalString(_ key: String) -> String?? {
      guard let value = object[key], !(value is NSNull) else { return .some(nil) }
      return (value as? String).map { .some($0) } ?? nil
    }
    guard let database = optionalString("database"), let schema = optionalString("schema"),
          let warehouse = optionalString("warehouse"), let role = optionalString("role") else { return nil }
    self.database = database
    self.schema = schema
    self.warehouse = warehouse
    self.role = role
    if let timeout = object["timeout"], !(timeout is NSNull) {
      guard !(timeout is Bool), let number = timeout as? NSNumber, number.int64Value >= 0 else { return nil }
    }
    var bindings: [Int: Binding] = [:]
    if let raw = object["bindings"], !(raw is NSNull) {
      guard let entries = raw as? [String: Any] else { return nil }
      for (key, entry) in entries {
        guard let index = Int(key), index > 0, let fields = entry as? [String: Any],
              let type = fields["type"] as? String else { return nil }
        let value = fields["value"]
        if value == nil || value is NSNull {
          bindings[index] = Binding(type: type, value: nil)
        } else {
          guard let text = value as? String else { return nil }
          bindings[index] = Binding(type: type, value: text)
        }
      }
    }
    self.bindings = bindings
    var count: Int?
    if let parameters = object["parameters"] as? [String: Any],
       let entry = parameters.first(where: { $0.key.uppercased() == "MULTI_STATEMENT_COUNT" })?.value {
      count = (entry as? String).flatMap { Int($0) } ?? (entry as? NSNumber)?.intValue
    }
    multiStatementCount = count
  }
}
