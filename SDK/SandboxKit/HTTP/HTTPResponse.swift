/// What a handler answers: a status, header fields and a complete body.
///
/// The server adds `Content-Length` and `Date` itself and ignores any `Content-Length` or
/// `Transfer-Encoding` a handler sets, so a handler can never frame a response wrongly.
public struct HTTPResponse: Sendable {
  /// The status code, 200…599. Anything else is answered as 500 by the server.
  public var status: Int
  /// Header fields to send. CR and LF in values are replaced by spaces when sent.
  public var headers: HTTPHeaders
  /// The body bytes. Not sent for `HEAD` requests and 204/304 answers.
  public var body: [UInt8]
  /// Close the connection after sending this response (adds `Connection: close`).
  public var closesConnection: Bool = false
  /// Fault injection: close the socket without sending anything, as a dropped connection or a
  /// crashed upstream would. `status`, `headers` and `body` are ignored.
  public var dropConnection: Bool = false

  /// Creates a response.
  public init(status: Int, headers: HTTPHeaders = .init(), body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// A response whose body is `text` as UTF-8, with `Content-Type` set unless given in
  /// `headers`.
  public init(status: Int, contentType: String, text: String, headers: HTTPHeaders = .init()) {
    self.init(status: status, headers: headers, body: Array(text.utf8))
    if self.headers["Content-Type"] == nil { self.headers["Content-Type"] = contentType }
  }

  /// A JSON response; `text` must already be JSON.
  public static func json(_ status: Int, _ text: String, headers: HTTPHeaders = .init()) -> HTTPResponse {
    HTTPResponse(status: status, contentType: "application/json; charset=utf-8", text: text, headers: headers)
  }

  /// A plain-text response.
  public static func text(_ status: Int, _ text: String) -> HTTPResponse {
    HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", text: text)
  }

  /// A response that tells the server to drop the connection without answering.
  public static var dropped: HTTPResponse {
    var response = HTTPResponse(status: 500)
    response.dropConnection = true
    return response
  }
}
