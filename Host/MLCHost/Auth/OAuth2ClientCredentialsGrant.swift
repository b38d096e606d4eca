import Foundation

/// The `oauth2_client_credentials` profile (RFC 6749 §4.4): ServiceTitan, Procore (DMSA),
/// ServiceNow (when the instance enables it).
///
/// There is no refresh token; a new access token is requested before the old one
/// expires (ServiceTitan's last 900 s, Procore's 5400 s, ServiceNow's 1800 s).
struct OAuth2ClientCredentialsGrant: TokenSource {
  let endpoint: OAuth2TokenEndpoint

  var profile: String { "oauth2_client_credentials" }
  var isStatic: Bool { false }

  func fetch(_ context: AuthContext) throws -> IssuedToken {
    endpoint.issued(try endpoint.request([("grant_type", "client_credentials")],
                                         profile: profile, context: context))
  }
}
