import MLCSandboxKit
import XCTest

/// Header lists keep order and spelling but look up without case.
final class HTTPHeadersTests: XCTestCase {
  func testLookupIgnoresCaseAndCombinesRepeatedFields() {
    var headers: HTTPHeaders = ["Accept": "application/json", "X-Trace": "1"]
    headers.add("accept", "text/plain")
    XCTAssertEqual(headers["ACCEPT"], "application/json, text/plain")
    XCTAssertEqual(headers.all("Accept"), ["application/json", "text/plain"])
    XCTAssertNil(headers["Missing"])
    XCTAssertEqual(headers.map(\.name), ["Accept", "X-Trace", "accept"], "order and spelling are kept")
  }

  func testSettingReplacesAllFieldsAndNilRemovesThem() {
    var headers = HTTPHeaders()
    headers.add("Set-Cookie", "a=1")
    headers.add("X-Other", "x")
    headers.add("set-cookie", "b=2")
    headers["SET-COOKIE"] = "c=3"
    XCTAssertEqual(headers.all("set-cookie"), ["c=3"])
    XCTAssertEqual(headers.map(\.name), ["SET-COOKIE", "X-Other"])
    headers["x-other"] = nil
    XCTAssertEqual(headers.count, 1)
    headers["New"] = "n"
    XCTAssertEqual(headers["new"], "n")
  }

  func testTokenListsSpanFields() {
    var headers = HTTPHeaders()
    headers.add("Connection", "Upgrade")
    headers.add("connection", " Keep-Alive ,x")
    XCTAssertTrue(headers.hasToken("keep-alive", in: "Connection"))
    XCTAssertFalse(headers.hasToken("close", in: "Connection"))
  }

  func testRequestInitSplitsAndDecodesTheTarget() {
    let request = HTTPRequest(method: "get", target: "/a%2Bb/c?q=1+2%2B3&empty=&bad=%zz&q=second")
    XCTAssertEqual(request.method, "GET")
    XCTAssertEqual(request.path, "/a+b/c", "'+' in a path is literal")
    XCTAssertEqual(request.rawQuery, "q=1+2%2B3&empty=&bad=%zz&q=second")
    XCTAssertEqual(request.queryValue("q"), "1 2+3")
    XCTAssertEqual(request.queryValues("q"), ["1 2+3", "second"])
    XCTAssertEqual(request.queryValue("empty"), "")
    XCTAssertEqual(request.queryValue("bad"), "%zz", "a broken escape is kept as written")
    XCTAssertNil(request.queryValue("Q"))
  }
}
