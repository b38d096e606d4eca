import Foundation

/// A profile with a fallback: ServiceNow's client-credentials grant is off unless the
/// instance sets a system property, so a connection may say
/// `"fallback": {"profile": "basic", …}` and keep working where it is off.
///
/// The switch happens once, when the primary's token endpoint answers that the grant is
/// not enabled (`AuthFailure.grantNotEnabled`); from then on the fallback signs every
/// request and `activeProfile` names it, so `check` can say which profile worked. Any
/// other primary failure is reported as it is.
final class FallbackAuthenticator: Authenticator, @unchecked Sendable {
  let primary: any Authenticator
  let fallback: any Authenticator
  private let context: AuthContext
  private let lock = NSLock()
  private var switched = false

  init(primary: any Authenticator, fallback: any Authenticator, context: AuthContext) {
    self.primary = primary
    self.fallback = fallback
    self.context = context
  }

  /// True once the fallback has taken over.
  var usingFallback: Bool {
    lock.lock()
    defer { lock.unlock() }
    return switched
  }

  var activeProfile: String { usingFallback ? fallback.activeProfile : primary.activeProfile }

  func authorize(_ request: inout TransportRequest) throws -> AuthStamp {
    if !usingFallback {
      do {
        var stamp = try primary.authorize(&request)
        stamp.layer = 0
        return stamp
      } catch let failure as AuthFailure where failure.grantNotEnabled {
        lock.lock()
        switched = true
        lock.unlock()
        context.hooks.debug("\(context.connection): \(primary.activeProfile) is not enabled on the server "
          + "(\(failure.detail)); using the fallback profile \(fallback.activeProfile)")
      }
    }
    var stamp = try fallback.authorize(&request)
    stamp.layer = 1
    return stamp
  }

  func credentialsRejected(_ stamp: AuthStamp) -> Bool {
    var inner = stamp
    inner.layer = 0
    return stamp.layer == 0 ? primary.credentialsRejected(inner) : fallback.credentialsRejected(inner)
  }

  func observe(_ response: TransportResponse) {
    usingFallback ? fallback.observe(response) : primary.observe(response)
  }

  func close() {
    primary.close()
    fallback.close()
  }
}
