import Foundation

/// The `requestId` of a statement submission: a UUID (RFC 9562 text form).
///
/// Snowflake's SQL API does not run a statement twice when it is resubmitted with the same
/// `requestId` and `retry=true` (docs: "Resubmitting a request to execute SQL
/// statements", SYSTEMS.md §3.6). The connector derives the id from what it sends and what
/// it saw in the target just before, so the same statement sent again after a host retry,
/// a batch retry or a crash carries the same id, while the same text sent against a
/// different target state (a record changed back to an earlier version) gets a new one.
enum RequestID {
  /// A UUID whose 122 free bits are the first bits of SHA-256(`context` ‖ 0x00 ‖ `body`),
  /// marked as version 8 (custom, RFC 9562 §5.8) with the RFC variant bits.
  static func derived(body: [UInt8], context: String) -> String {
    var hasher = SHA256()
    hasher.update(Array(context.utf8) + [0])
    hasher.update(body)
    var bytes = Array(hasher.finish().prefix(16))
    bytes[6] = (bytes[6] & 0x0f) | 0x80
    bytes[8] = (bytes[8] & 0x3f) | 0x80
    return format(bytes)
  }

  /// A random version 4 UUID, for statements whose repetition must run again (DDL and
  /// reads: re-creating a table someone dropped must not be deduplicated away).
  static func random() -> String {
    UUID().uuidString.lowercased()
  }

  /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lowercase hex.
  static func format(_ bytes: [UInt8]) -> String {
    let hex = SHA256.hexString(bytes)
    let characters = Array(hex)
    let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32]
    return groups.map { String(characters[$0]) }.joined(separator: "-")
  }
}
