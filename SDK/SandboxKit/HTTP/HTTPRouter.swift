/// Dispatches requests to handlers by method and path pattern, answering 404 and 405 itself.
///
/// Routes are tried in the order they were added; the first whose pattern and method match
/// wins. A path that matches some route but none for the request's method is 405 with an
/// `Allow` header; a path that matches nothing is 404. Both answers can be replaced to speak a
/// vendor's error shape.
///
/// ```swift
/// var router = HTTPRouter()
/// router.add("GET", "/api/v2/odata/:company/*") { request, match in
///   .json(200, #"{"company":"\#(match["company"]!)"}"#)
/// }
/// let server = HTTPServer(handler: router.handler)
/// ```
public struct HTTPRouter: Sendable {
  /// A route handler: the request and what its pattern captured.
  public typealias RouteHandler = @Sendable (HTTPRequest, RouteMatch) -> HTTPResponse

  private var routes: [(route: HTTPRoute, handler: RouteHandler)] = []

  /// Answers requests whose path matches no route. Defaults to a JSON 404.
  public var notFound: HTTPHandler = { request in
    .json(404, #"{"error":"not found","method":\#(jsonQuoted(request.method)),"path":\#(jsonQuoted(request.path))}"#)
  }

  /// Answers requests whose path matches but whose method doesn't, given the allowed methods.
  /// Defaults to a JSON 405; the router adds the `Allow` header either way.
  public var methodNotAllowed: @Sendable (HTTPRequest, [String]) -> HTTPResponse = { request, allowed in
    .json(405, #"{"error":"method not allowed","method":\#(jsonQuoted(request.method)),"allowed":[\#(allowed.map(jsonQuoted).joined(separator: ","))]}"#)
  }

  /// Creates a router with no routes.
  public init() {}

  /// Adds a route: `method` is `GET`, `GET,POST` or `*` (any); `pattern` is a path pattern
  /// such as `/api/now/table/:table` or `/api/v2/odata/:company/*`.
  public mutating func add(_ method: String, _ pattern: String, _ handler: @escaping RouteHandler) {
    routes.append((HTTPRoute(method: method, pattern: pattern), handler))
  }

  /// Adds a route written as one string, `"GET /x"`, or just a pattern for any method.
  public mutating func add(_ route: String, _ handler: @escaping RouteHandler) {
    let parts = route.split(separator: " ", maxSplits: 1)
    if parts.count == 2 && !parts[0].hasPrefix("/") {
      add(String(parts[0]), String(parts[1]).trimmingASCIIWhitespace(), handler)
    } else {
      add("*", route.trimmingASCIIWhitespace(), handler)
    }
  }

  /// Answers `request` with the first matching route, or 404 / 405.
  public func handle(_ request: HTTPRequest) -> HTTPResponse {
    let segments = request.rawPath.split(separator: "/")
    var allowed = Set<String>()
    var pathMatched = false
    for (route, handler) in routes {
      guard let match = route.match(segments) else { continue }
      if route.allows(request.method) { return handler(request, match) }
      pathMatched = true
      allowed.formUnion(route.methods ?? [])
    }
    guard pathMatched else { return notFound(request) }
    if allowed.contains("GET") { allowed.insert("HEAD") }
    let list = allowed.sorted()
    var response = methodNotAllowed(request, list)
    response.headers["Allow"] = list.joined(separator: ", ")
    return response
  }

  /// The router as a server handler; later changes to this router don't affect it.
  public var handler: HTTPHandler {
    let router = self
    return { router.handle($0) }
  }
}

/// `text` as a JSON string literal, quotes included.
func jsonQuoted(_ text: String) -> String {
  var result = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\"": result += "\\\""
    case "\\": result += "\\\\"
    case "\n": result += "\\n"
    case "\r": result += "\\r"
    case "\t": result += "\\t"
    case let control where control.value < 0x20:
      let hex = String(control.value, radix: 16)
      result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    default: result.unicodeScalars.append(scalar)
    }
  }
  return result + "\""
}
