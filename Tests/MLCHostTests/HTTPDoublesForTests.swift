import Foundation
import XCTest
@testable import MLCHost
import TestKit

/// A clock that never blocks: `sleep(until:)` records the wait and jumps `now` forward.
final class NetTestClock: HTTPClock, @unchecked Sendable {
  private let lock = NSLock()
  private var current: Date
  private var waits: [TimeInterval] = []

  init(_ start: Date = Date(timeIntervalSince1970: 1_785_484_800)) {  // 2026-07-31T08:00:00Z
    current = start
  }

  var now: Date {
    lock.lock()
    defer { lock.unlock() }
    return current
  }

  func sleep(until deadline: Date) {
    lock.lock()
    waits.append(max(0, deadline.timeIntervalSince(current)))
    if deadline > current { current = deadline }
    lock.unlock()
  }

  /// Moves time forward without a sleep (time passing between runs).
  func advance(_ seconds: TimeInterval) {
    lock.lock()
    current = current.addingTimeInterval(seconds)
    lock.unlock()
  }

  /// Every wait asked for, zero waits included.
  var sleeps: [TimeInterval] {
    lock.lock()
    defer { lock.unlock() }
    return waits
  }

  /// The waits longer than zero (the limiter asks for zero-length ones when not limiting).
  var realSleeps: [TimeInterval] { sleeps.filter { $0 > 0 } }
}

/// An in-memory vault that records every write, in order.
final class NetTestSecrets: SecretProvider, @unchecked Sendable {
  private let lock = NSLock()
  private var values: [String: [UInt8]]
  private var log: [(name: String, value: String)] = []
  var failWrites = false

  init(_ values: [String: String] = [:]) {
    self.values = values.mapValues { Array($0.utf8) }
  }

  func secret(named name: String) throws -> [UInt8] {
    lock.lock()
    defer { lock.unlock() }
    guard let value = values[name] else { throw SecretError.notFound(name) }
    return value
  }

  func setSecret(named name: String, value: [UInt8]) throws {
    lock.lock()
    defer { lock.unlock() }
    if failWrites { throw SecretError.corrupt("vault is read-only in this test") }
    values[name] = value
    log.append((name, String(decoding: value, as: UTF8.self)))
  }

  var writes: [(name: String, value: String)] {
    lock.lock()
    defer { lock.unlock() }
    return log
  }
}

/// Hooks that keep every registered secret and log line, and redact like the vault would.
final class NetTestHooks: @unchecked Sendable {
  private let lock = NSLock()
  private var secrets: Set<String> = []
  private var lines: [String] = []

  /// Secrets the test itself knows (the vault's own values), redacted from the start.
  init(known: [String] = []) {
    secrets = Set(known)
  }

  var hooks: HTTPServiceHooks {
    HTTPServiceHooks(
      redact: { [self] text in redact(text) },
      registerSecret: { [self] secret in
        lock.lock()
        secrets.insert(secret)
        lock.unlock()
      },
      debugLog: { [self] line in
        lock.lock()
        lines.append(line)
        lock.unlock()
      })
  }

  func redact(_ text: String) -> String {
    lock.lock()
    let known = secrets.sorted { $0.count > $1.count }
    lock.unlock()
    return known.reduce(text) { $0.replacingOccurrences(of: $1, with: "[redacted]") }
  }

  var registered: Set<String> {
    lock.lock()
    defer { lock.unlock() }
    return secrets
  }

  var log: [String] {
    lock.lock()
    defer { lock.unlock() }
    return lines
  }
}

/// Builds services against a `ScriptedServer` with test clocks and secrets.
struct NetServiceBuilder {
  var plugin = "generic"
  var auth: [String: Any]?
  /// No rate limiting unless a test asks for it, so the clock's waits are the retry loop's.
  var http: [String: Any]? = [
    "retry_base_seconds": 0.5, "retry_cap_seconds": 30, "requests_per_second": 10_000, "burst": 10_000,
  ]
  var secrets = NetTestSecrets()
  var clock = NetTestClock()
  var jitter = JitterSource { 1 }
  var budget = RetryBudget(limit: 500)
  var recording = NetTestHooks()
  var signer: (any JWTSigning)?
  var transport: (any HTTPTransport)?

