/// Why a request could not be read, and the status the server answers with.
///
/// Every limit breach maps to exactly one status so clients can tell a malformed request (400)
/// from a slow one (408), an oversized body (413) or oversized headers (431). After any of
/// them the connection is closed, because the rest of the byte stream can't be trusted.
enum HTTPRequestError: Error, Equatable, CustomStringConvertible {
  /// The bytes are not a valid HTTP/1.x request; the text says which part.
  case malformed(String)
  /// The request did not arrive completely within the read timeout.
  case timedOut
  /// The body is larger than the configured maximum.
  case bodyTooLarge(limit: Int)
  /// The request line or the header section is larger than the configured maximum.
  case headersTooLarge(String)
  /// A `Transfer-Encoding` other than `chunked`.
  case unsupportedTransferEncoding(String)
  /// An `Expect` value other than `100-continue`.
  case unsupportedExpectation(String)
  /// A protocol version other than HTTP/1.0 and HTTP/1.1.
  case unsupportedVersion(String)
  /// The peer closed or reset the connection, or the server is stopping: nothing to answer.
  case closed

  /// The status to answer with, or `nil` when there is nobody to answer.
  var status: Int? {
    switch self {
    case .malformed: 400
    case .timedOut: 408
    case .bodyTooLarge: 413
    case .headersTooLarge: 431
    case .unsupportedTransferEncoding: 501
    case .unsupportedExpectation: 417
    case .unsupportedVersion: 505
    case .closed: nil
    }
  }

  var description: String {
    switch self {
    case .malformed(let detail): "malformed request: \(detail)"
    case .timedOut: "the request did not arrive completely within the read timeout; send it faster or raise readTimeout"
    case .bodyTooLarge(let limit): "request body is larger than \(limit) bytes; send less or raise maxBodyBytes"
    case .headersTooLarge(let detail): "\(detail); send shorter headers or raise the limit"
    case .unsupportedTransferEncoding(let value): "Transfer-Encoding '\(value)' is not supported; send chunked or Content-Length"
    case .unsupportedExpectation(let value): "Expect '\(value)' is not supported; only 100-continue is"
    case .unsupportedVersion(let value): "protocol version '\(value)' is not supported; use HTTP/1.1"
    case .closed: "connection closed"
    }
  }
}
