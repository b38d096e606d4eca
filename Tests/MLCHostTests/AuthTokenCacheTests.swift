import XCTest
@testable import MLCHost
import TestKit

/// The token cache: one fetch for many threads, renewal with skew, remembered failures.
final class AuthTokenCacheTests: XCTestCase {
  func testConcurrentCallersShareOneFetch() throws {
    let cache = TokenCache(clock: NetTestClock(), skew: 60)
    let fetches = NetTestCounter()
    let values = NetTestLog()
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      let token = try? cache.token {
        fetches.increment()
        Thread.sleep(forTimeInterval: 0.05)  // a slow token endpoint: everyone else waits
        return TokenCache.Fetched(value: "tok", headers: [:], lifetime: 900)
      }
      values.append(token?.value ?? "none")
    }
    XCTAssertEqual(fetches.value, 1)
    XCTAssertEqual(values.entries, Array(repeating: "tok", count: 8))
  }

  func testEightThreadsOnAColdConnectionMakeOneTokenRequest() throws {
    let issuer = NetTokenIssuer(expiresIn: 900)
    let server = try startScriptedServer(self) {
      $0.route("POST", "/oauth/token") { request in
        Thread.sleep(forTimeInterval: 0.05)
        return issuer.issue(request)
      }
      $0.script("GET", "/api/items", [.json(200, "[]")])
    }
    var builder = NetServiceBuilder()
    builder.secrets = NetTestSecrets(["cid": "id", "csec": "secret"])
    builder.auth = ["profile": "oauth2_client_credentials", "token_url": "oauth/token", "client_id_secret": "cid",
                    "client_secret_secret": "csec"]
    builder.http?["max_concurrent"] = 8
    let service = try builder.make(server)
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      _ = try? service.send(OutboundRequest(method: "GET", target: "api/items"))
    }
    XCTAssertEqual(issuer.count, 1)
    XCTAssertEqual(Set(server.requests(to: "/api/items").map { $0.header("authorization") }), ["Bearer tok-1"])
  }

  func testSkewIsAtMostHalfTheLifetime() throws {
    let clock = NetTestClock()
    let cache = TokenCache(clock: clock, skew: 60)
    var issued = 0
    func fetch() -> TokenCache.Fetched {
      issued += 1
      return TokenCache.Fetched(value: "t\(issued)", headers: [:], lifetime: 30)
    }
    XCTAssertEqual(try cache.token(fetch: fetch).value, "t1")
    clock.advance(14)
    XCTAssertEqual(try cache.token(fetch: fetch).value, "t1", "a 30 s token is kept for 15 s, not refetched every call")
    clock.advance(2)
    XCTAssertEqual(try cache.token(fetch: fetch).value, "t2")
  }

  func testFailureIsReplayedDuringTheCooldownThenRetried() throws {
    let clock = NetTestClock()
    let cache = TokenCache(clock: clock, skew: 60, permanentFailureCooldown: 60, transientFailureCooldown: 5)
    let attempts = NetTestCounter()
    let refusal = AuthFailure(connection: "c", profile: "p", endpoint: "https://login/token", status: 401,
                              detail: "invalid_client", remedy: "fix it", transient: false)
    func failing() throws -> TokenCache.Fetched {
      attempts.increment()
      throw refusal
    }
    XCTAssertThrowsError(try cache.token(fetch: failing))
    clock.advance(59)
    XCTAssertThrowsError(try cache.token(fetch: failing)) { XCTAssertEqual("\($0)", refusal.description) }
    XCTAssertEqual(attempts.value, 1, "replayed, not refetched")
    clock.advance(2)
    XCTAssertEqual(try cache.token { TokenCache.Fetched(value: "ok", headers: [:], lifetime: nil) }.value, "ok")

    cache.clear()
    let outage = AuthFailure(connection: "c", profile: "p", endpoint: "e", status: 503, detail: "down",
                             remedy: "wait", transient: true)
    XCTAssertThrowsError(try cache.token { throw outage })
    clock.advance(6)
    XCTAssertEqual(try cache.token { TokenCache.Fetched(value: "back", headers: [:], lifetime: nil) }.value, "back",
                   "a transient failure is remembered only briefly")
  }

  func testInvalidateDropsOnlyTheRejectedGeneration() throws {
    let cache = TokenCache(clock: NetTestClock())
    let first = try cache.token { TokenCache.Fetched(value: "a", headers: [:], lifetime: nil) }
    cache.invalidate(generation: first.generation)
    let second = try cache.token { TokenCache.Fetched(value: "b", headers: [:], lifetime: nil) }
    cache.invalidate(generation: first.generation)  // a late 401 for the old token
    XCTAssertEqual(cache.current?.value, "b")
    XCTAssertEqual(second.generation, first.generation + 1)
  }
}
