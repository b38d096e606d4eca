import Foundation

/// The origins one connection may reach, and the resolution of a plugin's target against
/// the connection's base URL.
///
/// A plugin names a path relative to the base URL or an absolute URL; either way the
/// resolved URL's origin (scheme, host, port) must be on the list, which holds the base
/// URL's origin plus the origins of absolute token endpoints in the auth profile. Origins
/// are compared after normalisation (lowercase scheme and host, default ports filled in),
/// so `HTTPS://Example.com:443` is `https://example.com`. Redirects are not followed by
/// the transport, so a 3xx cannot lead a request (and its credentials) elsewhere.
struct EgressPolicy: Sendable, Equatable {
  /// A normalised origin: `scheme://host:port`.
  struct Origin: Hashable, Sendable, CustomStringConvertible {
    let scheme: String
    let host: String
    let port: Int

    /// The origin of `url`, or nil when it has no http(s) scheme or no host.
    init?(_ url: URL) {
      guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host?.lowercased(), !host.isEmpty else { return nil }
      self.scheme = scheme
      self.host = host
      self.port = url.port ?? (scheme == "https" ? 443 : 80)
    }

    var description: String { "\(scheme)://\(host):\(port)" }
  }

  /// The connection's base URL, always ending in "/" so relative paths append to it.
  let baseURL: URL
  /// Every origin a request of this connection may go to.
  private(set) var allowed: Set<Origin>

  /// Builds the policy from the connection's base URL; throws when it is not an absolute
  /// http(s) URL. `field` names the config field in the error.
  init(baseURL text: String, field: String) throws {
    var normalized = text.trimmingCharacters(in: .whitespaces)
    if !normalized.hasSuffix("/") { normalized += "/" }
    guard let url = URL(string: normalized), let origin = Origin(url),
          url.query == nil, url.fragment == nil else {
      throw HTTPConfigError(path: field, problem:
        "\"\(text)\" is not an absolute http(s) URL without query; write it like https://host/instance/")
    }
    baseURL = url
    allowed = [origin]
  }

  /// Adds the origin of an absolute endpoint the host itself calls (a token URL).
  mutating func allow(_ url: URL) {
    if let origin = Origin(url) { allowed.insert(origin) }
  }

  /// Resolves `target` (relative path or absolute URL) plus an already percent-encoded
  /// `query` against the base URL, and checks the result's origin.
  ///
  /// Throws `EgressRefusal` naming the resolved URL when the origin is not allowed or the
  /// target cannot be parsed.
  func resolve(target: String, query: String = "") throws -> URL {
    guard let resolved = URL(string: target, relativeTo: baseURL)?.absoluteURL else {
      throw EgressRefusal(url: target, reason: "it is not a valid URL or path")
    }
    guard let origin = Origin(resolved), allowed.contains(origin) else {
      throw EgressRefusal(url: resolved.absoluteString, reason:
        "its host is not this connection's (\(baseURL.absoluteString)); only "
        + allowed.map(\.description).sorted().joined(separator: ", ") + " may be reached")
    }
    guard !query.isEmpty else { return resolved }
    guard let withQuery = Self.appending(query: query, to: resolved) else {
      throw EgressRefusal(url: resolved.absoluteString + "?" + query, reason: "the query is not percent-encoded")
    }
    return withQuery
  }

  /// `url` with an already percent-encoded `query` appended after its own query, if any
  /// (a fragment stays last); nil when the result is not a valid URL.
  static func appending(query: String, to url: URL) -> URL? {
    var text = url.absoluteString
    var fragment = ""
    if let hash = text.firstIndex(of: "#") {
      fragment = String(text[hash...])
      text = String(text[..<hash])
    }
    return URL(string: text + (url.query == nil ? "?" : "&") + query + fragment)
  }
}

/// A request refused by the egress allow-list; the message names the URL.
struct EgressRefusal: Error, CustomStringConvertible, Equatable {
  let url: String
  let reason: String
  var description: String { "refused to send a request to \(url): \(reason)" }
}

/// A problem in a connection's `http` or `auth` configuration, naming the JSON path.
struct HTTPConfigError: Error, CustomStringConvertible, Equatable {
  /// The JSON path of the offending field, e.g. `connections.epicor.auth.password_secret`.
  let path: String
  let problem: String
  var description: String { "\(path): \(problem)" }
}
