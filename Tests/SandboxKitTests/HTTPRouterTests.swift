import MLCSandboxKit
import XCTest

/// Routing by method and path pattern, as a sandbox declares its vendor's URL shapes.
final class HTTPRouterTests: XCTestCase {
  private func request(_ method: String, _ target: String) -> HTTPRequest {
    HTTPRequest(method: method, target: target)
  }

  private func makeRouter() -> HTTPRouter {
    var router = HTTPRouter()
    router.add("GET", "/api/v2/odata/:company/*") { _, match in
      .text(200, "odata company=\(match["company"] ?? "-") rest=\(match.wildcard) raw=\(match.rawWildcard)")
    }
    router.add("GET,POST", "/api/now/table/:table") { request, match in
      .text(200, "\(request.method) table=\(match["table"] ?? "-")")
    }
    router.add("DELETE /api/now/table/:table/:sysId") { _, match in
      .text(204, "deleted \(match["sysId"] ?? "-")")
    }
    router.add("/health") { request, _ in .text(200, "health \(request.method)") }
    return router
  }

  func testParametersAndWildcardAreCapturedDecoded() {
    let router = makeRouter()
    let response = router.handle(request("GET", "/api/v2/odata/EPIC%2006/Erp.BO.VendorSvc/Vendors('A%2FB')?$top=1"))
    XCTAssertEqual(response.status, 200)
    XCTAssertEqual(String(decoding: response.body, as: UTF8.self),
                   "odata company=EPIC 06 rest=Erp.BO.VendorSvc/Vendors('A/B') raw=Erp.BO.VendorSvc/Vendors('A%2FB')")
    let bare = router.handle(request("GET", "/api/v2/odata/EPIC06"))
    XCTAssertEqual(String(decoding: bare.body, as: UTF8.self), "odata company=EPIC06 rest= raw=", "a trailing * matches nothing too")
  }

  func testMethodListsAndOneStringRoutes() {
    let router = makeRouter()
    XCTAssertEqual(String(decoding: router.handle(request("post", "/api/now/table/sys_user")).body, as: UTF8.self), "POST table=sys_user")
    XCTAssertEqual(String(decoding: router.handle(request("DELETE", "/api/now/table/x/42/")).body, as: UTF8.self), "deleted 42")
    XCTAssertEqual(String(decoding: router.handle(request("PATCH", "/health")).body, as: UTF8.self), "health PATCH")
  }

  func testUnknownPathIs404AndWrongMethodIs405WithAllow() {
    let router = makeRouter()
    let missing = router.handle(request("GET", "/api/now/nothing"))
    XCTAssertEqual(missing.status, 404)
    XCTAssertEqual(String(decoding: missing.body, as: UTF8.self), #"{"error":"not found","method":"GET","path":"/api/now/nothing"}"#)
    let wrong = router.handle(request("PUT", "/api/now/table/sys_user"))
    XCTAssertEqual(wrong.status, 405)
    XCTAssertEqual(wrong.headers["allow"], "GET, HEAD, POST")
    XCTAssertEqual(router.handle(request("GET", "/api/now/table/a/b/c")).status, 404, "too many segments")
  }

  func testHeadIsAnsweredByGetRoutes() {
    XCTAssertEqual(makeRouter().handle(request("HEAD", "/api/now/table/x")).status, 200)
  }

  func testFirstMatchingRouteWinsAndFallbacksCanSpeakTheVendorShape() {
    var router = HTTPRouter()
    router.add("GET", "/items/special") { _, _ in .text(200, "special") }
    router.add("GET", "/items/:id") { _, match in .text(200, "item \(match["id"]!)") }
    router.notFound = { _ in .json(404, #"{"error":{"message":"No Record found"}}"#) }
    XCTAssertEqual(String(decoding: router.handle(request("GET", "/items/special")).body, as: UTF8.self), "special")
    XCTAssertEqual(String(decoding: router.handle(request("GET", "/items/7")).body, as: UTF8.self), "item 7")
    XCTAssertEqual(String(decoding: router.handle(request("GET", "/other")).body, as: UTF8.self), #"{"error":{"message":"No Record found"}}"#)
  }

  func testRouterServesThroughTheServer() throws {
    let server = try startServer(handler: makeRouter().handler)
    defer { server.stop() }
    XCTAssertEqual(try roundTrip(server.port, "GET /api/now/table/incident HTTP/1.1\r\nHost: t\r\n\r\n").text, "GET table=incident")
    XCTAssertEqual(try roundTrip(server.port, "PUT /api/now/table/incident HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n").status, 405)
  }
}
