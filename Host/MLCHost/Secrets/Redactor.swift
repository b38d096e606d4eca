import Foundation

/// Replaces every known secret value in text with `[redacted:<name>]` before it reaches a
/// log, an error message or an audit row.
///
/// For each secret it also redacts the forms the same bytes take in transit: standard
/// base64 (padded and unpadded), base64url, percent-encoding (upper- and lowercase hex,
/// form encoding with `+` for space, and the lighter encoding of URL query strings), JSON
/// string escaping, and the value without surrounding whitespace. Forms that combine a
/// secret with other data, such as `base64(user:password)` in a Basic auth header, are
/// registered by the code that builds them through `add(derived:name:)`.
///
/// Values (and derived forms) shorter than `minimumLength` bytes are not redacted: a one-
/// to three-byte secret ("42", "yes") occurs inside ordinary words and numbers, and replacing
/// it would mangle every line while hiding little.
///
/// Thread-safe: `add` swaps in a new immutable `RedactionMatcher` under a lock; `redact`
/// takes the current matcher under the lock and matches without holding it.
final class Redactor: @unchecked Sendable {
  static let minimumLength = 4

  private let lock = NSLock()
  private var names: [[UInt8]: String] = [:]
  private var order: [[UInt8]] = []
  private var matcher = RedactionMatcher([])

  init() {}

  /// Learns a secret value and all its derived forms under `name`.
  func add(secret value: [UInt8], name: String) {
    install(Self.forms(of: value).map { ($0, name) })
  }

  /// Learns one extra form of the secret `name` that the caller built (for example
  /// `base64("user:" + password)`), redacted as `[redacted:<name>]`.
  func add(derived: String, name: String) {
    install([(Array(derived.utf8), name)])
  }

  /// Learns every secret stored in `vault`; returns how many. Throws what the vault throws
  /// (a wrong master key), since a redactor that silently knows nothing is worse than none.
  @discardableResult
  func addSecrets(from vault: SecretVault) throws -> Int {
    let infos = try vault.list()
    var entries: [([UInt8], String)] = []
    for info in infos {
      entries += Self.forms(of: try vault.secret(named: info.name)).map { ($0, info.name) }
    }
    install(entries)
    return infos.count
  }

  /// `text` with every known secret form replaced by `[redacted:<name>]`.
  func redact(_ text: String) -> String {
    let current = lock.withLock { matcher }
    var text = text
    let replaced = text.withUTF8 { current.replacingMatches(in: $0) }
    return replaced.map { String(decoding: $0, as: UTF8.self) } ?? text
  }

  /// `bytes` with every known secret form replaced (for raw payloads and HTTP bodies).
  func redact(_ bytes: [UInt8]) -> [UInt8] {
    let current = lock.withLock { matcher }
    return bytes.withUnsafeBufferPointer { current.replacingMatches(in: $0) } ?? bytes
  }

  /// The byte strings that reveal `value`: itself and its encodings, each at least
  /// `minimumLength` bytes, without duplicates. Empty when `value` itself is too short.
  static func forms(of value: [UInt8]) -> [[UInt8]] {
    guard value.count >= minimumLength else { return [] }
    var forms: [[UInt8]] = [value]
    let trimmed = Array(String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).utf8)
    if String(validating: value, as: UTF8.self) != nil, trimmed != value { forms.append(trimmed) }
    for base in forms {
      let base64 = Data(base).base64EncodedString()
      let unpadded = String(base64.prefix { $0 != "=" })
      let url = unpadded.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      forms += [base64, unpadded, url].map { Array($0.utf8) }
      forms += SecretEncodings.percentEncodings(of: base)
      forms += SecretEncodings.jsonEscapings(of: base)
    }
    var seen: Set<[UInt8]> = []
    return forms.filter { $0.count >= minimumLength && seen.insert($0).inserted }
  }

  /// Adds `(pattern, name)` pairs (the first name registered for a pattern keeps it) and
  /// publishes a new matcher.
  private func install(_ entries: [([UInt8], String)]) {
    lock.withLock {
      var changed = false
      for (pattern, name) in entries where pattern.count >= Self.minimumLength && names[pattern] == nil {
        names[pattern] = name
        order.append(pattern)
        changed = true
      }
      guard changed else { return }
      matcher = RedactionMatcher(order.map { ($0, Array("[redacted:\(names[$0]!)]".utf8)) })
    }
  }
}
