import Foundation

/// Reads a value parsed by JSONSerialization while remembering its JSON path, so every
/// config error can name the exact place: `flows[1].sink: no connection named "snow"`.
struct JSONPathReader {
  let value: Any
  let path: String
  let file: String

  init(value: Any, path: String, file: String) {
    self.value = value
    self.path = path
    self.file = file
  }

  func error(_ message: String) -> ConfigError { ConfigError(file: file, path: path, message: message) }

  var isNull: Bool { value is NSNull }

  func object() throws -> [String: Any] {
    guard let object = value as? [String: Any] else { throw error("must be an object, got \(Self.kind(of: value))") }
    return object
  }

  func array() throws -> [Any] {
    guard let array = value as? [Any] else { throw error("must be an array, got \(Self.kind(of: value))") }
    return array
  }

  func string() throws -> String {
    guard let text = value as? String else { throw error("must be a string, got \(Self.kind(of: value))") }
    return text
  }

  func nonEmptyString() throws -> String {
    let text = try string()
    guard !text.isEmpty else { throw error("must not be empty") }
    return text
  }

  func int(in range: ClosedRange<Int>) throws -> Int {
    guard let number = value as? NSNumber, !Self.isBool(number), number.doubleValue == number.doubleValue.rounded() else {
      throw error("must be an integer, got \(Self.kind(of: value))")
    }
    let int = number.intValue
    guard range.contains(int) else { throw error("must be between \(range.lowerBound) and \(range.upperBound), got \(int)") }
    return int
  }

  func bool() throws -> Bool {
    guard let number = value as? NSNumber, Self.isBool(number) else { throw error("must be true or false, got \(Self.kind(of: value))") }
    return number.boolValue
  }

  /// The member `name`, or nil when absent (or null).
  func member(_ name: String) throws -> JSONPathReader? {
    let object = try object()
    guard let child = object[name], !(child is NSNull) else { return nil }
    return JSONPathReader(value: child, path: path.isEmpty ? name : "\(path).\(name)", file: file)
  }

  func require(_ name: String) throws -> JSONPathReader {
    guard let child = try member(name) else {
      throw ConfigError(file: file, path: path.isEmpty ? name : "\(path).\(name)", message: "is required")
    }
    return child
  }

  func elements() throws -> [JSONPathReader] {
    try array().enumerated().map { JSONPathReader(value: $1, path: "\(path)[\($0)]", file: file) }
  }

  /// Members in key order (JSON objects are unordered; sorting keeps errors deterministic).
  func members() throws -> [(name: String, reader: JSONPathReader)] {
    try object().keys.sorted().map { key in
      (key, JSONPathReader(value: try object()[key]!, path: path.isEmpty ? key : "\(path).\(key)", file: file))
    }
  }

  /// Refuses members other than `allowed`, catching typos such as `"sinks"` for `"sink"`.
  func onlyMembers(_ allowed: Set<String>) throws {
    for key in try object().keys.sorted() where !allowed.contains(key) {
      let path = path.isEmpty ? key : "\(path).\(key)"
      throw ConfigError(file: file, path: path, message: "unknown setting; expected one of \(allowed.sorted().joined(separator: ", "))")
    }
  }

  /// The value re-serialized as JSON bytes (a connection's plugin config is handed over this way).
  func jsonBytes() throws -> [UInt8] {
    Array(try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]))
  }

  private static func isBool(_ number: NSNumber) -> Bool {
    // JSONSerialization makes booleans as NSNumber with the Objective-C type "c" (char).
    String(cString: number.objCType) == "c"
  }

  static func kind(of value: Any) -> String {
    switch value {
    case is NSNull: return "null"
    case let number as NSNumber: return isBool(number) ? "a boolean" : "a number"
    case is String: return "a string"
    case is [Any]: return "an array"
    case is [String: Any]: return "an object"
    default: return "an unknown value"
    }
  }
}
