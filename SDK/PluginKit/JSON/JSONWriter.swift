/// Builds JSON text into a reusable byte buffer, fast enough to build every record a
/// connector emits.
///
/// Foundation's `JSONSerialization` writes only a few thousand records a second, so
/// per-record paths use this writer instead: the caller states the structure
/// (`beginObject`, `key`, values, `endObject`) and the writer appends bytes, inserting
/// commas itself. It escapes every string it writes (quote, backslash, control characters)
/// and never writes a binary float: money goes through `decimal(_:scale:)` as a string.
///
/// The writer does not check that calls nest correctly (a value without a key inside an
/// object, an unclosed array); that is the caller's contract, and tests of each connector
/// parse what it writes. Call `reset()` to reuse the buffer for the next record.
public struct JSONWriter {
  /// The JSON text written so far, as UTF-8.
  public private(set) var bytes: [UInt8]

  /// Whether the next value or key is preceded by a comma: true after a value, false right
  /// after an opening bracket or a key. One flag suffices because a closed container is
  /// itself a value of its parent.
  private var needsComma = false

  /// Creates an empty writer whose buffer starts with room for `capacity` bytes.
  public init(capacity: Int = 4096) {
    bytes = []
    bytes.reserveCapacity(capacity)
  }

  /// Empties the buffer, keeping its storage, to write the next document.
  public mutating func reset() {
    bytes.removeAll(keepingCapacity: true)
    needsComma = false
  }

  /// The text written so far as a `String` (for tests and small documents).
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  // MARK: Structure

  /// Opens an object: `{`.
  public mutating func beginObject() {
    separate()
    bytes.append(UInt8(ascii: "{"))
    needsComma = false
  }

  /// Closes the innermost object: `}`.
  public mutating func endObject() {
    bytes.append(UInt8(ascii: "}"))
    needsComma = true
  }

  /// Opens an array: `[`.
  public mutating func beginArray() {
    separate()
    bytes.append(UInt8(ascii: "["))
    needsComma = false
  }

  /// Closes the innermost array: `]`.
  public mutating func endArray() {
    bytes.append(UInt8(ascii: "]"))
    needsComma = true
  }

  /// Writes an object member's name and the colon; the next call writes its value.
  public mutating func key(_ name: StaticString) {
    separate()
    appendQuoted(UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    bytes.append(UInt8(ascii: ":"))
    needsComma = false
  }

  /// Writes an object member's name (escaped as needed) and the colon.
  public mutating func key(_ name: String) {
    separate()
    appendQuoted(name)
    bytes.append(UInt8(ascii: ":"))
    needsComma = false
  }

  // MARK: Values

  /// Writes a string value, escaping quotes, backslashes and control characters.
  public mutating func string(_ value: String) {
    separate()
    appendQuoted(value)
    needsComma = true
  }

  /// Writes a string value from a literal, escaped like any other string.
  public mutating func string(_ value: StaticString) {
    separate()
    appendQuoted(UnsafeRawBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount))
    needsComma = true
  }

  /// Writes a string value from UTF-8 bytes the caller guarantees are valid UTF-8.
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
  public mutating func int(_ value: Int) {
    separate()
    appendInteger(value)
    needsComma = true
  }

  /// Writes `units / 10^scale` as a decimal *string*, the canonical form of money and
  /// quantities: `decimal(123450, scale: 2)` writes `"1234.50"`, `decimal(-5, scale: 2)`
  /// writes `"-0.05"`, `decimal(7, scale: 0)` writes `"7"`. No float is ever involved.
  public mutating func decimal(_ units: Int, scale: Int) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    appendDecimal(units, scale: scale)
    bytes.append(UInt8(ascii: "\""))
    needsComma = true
  }

  /// Writes a JSON `true` or `false`.
  public mutating func bool(_ value: Bool) {
    separate()
    if value {
      appendLiteral("true")
    } else {
      appendLiteral("false")
    }
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
    bytes.append(contentsOf: json)
    needsComma = true
  }

  /// Writes one complete, already-encoded JSON value given as text.
  public mutating func raw(_ json: String) {
    var json = json
    json.withUTF8 { raw(UnsafeRawBufferPointer($0)) }
  }

  // MARK: Member shorthands

  /// Writes `"name":"value"`.
  public mutating func field(_ name: StaticString, _ value: String) {
    key(name)
    string(value)
  }

  /// Writes `"name":"value"` for a literal value.
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
  public mutating func field(_ name: StaticString, int value: Int) {
    key(name)
    int(value)
  }

  /// Writes `"name":true` or `"name":false`.
  public mutating func field(_ name: StaticString, bool value: Bool) {
    key(name)
    bool(value)
  }

  /// Writes `"name":"<units / 10^scale>"`, e.g. money with `scale: 2`.
  public mutating func field(_ name: StaticString, decimal units: Int, scale: Int) {
    key(name)
    decimal(units, scale: scale)
  }

  // MARK: Bytes

  private mutating func separate() {
    if needsComma { bytes.append(UInt8(ascii: ",")) }
  }

  private mutating func appendLiteral(_ literal: StaticString) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start,
                                                 count: literal.utf8CodeUnitCount))
  }

  private mutating func appendQuoted(_ value: String) {
    var value = value
    value.withUTF8 { appendQuoted(UnsafeRawBufferPointer($0)) }
  }

  /// Appends `"…"`, copying runs of bytes that need no escape in one step.
  private mutating func appendQuoted(_ utf8: UnsafeRawBufferPointer) {
    bytes.append(UInt8(ascii: "\""))
    var runStart = 0
    var index = 0
    let count = utf8.count
    while index < count {
      let byte = utf8[index]
      if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
        index += 1
        continue
      }
      if runStart < index {
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: utf8[runStart..<index]))
      }
      JSONEscape.append(byte, to: &bytes)
      index += 1
      runStart = index
    }
    if runStart < count {
      bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: utf8[runStart..<count]))
    }
    bytes.append(UInt8(ascii: "\""))
  }

  private mutating func appendInteger(_ value: Int) {
    DecimalDigits.append(value, to: &bytes)
  }

  private mutating func appendDecimal(_ units: Int, scale: Int) {
    DecimalDigits.appendScaled(units, scale: scale, to: &bytes)
  }
}
