import Glibc

/// How the host orders cursor values, exactly as `SDK/include/mlc_plugin.h` promises plugin
/// authors: decimal integers compare numerically (any length), anything else byte by byte.
enum CursorOrder {
  /// Returns <0, 0 or >0 as `a` sorts before, with, or after `b`.
  static func compare(_ a: String, _ b: String) -> Int {
    if let lhs = DecimalInteger(a), let rhs = DecimalInteger(b) { return lhs.compare(rhs) }
    var ua = a, ub = b
    return ua.withUTF8 { pa in
      ub.withUTF8 { pb in
        let common = min(pa.count, pb.count)
        if common > 0 {
          let c = memcmp(pa.baseAddress!, pb.baseAddress!, common)
          if c != 0 { return c < 0 ? -1 : 1 }
        }
        return pa.count == pb.count ? 0 : (pa.count < pb.count ? -1 : 1)
      }
    }
  }

  /// An integer of any length in decimal text: optional '-', then digits only.
  private struct DecimalInteger {
    let negative: Bool
    let digits: Substring.UTF8View

    init?(_ text: String) {
      var body = Substring(text)
      negative = body.first == "-"
      if negative { body = body.dropFirst() }
      guard !body.isEmpty, body.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
      let significant = body.drop { $0 == "0" }
      digits = significant.utf8
    }

    func compare(_ other: DecimalInteger) -> Int {
      let zeroA = digits.isEmpty, zeroB = other.digits.isEmpty
      if zeroA && zeroB { return 0 }
      let signA = zeroA ? 0 : (negative ? -1 : 1)
      let signB = zeroB ? 0 : (other.negative ? -1 : 1)
      if signA != signB { return signA < signB ? -1 : 1 }
      var magnitude = 0
      if digits.count != other.digits.count {
        magnitude = digits.count < other.digits.count ? -1 : 1
      } else if let (x, y) = zip(digits, other.digits).first(where: { $0 != $1 }) {
        magnitude = x < y ? -1 : 1
      }
      return signA < 0 ? -magnitude : magnitude
    }
  }
}
