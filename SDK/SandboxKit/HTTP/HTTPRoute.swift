/// A method set and a path pattern, such as `GET /api/v2/odata/:company/*`, and how to match
/// them against a request.
///
/// Pattern segments are literals (matched exactly, case-sensitively, against the decoded
/// segment), `:name` (any one segment, captured), `*` as the last segment (any remaining
/// segments, possibly none, captured as the wildcard) or `*` elsewhere (any one segment).
/// Request paths are split on `/` before percent-decoding, so an encoded `%2F` stays inside its
/// segment; empty segments and a trailing slash are ignored.
struct HTTPRoute: Sendable {
  /// One segment of a pattern.
  enum Segment: Equatable, Sendable {
    case literal(String)
    case parameter(String)
    case wildcard
  }

  /// Upper-cased methods the route answers, or `nil` for any method.
  let methods: Set<String>?
  let segments: [Segment]

  /// Parses a method list (`GET`, `GET,POST`, `*`) and a path pattern.
  init(method: String, pattern: String) {
    let names = method.uppercased().split(separator: ",").map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
    methods = names.isEmpty || names.contains("*") ? nil : Set(names)
    segments = pattern.split(separator: "/").map { part in
      if part == "*" { return .wildcard }
      if part.hasPrefix(":"), part.count > 1 { return .parameter(String(part.dropFirst())) }
      return .literal(String(part))
    }
  }

  /// Whether the route answers `method`; `HEAD` is answered by `GET` routes.
  func allows(_ method: String) -> Bool {
    guard let methods else { return true }
    return methods.contains(method) || (method == "HEAD" && methods.contains("GET"))
  }

  /// Matches the raw (still percent-encoded) path segments of a request.
  func match(_ rawSegments: [Substring]) -> RouteMatch? {
    var match = RouteMatch()
    for (index, segment) in segments.enumerated() {
      if segment == .wildcard && index == segments.count - 1 {
        let rest = rawSegments.dropFirst(index)
        match.rawWildcard = rest.joined(separator: "/")
        match.wildcard = rest.map { PercentDecoding.decode($0.utf8) }.joined(separator: "/")
        return match
      }
      guard index < rawSegments.count else { return nil }
      let value = PercentDecoding.decode(rawSegments[index].utf8)
      switch segment {
      case .literal(let text): guard value == text else { return nil }
      case .parameter(let name): match.parameters[name] = value
      case .wildcard: break
      }
    }
    return rawSegments.count == segments.count ? match : nil
  }
}

/// What a matched route captured from the path: `:name` parameters and the `*` remainder.
public struct RouteMatch: Sendable {
  /// Decoded values of the pattern's `:name` segments, by name (without the colon).
  public var parameters: [String: String] = [:]
  /// The decoded segments matched by a trailing `*`, joined with `/`; empty when none.
  public var wildcard: String = ""
  /// The same remainder still percent-encoded, for handlers that parse it themselves
  /// (an OData key such as `Vendors('A%2FB')` must not be split at the decoded slash).
  public var rawWildcard: String = ""

  /// Creates an empty match.
  public init() {}

  /// The decoded value of the parameter `name`, or `nil`.
  public subscript(_ name: String) -> String? { parameters[name] }
}
