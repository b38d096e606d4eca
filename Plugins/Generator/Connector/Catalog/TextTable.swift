/// A fixed list of strings laid out as UTF-8 in one allocation, so writing one into a
/// record is a pointer and a length: no `String` retain and release per field.
///
/// Catalog values (part descriptions, people, currencies) are written several times per
/// record; read out of `[String]` each would cost reference counting that showed up as a
/// tenth of the generator's time. Immutable after `init`, hence safe to share.
struct TextTable: ~Copyable, @unchecked Sendable {
  private let base: UnsafeMutablePointer<UInt8>
  private let offsets: UnsafeMutablePointer<Int>
  let count: Int

  init(_ strings: [String]) {
    count = strings.count
    let total = strings.reduce(0) { $0 + $1.utf8.count }
    base = .allocate(capacity: max(total, 1))
    offsets = .allocate(capacity: count + 1)
    var position = 0
    for (index, string) in strings.enumerated() {
      offsets[index] = position
      for byte in string.utf8 {
        base[position] = byte
        position += 1
      }
    }
    offsets[count] = position
  }

  deinit {
    base.deallocate()
    offsets.deallocate()
  }

  /// The UTF-8 of string `index`, valid while the table lives.
  subscript(index: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: base + offsets[index], count: offsets[index + 1] - offsets[index])
  }
}
