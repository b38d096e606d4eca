extension SplitMix64 {
  /// A uniform integer in `range` (inclusive), from one draw.
  ///
  /// Uses a modulo, whose bias is below 2^-40 for the small ranges seed data needs; the point
  /// is a sequence that is the same on every platform, which `Int.random(in:using:)` does not
  /// promise across Swift versions.
  public mutating func int(in range: ClosedRange<Int>) -> Int {
    let span = UInt64(range.upperBound - range.lowerBound) + 1
    return range.lowerBound + Int(next() % span)
  }

  /// `true` with probability `probability`, from one draw.
  public mutating func chance(_ probability: Double) -> Bool {
    nextUnit() < probability
  }

  /// One element of a non-empty array, from one draw.
  public mutating func pick<Element>(_ elements: [Element]) -> Element {
    elements[int(in: 0...(elements.count - 1))]
  }

  /// A generator for a sub-stream: the same `(self's seed, label)` always gives the same
  /// stream, and drawing from it doesn't move this generator, so seeding one table can't shift
  /// another table's data when its code changes.
  public func fork(_ label: UInt64) -> SplitMix64 {
    var copy = self
    return SplitMix64(seed: copy.next() ^ (label &* 0x9E37_79B9_7F4A_7C15))
  }
}
