/// Exact arithmetic on decimal strings ("1234.50"), for the one staging value the canonical
/// record does not carry directly: an invoice's subtotal, its amount less tax.
///
/// Money never becomes a binary float: the text is read as an integer count of units of
/// the finer of the two scales, subtracted, and written back with that scale.
enum DecimalText {
  /// A decimal as integer units and the number of fraction digits.
  struct Scaled: Equatable {
    var units: Int
    var scale: Int
  }

  /// `left − right`, or nil when either is not a plain decimal (`-12`, `3.50`) or the
  /// result does not fit.
  static func subtract(_ left: String, _ right: String) -> String? {
    guard let a = parse(left), let b = parse(right) else { return nil }
    let scale = max(a.scale, b.scale)
    guard let x = rescale(a, to: scale), let y = rescale(b, to: scale) else { return nil }
    let (difference, overflow) = x.subtractingReportingOverflow(y)
    return overflow ? nil : format(Scaled(units: difference, scale: scale))
  }

  /// Parses an optional sign, digits and an optional fraction; nil for anything else.
  static func parse(_ text: String) -> Scaled? {
    var bytes = Array(text.utf8)
    var negative = false
    if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
      negative = first == UInt8(ascii: "-")
      bytes.removeFirst()
    }
    let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.count == 1 || !parts[1].isEmpty,
          parts.allSatisfy({ $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }), bytes.count <= 18 else { return nil }
    var units = 0
    for digit in parts.joined() { units = units * 10 + Int(digit - 0x30) }
    return Scaled(units: negative ? -units : units, scale: parts.count == 2 ? parts[1].count : 0)
  }

  /// Writes units with `scale` fraction digits: `Scaled(units: -5, scale: 2)` → `-0.05`.
  static func format(_ value: Scaled) -> String {
    let magnitude = String(value.units.magnitude)
    let sign = value.units < 0 ? "-" : ""
    guard value.scale > 0 else { return sign + magnitude }
    let padded = String(repeating: "0", count: max(0, value.scale + 1 - magnitude.count)) + magnitude
    let split = padded.index(padded.endIndex, offsetBy: -value.scale)
    return sign + padded[..<split] + "." + padded[split...]
  }

  private static func rescale(_ value: Scaled, to scale: Int) -> Int? {
    var units = value.units
    for _ in value.scale..<scale {
      let (product, overflow) = units.multipliedReportingOverflow(by: 10)
      if overflow { return nil }
      units = product
    }
    return units
  }
}
