/// Builds JSON text into a reusable byte buffer, fast enough to build every record a
/// connector emits.
///
/// Foundation's `JSONSerialization` writes only a few thousand records a second, so
/// per-record paths use this writer instead: the caller states the structure
/// (`beginObject`, `key`, values, `endObject`) and the writer appends bytes, inserting
/// commas itself. It escapes every string it writes (quote, backslash, control characters)
/// and never writes a binary float: money goes through `decimal(_:scale:)` as a string.
///
/// The writer is non-copyable and owns raw storage, so appending costs no copy-on-write
/// check. It does not check that calls nest correctly (a value without a key inside an
/// object, an unclosed array); that is the caller's contract, and each connector's tests
/// parse what it writes. Call `reset()` to reuse the buffer for the next record.
///
/// Member names and literal values are best passed as literals: the `StaticString`
/// overloads are preferred over the `String` ones, which cost a reference count each, and
/// they are inlined into the caller, where the escape check on a constant folds away.
public struct JSONWriter: ~Copyable {
  @usableFromInline var base: UnsafeMutablePointer<UInt8>
  @usableFromInline var capacity: Int
  /// Bytes written so far.
  @usableFromInline var length = 0
  /// Whether the next value or key is preceded by a comma: true after a value, false right
  /// after an opening bracket or a key. One flag suffices because a closed container is
  /// itself a value of its parent.
  @usableFromInline var needsComma = false

  /// Creates an empty writer whose buffer starts with room for `capacity` bytes.
  public init(capacity: Int = 4096) {
    self.capacity = max(capacity, 64)
    base = .allocate(capacity: self.capacity)
  }

  deinit {
    base.deallocate()
  }

  /// Empties the buffer, keeping its storage, to write the next document.
  @inlinable
  public mutating func reset() {
    length = 0
    needsComma = false
  }

  /// The number of bytes written so far.
  public var count: Int { length }

