import Foundation

/// Crypto by secret name that opens the vault only when a plugin first asks for it, so a
/// deployment that never signs or verifies never creates a master key.
final class LazyCrypto: ConnectionCrypto, @unchecked Sendable {
  private let make: () throws -> CryptoService
  private let lock = NSLock()
  private var service: CryptoService?

  init(_ make: @escaping () throws -> CryptoService) {
    self.make = make
  }

  private func resolved() throws -> CryptoService {
    try lock.withLock {
      if let service { return service }
      let made = try make()
      service = made
      return made
    }
  }

  func hmacSHA256Verify(secretName: String, message: [UInt8], signature: [UInt8]) throws -> Bool {
    try resolved().hmacSHA256Verify(secretName: secretName, message: message, signature: signature)
  }

  func jwtSign(secretName: String, alg: String, claims: [UInt8]) throws -> String {
    try resolved().jwtSign(secretName: secretName, alg: alg, claims: claims)
  }
}
