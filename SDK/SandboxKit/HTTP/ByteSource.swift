/// Where the decoder gets request bytes from: a socket in the server, an array in tests.
///
/// The source owns buffering and timing, so the decoder is pure parsing: it asks for a line or
/// a number of bytes and gets them, or gets the error that ends the request (`.timedOut` when
/// the read deadline passes, `.closed` when the peer is gone).
protocol ByteSource {
  /// Reads up to and including the next LF and returns the line without its CR LF (a bare LF
  /// also ends a line, as RFC 9112 §2.2 allows).
  ///
  /// Throws `tooLong` once the line, without its terminator, would exceed `limit` bytes, without
  /// waiting for the rest of it.
  mutating func readLine(limit: Int, tooLong: HTTPRequestError) throws -> [UInt8]

  /// Reads exactly `count` bytes and appends them to `output`.
  mutating func read(_ count: Int, into output: inout [UInt8]) throws

  /// How many bytes are already buffered and can be read without waiting.
  var bufferedCount: Int { get }
}

/// A `ByteSource` over bytes in memory, for decoding without a socket; running out of bytes
/// is `.closed`, as a peer closing mid-request would be.
struct ArrayByteSource: ByteSource {
  private let bytes: [UInt8]
  private var position = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// Whether every byte has been consumed.
  var isAtEnd: Bool { position == bytes.count }

  var bufferedCount: Int { bytes.count - position }

  mutating func readLine(limit: Int, tooLong: HTTPRequestError) throws -> [UInt8] {
    var index = position
    while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
      if index - position > limit { throw tooLong }
      index += 1
    }
    guard index < bytes.count else {
      if index - position > limit { throw tooLong }
      throw HTTPRequestError.closed
    }
    var end = index
    if end > position, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    if end - position > limit { throw tooLong }
    let line = Array(bytes[position..<end])
    position = index + 1
    return line
  }

  mutating func read(_ count: Int, into output: inout [UInt8]) throws {
    guard count <= bytes.count - position else { throw HTTPRequestError.closed }
    output.append(contentsOf: bytes[position..<position + count])
    position += count
  }
}