  func make(_ server: ScriptedServer, connection: String = "test") throws -> HTTPService {
    try HTTPServiceFactory.make(
      connection: connection, plugin: plugin, baseURL: server.baseURL, auth: auth, http: http,
      path: "connections.\(connection)", secrets: secrets, signer: signer, runBudget: budget,
      hooks: recording.hooks, transport: transport, clock: clock, jitter: jitter)
  }
}

/// Starts a scripted server that stops at the end of the test.
func startScriptedServer(_ test: XCTestCase, _ script: (ScriptedServer) -> Void) throws -> ScriptedServer {
  let server = ScriptedServer()
  script(server)
  try server.start()
  test.addTeardownBlock { server.stop() }
  return server
}

/// Runs `body` and returns the `HTTPServiceError` it throws, failing the test otherwise.
func serviceError(_ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) -> HTTPServiceError? {
  do {
    let value = try body()
    XCTFail("expected an HTTPServiceError, got \(value)", file: file, line: line)
  } catch let error as HTTPServiceError {
    return error
  } catch {
    XCTFail("expected an HTTPServiceError, got \(error)", file: file, line: line)
  }
  return nil
}

/// An `IMF-fixdate` for `date`.
func imfDate(_ date: Date) -> String {
  let formatter = DateFormatter()
  formatter.locale = Locale(identifier: "en_US_POSIX")
  formatter.timeZone = TimeZone(identifier: "GMT")
  formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
  return formatter.string(from: date)
}

/// Wraps a transport and notes the injected clock's time as each attempt goes out.
final class NetStampingTransport: HTTPTransport, @unchecked Sendable {
  let inner: any HTTPTransport
  let clock: any HTTPClock
  private let lock = NSLock()
  private var times: [Date] = []

  init(_ inner: any HTTPTransport, clock: any HTTPClock) {
    self.inner = inner
    self.clock = clock
  }

  func send(_ request: TransportRequest) throws -> TransportResponse {
    lock.lock()
    times.append(clock.now)
    lock.unlock()
    return try inner.send(request)
  }

  func shutdown() { inner.shutdown() }

  var sendTimes: [Date] {
    lock.lock()
    defer { lock.unlock() }
    return times
  }
}

/// A thread-safe counter for tests.
final class NetTestCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func increment() {
    lock.lock()
    count += 1
    lock.unlock()
  }
  var value: Int {
    lock.lock()
    defer { lock.unlock() }
    return count
  }
}

/// A uniform random source that remembers its draws.
final class NetTestDraws: @unchecked Sendable {
  private let lock = NSLock()
  private var draws: [Double] = []
  func draw() -> Double {
    let value = Double.random(in: 0...1)
    lock.lock()
    draws.append(value)
    lock.unlock()
    return value
  }
  var values: [Double] {
    lock.lock()
    defer { lock.unlock() }
    return draws
  }
}

/// Lines noted by server handlers, in arrival order.
final class NetTestLog: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []
  func append(_ line: String) {
    lock.lock()
    lines.append(line)
    lock.unlock()
  }
  var entries: [String] {
    lock.lock()
    defer { lock.unlock() }
    return lines
  }
}

/// A scripted OAuth token endpoint: issues `tok-1`, `tok-2`, … and optionally rotating
/// refresh tokens `rt-1`, `rt-2`, …; every refresh token is single-use, as Procore's are.
final class NetTokenIssuer: @unchecked Sendable {
  private let lock = NSLock()
  private var issued = 0
  private var spent: Set<String>
  let expiresIn: Int?
  let refreshTokens: Bool

  init(expiresIn: Int?, refreshTokens: Bool = false) {
    self.expiresIn = expiresIn
    self.refreshTokens = refreshTokens
    spent = []
  }

  var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return issued
  }

  func issue(_ request: ScriptedServer.Request) -> ScriptedServer.Reply {
    lock.lock()
    defer { lock.unlock() }
    if let used = request.form["refresh_token"] {
      guard !spent.contains(used) else { return .json(400, "{\"error\":\"invalid_grant\"}") }
      spent.insert(used)
    }
    issued += 1
    var fields = ["\"access_token\":\"tok-\(issued)\"", "\"token_type\":\"bearer\""]
    if let expiresIn { fields.append("\"expires_in\":\(expiresIn)") }
    if refreshTokens { fields.append("\"refresh_token\":\"rt-\(issued)\"") }
    return .json(200, "{" + fields.joined(separator: ",") + "}")
  }
}
