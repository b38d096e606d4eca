/// Deterministic pseudo-randomness from integers: every value the generator writes is a
/// function of (seed, entity, record index, version), so any record can be produced on its
/// own, in any order, and the same config yields the same bytes on every run and machine.
///
/// SplitMix64's finalizer spreads each input bit over the whole word; chaining it over the
/// inputs gives an independent-looking hash per tuple.
enum Mixer {
  /// SplitMix64's output function.
  @inline(__always)
  static func mix(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A hash of four values.
  @inline(__always)
  static func hash(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> UInt64 {
    mix(mix(mix(mix(a) ^ b) ^ c) ^ d)
  }
}

/// A small random stream seeded from one hash, for the fields of one record version.
struct RecordRandom {
  private var state: UInt64

  init(_ seed: UInt64) {
    state = seed
  }

  /// The next 64 random bits.
  @inline(__always)
  mutating func next() -> UInt64 {
    state = state &+ 0x9E37_79B9_7F4A_7C15
    return Mixer.mix(state)
  }

  /// A value in `0..<count` (0 when `count` is 0), without modulo bias worth noticing.
  @inline(__always)
  mutating func below(_ count: Int) -> Int {
    guard count > 0 else { return 0 }
    return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(count)).high)
  }

  /// A value in `range`.
  @inline(__always)
  mutating func within(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.count)
  }

  /// True with probability `percent` / 100.
  @inline(__always)
  mutating func chance(_ percent: Int) -> Bool {
    below(100) < percent
  }

  /// An element of a non-empty array.
  @inline(__always)
  mutating func pick<Element>(_ elements: [Element]) -> Element {
    elements[below(elements.count)]
  }
}