  /// Calls `body` with the bytes written so far, valid only during the call.
  public func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
    try body(buffer)
  }

  /// A copy of the bytes written so far.
  public var bytes: [UInt8] { Array(buffer) }

  /// The text written so far as a `String` (for tests and small documents).
  public var text: String { String(decoding: buffer, as: UTF8.self) }

  // MARK: Structure

  /// Opens an object: `{`.
  @inlinable @inline(__always)
  public mutating func beginObject() {
    separate()
    append(UInt8(ascii: "{"))
    needsComma = false
  }

  /// Closes the innermost object: `}`.
  @inlinable @inline(__always)
  public mutating func endObject() {
    append(UInt8(ascii: "}"))
    needsComma = true
  }

  /// Opens an array: `[`.
  @inlinable @inline(__always)
  public mutating func beginArray() {
    separate()
    append(UInt8(ascii: "["))
    needsComma = false
  }

  /// Closes the innermost array: `]`.
  @inlinable @inline(__always)
  public mutating func endArray() {
    append(UInt8(ascii: "]"))
    needsComma = true
  }

  /// Writes an object member's name and the colon; the next call writes its value.
  @inlinable @inline(__always)
  public mutating func key(_ name: StaticString) {
    separate()
    appendQuoted(UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    append(UInt8(ascii: ":"))
    needsComma = false
  }

  /// Writes an object member's name (escaped as needed) and the colon.
  @_disfavoredOverload
  public mutating func key(_ name: String) {
    separate()
    appendQuoted(name)
    append(UInt8(ascii: ":"))
    needsComma = false
  }

  // MARK: Values

  /// Writes a string value, escaping quotes, backslashes and control characters.
  @_disfavoredOverload
  public mutating func string(_ value: String) {
    separate()
    appendQuoted(value)
    needsComma = true
  }

  /// Writes a string value from a literal, escaped like any other string.
  @inlinable @inline(__always)
  public mutating func string(_ value: StaticString) {
    separate()
    appendQuoted(UnsafeRawBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount))
    needsComma = true
  }

  /// Writes a string value from UTF-8 bytes the caller guarantees are valid UTF-8.
  @inlinable
  public mutating func string(utf8 value: UnsafeRawBufferPointer) {
    separate()
    appendQuoted(value)
    needsComma = true
  }

  /// Writes a string value from UTF-8 bytes the caller guarantees are valid UTF-8.
  public mutating func string(utf8 value: [UInt8]) {
    value.withUnsafeBytes { string(utf8: $0) }
  }

  /// Writes an integer as a JSON number.
  @inlinable
  public mutating func int(_ value: Int) {
    separate()
    appendInteger(value, width: 1)
    needsComma = true
  }

  /// Writes `units / 10^scale` as a decimal *string*, the canonical form of money and
  /// quantities: `decimal(123450, scale: 2)` writes `"1234.50"`, `decimal(-5, scale: 2)`
  /// writes `"-0.05"`, `decimal(7, scale: 0)` writes `"7"`. No float is ever involved.
  @inlinable
  public mutating func decimal(_ units: Int, scale: Int) {
    separate()
    append(UInt8(ascii: "\""))
    appendDecimal(units, scale: scale)
    append(UInt8(ascii: "\""))
    needsComma = true
  }

  /// Writes a JSON `true` or `false`.
  @inlinable
  public mutating func bool(_ value: Bool) {
    separate()
    appendLiteral(value ? "true" : "false")
    needsComma = true
  }

  /// Writes a JSON `null`.
  public mutating func null() {
    separate()
    appendLiteral("null")
    needsComma = true
  }

  /// Writes one complete, already-encoded JSON value as is (a number's text such as
  /// `12.5`, or a nested document). The caller guarantees it is valid JSON.
  public mutating func raw(_ json: UnsafeRawBufferPointer) {
    separate()
    append(json)
    needsComma = true
  }

  /// Writes one complete, already-encoded JSON value given as text.
  public mutating func raw(_ json: String) {
    var json = json
    json.withUTF8 { raw(UnsafeRawBufferPointer($0)) }
  }

  // MARK: Strings from parts

  /// Opens a string value assembled from fragments, for values such as keys
  /// (`GEN/PO/000311`) and dates that would otherwise need a temporary `String`.
  @inlinable @inline(__always)
  public mutating func beginString() {
    separate()
    append(UInt8(ascii: "\""))
  }

  /// Appends text to the open string, escaped.
  @inlinable @inline(__always)
  public mutating func stringFragment(_ text: StaticString) {
    appendEscaped(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// Appends text to the open string, escaped.
  @_disfavoredOverload
  public mutating func stringFragment(_ text: String) {
    var text = text
    text.withUTF8 { appendEscaped(UnsafeRawBufferPointer($0)) }
  }

  /// Appends an integer's digits to the open string, zero-padded to `width`.
  @inlinable
  public mutating func stringFragment(digits value: Int, width: Int = 1) {
    appendInteger(value, width: width)
  }

  /// Appends `units / 10^scale` to the open string (see `decimal(_:scale:)`).
  @inlinable
  public mutating func stringFragment(decimal units: Int, scale: Int) {
    appendDecimal(units, scale: scale)
  }

  /// Closes the string opened by `beginString`.
  @inlinable @inline(__always)
  public mutating func endString() {
    append(UInt8(ascii: "\""))
    needsComma = true
  }

  // MARK: Member shorthands

  /// Writes `"name":"value"`.
  @_disfavoredOverload
  public mutating func field(_ name: StaticString, _ value: String) {
    key(name)
    string(value)
  }

  /// Writes `"name":"value"` for a literal value.
  @inlinable @inline(__always)
  public mutating func field(_ name: StaticString, _ value: StaticString) {
    key(name)
    string(value)
  }

  /// Writes `"name":"value"` only when `value` is present: canonical records leave an
  /// unknown field out rather than writing `""` or `null`.
  public mutating func field(_ name: StaticString, ifPresent value: String?) {
    guard let value else { return }
    key(name)
    string(value)
  }

  /// Writes `"name":<integer>`.
  @inlinable @inline(__always)
  public mutating func field(_ name: StaticString, int value: Int) {
    key(name)
    int(value)
  }

  /// Writes `"name":true` or `"name":false`.
  @inlinable @inline(__always)
  public mutating func field(_ name: StaticString, bool value: Bool) {
    key(name)
    bool(value)
  }

  /// Writes `"name":"<units / 10^scale>"`, e.g. money with `scale: 2`.
  @inlinable @inline(__always)
  public mutating func field(_ name: StaticString, decimal units: Int, scale: Int) {
    key(name)
    decimal(units, scale: scale)
  }

  @inlinable @inline(__always)
  mutating func separate() {
    if needsComma { append(UInt8(ascii: ",")) }
  }
}
