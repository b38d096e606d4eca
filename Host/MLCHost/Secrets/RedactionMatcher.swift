import Foundation

/// An immutable multi-pattern matcher that replaces every occurrence of any pattern with its
/// replacement, leftmost first and, at one position, longest first.
///
/// Built for ~100 secrets (a few hundred patterns with their derived forms) over short log
/// lines: patterns are bucketed by first byte, and a 65,536-bit filter on the first two
/// bytes skips almost every position without touching a bucket, so a line with no secret
/// costs one table lookup per byte and no allocation. Every pattern is at least two bytes
/// long (the `Redactor` enforces four).
final class RedactionMatcher: Sendable {
  private let storage: [UInt8]
  private let offsets: [Int]
  private let lengths: [Int]
  private let replacements: [[UInt8]]
  private let buckets: [[Int]]
  private let pairFilter: [UInt64]
  private let shortest: Int

  /// A matcher for `entries`; an entry whose pattern is shorter than two bytes is ignored.
  init(_ entries: [(pattern: [UInt8], replacement: [UInt8])]) {
    let usable = entries.filter { $0.pattern.count >= 2 }
    var storage: [UInt8] = []
    var offsets: [Int] = []
    var buckets = [[Int]](repeating: [], count: 256)
    var pairFilter = [UInt64](repeating: 0, count: 65_536 / 64)
    for (index, entry) in usable.enumerated() {
      offsets.append(storage.count)
      storage.append(contentsOf: entry.pattern)
      buckets[Int(entry.pattern[0])].append(index)
      let pair = Int(entry.pattern[0]) << 8 | Int(entry.pattern[1])
      pairFilter[pair >> 6] |= 1 << UInt64(pair & 63)
    }
    let lengths = usable.map { $0.pattern.count }
    // Longest first, so "secret" inside "secret2" never wins over "secret2".
    self.buckets = buckets.map { bucket in bucket.sorted { lengths[$0] > lengths[$1] } }
    self.storage = storage
    self.offsets = offsets
    self.lengths = lengths
    self.replacements = usable.map(\.replacement)
    self.pairFilter = pairFilter
    self.shortest = lengths.min() ?? Int.max
  }

  /// The number of patterns in use.
  var count: Int { lengths.count }

  /// `input` with every match replaced, or nil when nothing matched (so callers can keep
  /// the original without copying).
  func replacingMatches(in input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    guard input.count >= shortest, let base = input.baseAddress else { return nil }
    return storage.withUnsafeBufferPointer { patterns -> [UInt8]? in
      var output: [UInt8]? = nil
      var copied = 0
      var position = 0
      let end = input.count
      while position + shortest <= end {
        let pair = Int(base[position]) << 8 | Int(base[position + 1])
        guard pairFilter[pair >> 6] & (1 << UInt64(pair & 63)) != 0,
              let match = longestMatch(at: position, in: base, end: end, patterns: patterns)
        else {
          position += 1
          continue
        }
        if output == nil { output = []; output!.reserveCapacity(end + 32) }
        output!.append(contentsOf: UnsafeBufferPointer(start: base + copied, count: position - copied))
        output!.append(contentsOf: replacements[match])
        position += lengths[match]
        copied = position
      }
      guard var result = output else { return nil }
      result.append(contentsOf: UnsafeBufferPointer(start: base + copied, count: end - copied))
      return result
    }
  }

  /// The index of the longest pattern that starts at `position`, if any.
  private func longestMatch(
    at position: Int, in base: UnsafePointer<UInt8>, end: Int, patterns: UnsafeBufferPointer<UInt8>
  ) -> Int? {
    for index in buckets[Int(base[position])] {
      let length = lengths[index]
      guard length <= end - position else { continue }
      if memcmp(base + position, patterns.baseAddress! + offsets[index], length) == 0 { return index }
    }
    return nil
  }
}
