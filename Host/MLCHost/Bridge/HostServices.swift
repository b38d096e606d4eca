import CMLCPlugin

/// What a plugin instance's host-services table reaches on the Swift side. Each seam is a
/// protocol so the bridge does not depend on how HTTP, crypto or the id map are built.
protocol ConnectionHTTP: AnyObject, Sendable {
  /// Sends one request with the connection's auth, limits and retries; returns the final
  /// response (any status) or throws `HTTPServiceError`.
  func send(_ request: OutboundRequest) throws(HTTPServiceError) -> OutboundResponse
  /// Ends the connection's sessions (Acumatica logout) when the instance closes.
  func close()
}

/// Crypto by secret name: the secret's bytes never reach the plugin.
protocol ConnectionCrypto: AnyObject, Sendable {
  func hmacSHA256Verify(secretName: String, message: [UInt8], signature: [UInt8]) throws -> Bool
  func jwtSign(secretName: String, alg: String, claims: [UInt8]) throws -> String
}

/// Resolves a delivered record's key in the target system (the id map).
protocol TargetKeyLookup: AnyObject, Sendable {
  func targetKey(entity: String, sourceKey: String) throws -> String?
}

/// Translates values through the deployment's mapping tables (`mlc map`).
protocol MappingLookup: AnyObject, Sendable {
  func value(table: String, from source: String) throws -> String?
}

/// A host service that could not do what a plugin asked; becomes the plugin's status and
/// the message the plugin can surface.
struct HostServiceError: Error, CustomStringConvertible {
  let status: mlc_status
  let message: String
  var retryAfterMilliseconds: UInt32 = 0
  var description: String { message }
}
