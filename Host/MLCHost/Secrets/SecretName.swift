import Foundation

/// The rule for secret names: `[A-Za-z0-9][A-Za-z0-9._-]{0,127}`.
///
/// Names appear in config files, CLI arguments, log lines (`[redacted:<name>]`) and as the
/// AES-GCM associated data, so they are kept to characters that need no quoting anywhere.
enum SecretName {
  static let maximumLength = 128

  /// Returns normally when `name` is valid; throws `VaultError.invalidName(name)` otherwise.
  static func validate(_ name: String) throws {
    guard isValid(name) else { throw VaultError.invalidName(name) }
  }

  /// True when `name` matches the rule.
  static func isValid(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    guard let first = bytes.first, bytes.count <= maximumLength, isAlphanumeric(first) else { return false }
    return bytes.dropFirst().allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
  }

  private static func isAlphanumeric(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    default:
      return false
    }
  }
}
