/// The secret provider of a connection whose config names no secrets: every lookup fails
/// with the usual "store it with `mlc secret set`" message, and no vault is opened.
final class NoSecrets: SecretProvider {
  func secret(named name: String) throws -> [UInt8] { throw SecretError.notFound(name) }
  func setSecret(named name: String, value: [UInt8]) throws { throw SecretError.notFound(name) }
}
