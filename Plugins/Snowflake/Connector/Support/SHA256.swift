/// SHA-256 (FIPS 180-4) over bytes, in plain Swift.
///
/// The connector needs a strong digest twice: to tell whether a record changed since it was
/// last loaded (the `_MLC_DIGEST` column), and to derive each statement's `requestId` from
/// its content so a resend after a crash carries the same id. The target may depend only
/// on `MLCPluginKit` (no libcrypto, no swift-crypto), so the digest is computed here;
/// correctness is pinned by the FIPS test vectors in the tests.
struct SHA256 {
  private static let roundConstants: [UInt32] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]

  private var state: [UInt32] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]
  /// Bytes not yet compressed (fewer than 64).
  private var pending: [UInt8] = []
  private var totalBytes: UInt64 = 0
  private var schedule = [UInt32](repeating: 0, count: 64)

  init() {
    pending.reserveCapacity(64)
  }

  /// The digest of `bytes` in one call.
  static func digest<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
    var hasher = SHA256()
    hasher.update(Array(bytes))
    return hasher.finish()
  }

  /// The digest of `bytes` as 64 lowercase hex digits.
  static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    hexString(digest(bytes))
  }

  /// Lowercase hex of `bytes`.
  static func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  /// Feeds more input.
  mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { update($0) }
  }

  /// Feeds more input from a buffer.
  mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
    totalBytes &+= UInt64(bytes.count)
    var offset = 0
    if !pending.isEmpty {
      let take = min(64 - pending.count, bytes.count)
      pending.append(contentsOf: bytes[0..<take])
      offset = take
      guard pending.count == 64 else { return }
      let block = pending
      block.withUnsafeBufferPointer { compress($0, at: 0) }
      pending.removeAll(keepingCapacity: true)
    }
    while bytes.count - offset >= 64 {
      compress(bytes, at: offset)
      offset += 64
    }
    if offset < bytes.count { pending.append(contentsOf: bytes[offset...]) }
  }

  /// Pads, compresses the rest and returns the 32-byte digest.
  mutating func finish() -> [UInt8] {
    let bitLength = totalBytes &* 8
    var tail = pending
    tail.append(0x80)
    while tail.count % 64 != 56 { tail.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
    tail.withUnsafeBufferPointer { buffer in
      var offset = 0
      while offset < buffer.count {
        compress(buffer, at: offset)
        offset += 64
      }
    }
    pending.removeAll()
    var output: [UInt8] = []
    output.reserveCapacity(32)
    for word in state {
      output.append(UInt8(truncatingIfNeeded: word >> 24))
      output.append(UInt8(truncatingIfNeeded: word >> 16))
      output.append(UInt8(truncatingIfNeeded: word >> 8))
      output.append(UInt8(truncatingIfNeeded: word))
    }
    return output
  }

  /// One 64-byte block starting at `offset`.
  private mutating func compress(_ block: UnsafeBufferPointer<UInt8>, at offset: Int) {
    for index in 0..<16 {
      let base = offset + index * 4
      schedule[index] = UInt32(block[base]) << 24 | UInt32(block[base + 1]) << 16
        | UInt32(block[base + 2]) << 8 | UInt32(block[base + 3])
    }
    for index in 16..<64 {
      let w15 = schedule[index - 15], w2 = schedule[index - 2]
      let s0 = w15.rotatedRight(7) ^ w15.rotatedRight(18) ^ (w15 >> 3)
      let s1 = w2.rotatedRight(17) ^ w2.rotatedRight(19) ^ (w2 >> 10)
      schedule[index] = schedule[index - 16] &+ s0 &+ schedule[index - 7] &+ s1
    }
    var a = state[0], b = state[1], c = state[2], d = state[3]
    var e = state[4], f = state[5], g = state[6], h = state[7]
    for index in 0..<64 {
      let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
      let choice = (e & f) ^ (~e & g)
      let t1 = h &+ s1 &+ choice &+ Self.roundConstants[index] &+ schedule[index]
      let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
      let majority = (a & b) ^ (a & c) ^ (b & c)
      let t2 = s0 &+ majority
      h = g; g = f; f = e; e = d &+ t1
      d = c; c = b; b = a; a = t1 &+ t2
    }
    state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
    state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
  }
}

extension UInt32 {
  /// The value rotated right by `count` bits.
  fileprivate func rotatedRight(_ count: UInt32) -> UInt32 {
    (self >> count) | (self << (32 - count))
  }
}
