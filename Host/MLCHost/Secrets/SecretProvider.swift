import Foundation

/// Where host services read credentials by name. The vault implements it; tests use an
/// in-memory one. Values never leave the host process.
protocol SecretProvider: AnyObject, Sendable {
  /// The secret's bytes, or throws `SecretError.notFound(name)`.
  func secret(named name: String) throws -> [UInt8]
  /// Stores (creating or replacing) a secret. Used when a token endpoint rotates a refresh
  /// token: the new value is persisted before the new access token is used.
  func setSecret(named name: String, value: [UInt8]) throws
}

/// Why a secret could not be read or written.
enum SecretError: Error, CustomStringConvertible, Equatable {
  case notFound(String)
  case wrongMasterKey(String)
  case corrupt(String)

  var description: String {
    switch self {
    case .notFound(let name):
      return "no secret named \"\(name)\"; store it with `mlc secret set \(name)`"
    case .wrongMasterKey(let detail): return detail
    case .corrupt(let detail): return detail
    }
  }
}

extension SecretProvider {
  /// The secret as UTF-8 text (passwords, tokens, PEM keys).
  func string(named name: String) throws -> String {
    String(decoding: try secret(named: name), as: UTF8.self)
  }
}
