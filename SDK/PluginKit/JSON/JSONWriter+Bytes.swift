/// The byte-level half of `JSONWriter`: its raw, growable storage, which it owns alone.
///
/// The writer is non-copyable, so there is never a second owner to guard against:
/// appending is a capacity check and a store, without the uniqueness check an `[UInt8]`
/// makes on every `append`. Growth doubles the allocation. These members are
/// `@usableFromInline` so that connectors inline the writer's hot path.
extension JSONWriter {
  /// The bytes written so far, valid until the next write.
  @inlinable
  var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: length) }

  /// Makes room for `extra` more bytes.
  @inlinable @inline(__always)
  mutating func reserve(_ extra: Int) {
    if length + extra > capacity { grow(to: length + extra) }
  }

  /// Moves the bytes to an allocation of at least `needed` bytes, doubling so that
  /// appends stay amortised O(1). Out of line: it is the rare path.
  @usableFromInline @inline(never)
  mutating func grow(to needed: Int) {
    var newCapacity = capacity * 2
    while newCapacity < needed { newCapacity *= 2 }
    let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newBase.update(from: base, count: length)
    base.deallocate()
    base = newBase
    capacity = newCapacity
  }

  /// Appends one byte.
  @inlinable @inline(__always)
  mutating func append(_ byte: UInt8) {
    reserve(1)
    base[length] = byte
    length += 1
  }

  /// Appends bytes as they are.
  @usableFromInline
  mutating func append(_ bytes: UnsafeRawBufferPointer) {
    guard let source = bytes.baseAddress, bytes.count > 0 else { return }
    reserve(bytes.count)
    UnsafeMutableRawPointer(base + length).copyMemory(from: source, byteCount: bytes.count)
    length += bytes.count
  }

  /// Appends a literal as it is (for `true`, `false`, `null`).
  @usableFromInline
  mutating func appendLiteral(_ literal: StaticString) {
    append(UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
  }

  /// Appends `"…"` with `utf8` escaped.
  @inlinable @inline(__always)
  mutating func appendQuoted(_ utf8: UnsafeRawBufferPointer) {
    appendEscaped(utf8, quoted: true)
  }

  /// Appends `"…"` with `text` escaped.
  @usableFromInline
  mutating func appendQuoted(_ text: String) {
    var text = text
    text.withUTF8 { appendEscaped(UnsafeRawBufferPointer($0), quoted: true) }
  }

  /// Appends `utf8` with the escapes JSON requires, between quotes when `quoted`.
  ///
  /// Nearly every string in a record needs no escape and is short (member names, codes),
  /// so the fast path checks and copies whole words: eight bytes at a time with SWAR
  /// tests (any byte below 0x20, equal to `"` or to `\`), the tail as one overlapping
  /// word, and strings under eight bytes as two overlapping halves. Only a string that
  /// needs an escape goes byte by byte.
  @inlinable @inline(__always)
  mutating func appendEscaped(_ utf8: UnsafeRawBufferPointer, quoted: Bool = false) {
    let size = utf8.count
    reserve(size + 2)
    if quoted {
      base[length] = UInt8(ascii: "\"")
      length += 1
    }
    if let source = utf8.baseAddress, size > 0, !copyIfClean(source, size) {
      appendEscapedSlowly(source, size)
    }
    if quoted {
      base[length] = UInt8(ascii: "\"")
      length += 1
    }
  }

  /// Copies `size` bytes from `source` and returns true when none needs an escape;
  /// returns false otherwise, without advancing `length` (the slow path then rewrites
  /// from the same place). Capacity is already reserved.
  @inlinable @inline(__always)
  mutating func copyIfClean(_ source: UnsafeRawPointer, _ size: Int) -> Bool {
    let out = UnsafeMutableRawPointer(base + length)
    if size >= 8 {
      var index = 0
      while index + 8 < size {
        let word = source.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        if Self.mayNeedEscape(word) { return false }
        out.storeBytes(of: word, toByteOffset: index, as: UInt64.self)
        index += 8
      }
      let last = source.loadUnaligned(fromByteOffset: size - 8, as: UInt64.self)
      if Self.mayNeedEscape(last) { return false }
      out.storeBytes(of: last, toByteOffset: size - 8, as: UInt64.self)
    } else if size >= 4 {
      let head = source.loadUnaligned(as: UInt32.self)
      let tail = source.loadUnaligned(fromByteOffset: size - 4, as: UInt32.self)
      if Self.mayNeedEscape(UInt64(head) | UInt64(tail) << 32) { return false }
      out.storeBytes(of: head, as: UInt32.self)
      out.storeBytes(of: tail, toByteOffset: size - 4, as: UInt32.self)
    } else {
      let first = source.load(as: UInt8.self)
      let middle = source.load(fromByteOffset: size / 2, as: UInt8.self)
      let last = source.load(fromByteOffset: size - 1, as: UInt8.self)
      // Pad with 'A' so the unused bytes never look like something to escape.
      let word = UInt64(first) | UInt64(middle) << 8 | UInt64(last) << 16 | 0x4141_4141_4100_0000
      if Self.mayNeedEscape(word) { return false }
      out.storeBytes(of: first, as: UInt8.self)
      out.storeBytes(of: middle, toByteOffset: size / 2, as: UInt8.self)
      out.storeBytes(of: last, toByteOffset: size - 1, as: UInt8.self)
    }
    length += size
    return true
  }

  /// Appends `size` bytes from `source` one by one, escaping where JSON requires.
  @usableFromInline @inline(never)
  mutating func appendEscapedSlowly(_ source: UnsafeRawPointer, _ size: Int) {
    for index in 0..<size {
      let byte = source.load(fromByteOffset: index, as: UInt8.self)
      if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
        appendEscape(byte)
      } else {
        append(byte)
      }
    }
  }

  /// Whether any of the eight bytes in `word` is below 0x20, a quote or a backslash. Exact
  /// as a yes/no answer (the classic "has zero byte" / "has less than" bit tricks).
  @inlinable @inline(__always)
  static func mayNeedEscape(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let control = (word &- ones &* 0x20) & ~word & highs
    let quote = word ^ (ones &* 0x22)
    let backslash = word ^ (ones &* 0x5C)
    let quotes = (quote &- ones) & ~quote & highs
    let backslashes = (backslash &- ones) & ~backslash & highs
    return control | quotes | backslashes != 0
  }

  /// Appends the escape for a quote, backslash or control character: the short forms
  /// where JSON has them, otherwise `\u00XX`.
  @usableFromInline
  mutating func appendEscape(_ byte: UInt8) {
    append(UInt8(ascii: "\\"))
    switch byte {
    case UInt8(ascii: "\""): append(UInt8(ascii: "\""))
    case UInt8(ascii: "\\"): append(UInt8(ascii: "\\"))
    case 0x08: append(UInt8(ascii: "b"))
    case 0x0C: append(UInt8(ascii: "f"))
    case 0x0A: append(UInt8(ascii: "n"))
    case 0x0D: append(UInt8(ascii: "r"))
    case 0x09: append(UInt8(ascii: "t"))
    default:
      let hex: StaticString = "0123456789abcdef"
      appendLiteral("u00")
      append(hex.utf8Start[Int(byte >> 4)])
      append(hex.utf8Start[Int(byte & 0x0F)])
    }
  }

  /// Appends `value` in decimal (a `-` first when negative), zero-padded to `width` digits.
  @inlinable
  mutating func appendInteger(_ value: Int, width: Int) {
    reserve(DecimalDigits.maximumLength(width: width))
    length += DecimalDigits.write(value, width: width, to: base + length)
  }

  /// Appends `units / 10^scale` with exactly `scale` fraction digits.
  @inlinable
  mutating func appendDecimal(_ units: Int, scale: Int) {
    reserve(DecimalDigits.maximumLength(width: scale + 2))
    length += DecimalDigits.writeScaled(units, scale: scale, to: base + length)
  }
}
