import Foundation

/// Reads typed fields from one JSON object of the deployment config (a connection's `http`
/// or `auth` object, as `JSONSerialization` parsed it), naming the full JSON path in every
/// error, e.g. `connections.epicor.auth.password_secret: missing`.
struct HTTPConfigReader {
  /// The path of this object, e.g. `connections.epicor.auth`.
  let path: String
  let object: [String: Any]

  /// Wraps `value`, which must be a JSON object.
  init(_ value: Any?, path: String) throws {
    guard let object = value as? [String: Any] else {
      throw HTTPConfigError(path: path, problem: value == nil ? "missing" : "must be a JSON object")
    }
    self.path = path
    self.object = object
  }

  /// The path of a field of this object.
  func path(_ key: String) -> String { "\(path).\(key)" }

  /// True when the field is present (and not JSON null).
  func has(_ key: String) -> Bool { object[key].map { !($0 is NSNull) } ?? false }

  /// A required non-empty string.
  func string(_ key: String) throws -> String {
    guard let value = try optionalString(key) else {
      throw HTTPConfigError(path: path(key), problem: "missing")
    }
    return value
  }

  /// An optional string; throws when present but not a non-empty string.
  func optionalString(_ key: String) throws -> String? {
    guard has(key) else { return nil }
    guard let text = object[key] as? String, !text.isEmpty else {
      throw HTTPConfigError(path: path(key), problem: "must be a non-empty string")
    }
    return text
  }

  /// An optional number (JSON integer or decimal).
  func optionalNumber(_ key: String) throws -> Double? {
    guard has(key) else { return nil }
    // JSONSerialization gives NSNumber for numbers and booleans alike (and `is Bool`
    // holds for the number 1); a boolean's Objective-C type code is "c".
    guard let number = object[key] as? NSNumber,
          String(cString: number.objCType) != "c" else {
      throw HTTPConfigError(path: path(key), problem: "must be a number")
    }
    return number.doubleValue
  }

  /// An optional number that must lie in `range`.
  func optionalNumber(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
    guard let value = try optionalNumber(key) else { return nil }
    guard range.contains(value) else {
      throw HTTPConfigError(path: path(key), problem:
        "must be between \(Self.format(range.lowerBound)) and \(Self.format(range.upperBound)), not \(Self.format(value))")
    }
    return value
  }

  /// An optional string restricted to `choices`.
  func optionalChoice(_ key: String, _ choices: [String]) throws -> String? {
    guard let value = try optionalString(key) else { return nil }
    guard choices.contains(value) else {
      throw HTTPConfigError(path: path(key), problem:
        "\"\(value)\" is not one of " + choices.map { "\"\($0)\"" }.joined(separator: ", "))
    }
    return value
  }

  /// A nested object, or nil when absent.
  func optionalObject(_ key: String) throws -> HTTPConfigReader? {
    guard has(key) else { return nil }
    return try HTTPConfigReader(object[key], path: path(key))
  }

  /// Throws for any key not in `known`, so a typo (`pasword_secret`) is caught at load
  /// instead of silently falling back to a default.
  func rejectUnknownKeys(_ known: Set<String>) throws {
    for key in object.keys.sorted() where !known.contains(key) {
      throw HTTPConfigError(path: path(key), problem:
        "unknown field; expected one of " + known.sorted().joined(separator: ", "))
    }
  }

  private static func format(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }
}
