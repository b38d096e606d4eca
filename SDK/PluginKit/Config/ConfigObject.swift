/// Typed access to a connection's `config` object, with errors that name the field.
///
/// Every failed read throws `PluginError.config` with the connector's name and the field's
/// full path, e.g. `generator config: "counts.vendor" must be a non-negative integer`, so
/// the user knows exactly which line of `mlc.json` to fix. Absent and `null` members count
/// as absent: the `default:` of each accessor applies.
public struct ConfigObject: Sendable {
  /// The connector's manifest name, which prefixes every message.
  public let connector: String
  /// The dotted path of this object inside the config ("" at the top, "counts" below).
  public let path: String
  /// The object's members.
  public let members: [String: JSONValue]

  /// Parses the config JSON the host passes to `open`; anything but a JSON object (an
  /// empty buffer counts as `{}`) is a config error.
  public init(json: UnsafeRawBufferPointer, connector: String) throws {
    self.connector = connector
    self.path = ""
    var scanner = JSONScanner(json)
    scanner.skipWhitespace()
    if scanner.isAtEnd {
      self.members = [:]
      return
    }
    let value: JSONValue
    do {
      value = try JSONParser.parse(json)
    } catch let error as JSONSyntaxError {
      throw PluginError.config("\(connector) config: \(error)")
    }
    guard case .object(let members) = value else {
      throw PluginError.config("\(connector) config: must be a JSON object, found \(value.kindDescription)")
    }
    self.members = members
  }

  /// Parses config JSON given as text (for tests and connectors' own defaults).
  public init(json: String, connector: String) throws {
    var json = json
    self = try json.withUTF8 { try ConfigObject(json: UnsafeRawBufferPointer($0), connector: connector) }
  }

  /// Wraps members that are already parsed.
  public init(members: [String: JSONValue], connector: String, path: String = "") {
    self.connector = connector
    self.path = path
    self.members = members
  }

  /// The member's value, or nil when it is absent or `null`.
  public func value(_ name: String) -> JSONValue? {
    guard let value = members[name], value != .null else { return nil }
    return value
  }

  /// A config error about member `name`: `<connector> config: "<path.name>" <problem>`.
  public func error(_ name: String, _ problem: String) -> PluginError {
    .config("\(connector) config: \"\(fullPath(name))\" \(problem)")
  }

  /// The member's dotted path from the top of the config.
  public func fullPath(_ name: String) -> String {
    path.isEmpty ? name : "\(path).\(name)"
  }

  /// A string member, or `default` when absent.
  public func string(_ name: String, default defaultValue: String? = nil) throws -> String? {
    guard let value = value(name) else { return defaultValue }
    guard let text = value.stringValue else {
      throw error(name, "must be a string, found \(value.kindDescription)")
    }
    return text
  }

  /// An integer member within `range`, or `default` when absent.
  public func int(_ name: String, default defaultValue: Int,
                  in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
    try int(name, in: range) ?? defaultValue
  }

  /// An integer member within `range`, or nil when absent. Accepts only numbers written
  /// as integers (`10`, not `10.0` or `"10"`), so a typo does not become a silent default.
  public func int(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
    guard let value = value(name) else { return nil }
    guard let number = value.intValue, range.contains(number) else {
      throw error(name, "must be \(Self.describe(range))")
    }
    return number
  }

  /// A number member within `range`, or `default` when absent.
  public func double(_ name: String, default defaultValue: Double,
                     in range: ClosedRange<Double>) throws -> Double {
    guard let value = value(name) else { return defaultValue }
    guard let number = value.doubleValue, number.isFinite, range.contains(number) else {
      throw error(name, "must be a number from \(Self.trim(range.lowerBound)) to \(Self.trim(range.upperBound))")
    }
    return number
  }

  /// A boolean member, or `default` when absent.
  public func bool(_ name: String, default defaultValue: Bool) throws -> Bool {
    guard let value = value(name) else { return defaultValue }
    guard let flag = value.boolValue else {
      throw error(name, "must be true or false, found \(value.kindDescription)")
    }
    return flag
  }

  /// A nested object member, or nil when absent.
  public func object(_ name: String) throws -> ConfigObject? {
    guard let value = value(name) else { return nil }
    guard let members = value.objectValue else {
      throw error(name, "must be an object, found \(value.kindDescription)")
    }
    return ConfigObject(members: members, connector: connector, path: fullPath(name))
  }

  /// An array-of-strings member, or `default` when absent.
  public func strings(_ name: String, default defaultValue: [String] = []) throws -> [String] {
    guard let value = value(name) else { return defaultValue }
    guard let elements = value.arrayValue else {
      throw error(name, "must be an array of strings, found \(value.kindDescription)")
    }
    return try elements.map { element in
      guard let text = element.stringValue else {
        throw error(name, "must be an array of strings, found \(element.kindDescription) in it")
      }
      return text
    }
  }

  /// Throws for the first member (in name order) not in `known`: a misspelt field
  /// (`"cuont"`) would otherwise be ignored without a word.
  public func rejectUnknownMembers(_ known: Set<String>) throws {
    for name in members.keys.sorted() where !known.contains(name) {
      let expected = known.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
      throw error(name, "is not a known field; expected one of \(expected)")
    }
  }

  private static func describe(_ range: ClosedRange<Int>) -> String {
    switch (range.lowerBound, range.upperBound) {
    case (Int.min, Int.max): return "an integer"
    case (1, Int.max): return "a positive integer"
    case (0, Int.max): return "a non-negative integer"
    case (let low, Int.max): return "an integer of at least \(low)"
    case (Int.min, let high): return "an integer of at most \(high)"
    case (let low, let high): return "an integer from \(low) to \(high)"
    }
  }

  private static func trim(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}
