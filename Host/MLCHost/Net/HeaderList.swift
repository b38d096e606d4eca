import Foundation

/// An ordered list of HTTP header fields with case-insensitive lookup.
///
/// Order and repeats are kept because some fields legitimately repeat (`Set-Cookie`), and
/// the C ABI hands headers to plugins as a list. Names are stored as given; lookups
/// ignore case as HTTP requires.
struct HeaderList: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
  /// One header line.
  struct Field: Sendable, Equatable {
    var name: String
    var value: String
  }

  private(set) var fields: [Field] = []

  init() {}

  init(_ pairs: [(String, String)]) {
    fields = pairs.map { Field(name: $0.0, value: $0.1) }
  }

  init(dictionaryLiteral elements: (String, String)...) {
    self.init(elements)
  }

  func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

  var count: Int { fields.count }

  /// The first value of `name`, or nil.
  subscript(name: String) -> String? {
    fields.first { $0.name.caseInsensitiveEquals(name) }?.value
  }

  /// Every value of `name`, in order.
  func values(_ name: String) -> [String] {
    fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
  }

  /// True when `name` is present.
  func contains(_ name: String) -> Bool { self[name] != nil }

  /// Appends a field, keeping any with the same name.
  mutating func add(_ name: String, _ value: String) {
    fields.append(Field(name: name, value: value))
  }

  /// Replaces every field named `name` with one field (appended when it was absent).
  mutating func set(_ name: String, _ value: String) {
    guard let index = fields.firstIndex(where: { $0.name.caseInsensitiveEquals(name) }) else {
      add(name, value)
      return
    }
    fields[index].value = value
    dedupe(name, keeping: index)
  }

  /// Removes every field named `name`.
  mutating func remove(_ name: String) {
    fields.removeAll { $0.name.caseInsensitiveEquals(name) }
  }

  /// The same fields with lowercased names (what the C ABI promises plugins).
  var lowercasedNames: HeaderList {
    var copy = self
    copy.fields = fields.map { Field(name: $0.name.lowercased(), value: $0.value) }
    return copy
  }

  private mutating func dedupe(_ name: String, keeping index: Int) {
    var kept: [Field] = []
    for (position, field) in fields.enumerated()
    where position == index || !field.name.caseInsensitiveEquals(name) {
      kept.append(field)
    }
    fields = kept
  }
}

fileprivate extension String {
  /// ASCII case-insensitive equality, as HTTP field names compare.
  func caseInsensitiveEquals(_ other: String) -> Bool {
    utf8.count == other.utf8.count && lowercased() == other.lowercased()
  }
}
