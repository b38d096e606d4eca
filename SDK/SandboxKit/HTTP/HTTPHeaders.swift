import Foundation

/// An ordered list of HTTP header fields with case-insensitive lookup by name.
///
/// Fields keep the order and spelling they arrived (or were added) in, because some clients and
/// signature schemes care about both; lookups ignore ASCII case as RFC 9110 §5.1 requires.
/// Reading a name that occurs several times combines the values with `", "` (RFC 9110 §5.3);
/// use `all(_:)` for fields that must not be combined, such as `Set-Cookie`.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
  /// One field: its name as written and its value with surrounding whitespace removed.
  public typealias Field = (name: String, value: String)

  private var fields: [Field] = []
  /// Lower-cased names, parallel to `fields`, so lookups don't lower-case on every comparison.
  private var keys: [String] = []

  /// Creates an empty header list.
  public init() {}

  /// Creates a header list from literal pairs, in the order written.
  public init(dictionaryLiteral elements: (String, String)...) {
    for (name, value) in elements { add(name, value) }
  }

  /// Creates a header list from fields, in order.
  public init(_ fields: [Field]) {
    for field in fields { add(field.name, field.value) }
  }

  /// The number of fields, counting repeated names separately.
  public var count: Int { fields.count }

  /// Whether there are no fields.
  public var isEmpty: Bool { fields.isEmpty }

  /// The value of the field `name`, combining repeated fields with `", "`.
  ///
  /// Setting a value replaces every field of that name with one field at the position of the
  /// first; setting `nil` removes them all.
  public subscript(name: String) -> String? {
    get {
      let key = name.lowercased()
      var result: String?
      for index in keys.indices where keys[index] == key {
        result = result.map { $0 + ", " + fields[index].value } ?? fields[index].value
      }
      return result
    }
    set {
      let key = name.lowercased()
      guard let first = keys.firstIndex(of: key) else {
        if let newValue { add(name, newValue) }
        return
      }
      if let newValue {
        fields[first] = (name, newValue)
        removeAll(key, after: first)
      } else {
        removeAll(key, after: first - 1)
      }
    }
  }

  /// Appends a field, keeping any existing fields of the same name.
  public mutating func add(_ name: String, _ value: String) {
    fields.append((name, value))
    keys.append(name.lowercased())
  }

  /// Every value of the field `name`, in order, without combining.
  public func all(_ name: String) -> [String] {
    let key = name.lowercased()
    return keys.indices.filter { keys[$0] == key }.map { fields[$0].value }
  }

  /// Whether a field named `name` is present.
  public func contains(_ name: String) -> Bool {
    keys.contains(name.lowercased())
  }

  /// Whether the comma-separated list in the field `name` holds `token`, ignoring case.
  ///
  /// Used for `Connection: keep-alive, Upgrade` style fields, where the value is a token list
  /// and may be spread across several fields.
  public func hasToken(_ token: String, in name: String) -> Bool {
    let wanted = token.lowercased()
    return all(name).contains { value in
      value.split(separator: ",").contains {
        $0.trimmingCharacters(in: .whitespaces).lowercased() == wanted
      }
    }
  }

  /// Iterates the fields in order.
  public func makeIterator() -> IndexingIterator<[Field]> {
    fields.makeIterator()
  }

  /// Removes the fields with lower-cased name `key` whose index is after `index`.
  private mutating func removeAll(_ key: String, after index: Int) {
    var position = keys.count - 1
    while position > index {
      if keys[position] == key {
        keys.remove(at: position)
        fields.remove(at: position)
      }
      position -= 1
    }
  }
}
