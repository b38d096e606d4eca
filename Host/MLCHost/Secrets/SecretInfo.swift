import Foundation

/// What `SecretVault.list()` reveals about a secret: its name and when it was stored and
/// last replaced. Never the value, and not even its length.
struct SecretInfo: Equatable, Sendable {
  let name: String
  let createdAt: Date
  let updatedAt: Date
}
