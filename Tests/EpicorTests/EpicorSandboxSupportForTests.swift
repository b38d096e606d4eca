import EpicorSandbox
import Foundation
import MLCSandboxKit
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A raw HTTP client for driving the Epicor sandbox exactly as SYSTEMS.md §1 shapes
/// requests (not through the connector): URLs are built by hand, with `$filter` text
/// percent-encoded the way clients send it.
struct EpicorRawClient {
  /// One response.
  struct Response {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object; fails the test when it isn't one.
    func json(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
      let object = try JSONSerialization.jsonObject(with: body)
      return try XCTUnwrap(object as? [String: Any], "body is not a JSON object: \(text)", file: file, line: line)
    }

    /// The `value` array of an OData collection response.
    func values(file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
      try XCTUnwrap(try json(file: file, line: line)["value"] as? [[String: Any]], "no value array in \(text)", file: file, line: line)
    }

    func header(_ name: String) -> String? {
      headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
  }

  let endpoint: SandboxEndpoint

  var baseURL: String { endpoint.baseURL }
  var apiKey: String { endpoint.credentials["api_key"]! }
  var username: String { endpoint.credentials["username"]! }
  var password: String { endpoint.credentials["password"]! }
  var company: String { endpoint.settings["company"]! }
  var basic: String { "Basic " + Data("\(username):\(password)".utf8).base64EncodedString() }

  /// `{base}/api/v2/odata/{company}/Erp.BO.{service}/{path}` with an already-encoded query.
  func url(_ service: String, _ path: String, query: String = "") -> String {
    "\(baseURL)/api/v2/odata/\(company)/Erp.BO.\(service)/\(path)" + (query.isEmpty ? "" : "?" + query)
  }

  /// Percent-encodes a query value (spaces as %20, quotes and `$` kept readable as clients do).
  static func encode(_ value: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~'(),$:")
    return value.addingPercentEncoding(withAllowedCharacters: allowed)!
  }

  /// `name=value` pairs joined with `&`, values encoded.
  static func query(_ items: [(String, String)]) -> String {
    items.map { "\($0.0)=\(encode($0.1))" }.joined(separator: "&")
  }

  /// A GET with the API key and Basic auth unless `headers` says otherwise.
  func get(_ url: String, headers: [String: String]? = nil) throws -> Response {
    try send("GET", url, headers: headers ?? standardHeaders())
  }

  /// A POST of a JSON body with the API key and Basic auth.
  func post(_ url: String, json: String, headers: [String: String]? = nil) throws -> Response {
    var all = headers ?? standardHeaders()
    all["Content-Type"] = "application/json"
    return try send("POST", url, headers: all, body: Data(json.utf8))
  }

  /// `x-api-key`, `Authorization: Basic`, `Accept: application/json`.
  func standardHeaders(authorization: String? = nil) -> [String: String] {
    ["x-api-key": apiKey, "Authorization": authorization ?? basic, "Accept": "application/json"]
  }

  /// Sends one request and waits for the answer (up to 30 s).
  func send(_ method: String, _ url: String, headers: [String: String], body: Data? = nil) throws -> Response {
    var request = URLRequest(url: try XCTUnwrap(URL(string: url), "bad URL \(url)"))
    request.httpMethod = method
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    request.httpBody = body
    request.timeoutInterval = 30
    let box = ResultBox()
    let done = DispatchSemaphore(value: 0)
    URLSession.shared.dataTask(with: request) { data, response, error in
      box.set(data, response as? HTTPURLResponse, error)
      done.signal()
    }.resume()
    done.wait()
    let (data, response, error) = box.get()
    if let error { throw error }
    let http = try XCTUnwrap(response, "no HTTP response for \(method) \(url)")
    var fields: [String: String] = [:]
    for (name, value) in http.allHeaderFields { fields["\(name)"] = "\(value)" }
    return Response(status: http.statusCode, headers: fields, body: data ?? Data())
  }

  private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (Data?, HTTPURLResponse?, Error?) = (nil, nil, nil)
    func set(_ data: Data?, _ response: HTTPURLResponse?, _ error: Error?) {
      lock.lock()
      value = (data, response, error)
      lock.unlock()
    }
    func get() -> (Data?, HTTPURLResponse?, Error?) {
      lock.lock()
      defer { lock.unlock() }
      return value
    }
  }
}

/// Starts a sandbox for one test and stops it afterwards.
func startEpicorSandbox(records: Int = 300, seed: UInt64 = 7, faults: FaultPlan = FaultPlan(),
                        settings: [String: String] = [:]) throws -> (EpicorSandbox, EpicorRawClient) {
  let sandbox = try EpicorSandbox(options: SandboxOptions(records: records, seed: seed, faults: faults, settings: settings))
  let endpoint = try sandbox.start()
  return (sandbox, EpicorRawClient(endpoint: endpoint))
}
