/// A buffered `ByteSource` over a non-blocking socket, with a deadline for the whole request.
///
/// One reader lives as long as its connection, so bytes of a pipelined next request that
/// arrive with the current one stay buffered for it. The buffer only grows as far as the
/// longest line the decoder allows plus one read; bodies are copied out as they arrive.
struct SocketReader: ByteSource {
  private let socket: Socket
  private let wake: Int32
  private var storage: [UInt8]
  private var start = 0
  private var end = 0
  /// Every wait for bytes ends with `.timedOut` at this instant; the connection sets it when
  /// a request begins.
  var deadline: Deadline = .never

  /// Creates a reader for `socket` whose waits also end when `wake` becomes readable.
  init(socket: Socket, wake: Int32, capacity: Int = 16 * 1024) {
    self.socket = socket
    self.wake = wake
    self.storage = [UInt8](repeating: 0, count: capacity)
  }

  var bufferedCount: Int { end - start }

  /// Waits until at least one byte is buffered; `false` when the peer closed, `deadline`
  /// passed first, or the server is stopping.
  mutating func waitForBytes(until deadline: Deadline) -> Bool {
    if bufferedCount > 0 { return true }
    let saved = self.deadline
    self.deadline = deadline
    defer { self.deadline = saved }
    return (try? fill()) != nil
  }

  mutating func readLine(limit: Int, tooLong: HTTPRequestError) throws -> [UInt8] {
    var scanned = start
    while true {
      if let newline = storage[scanned..<end].firstIndex(of: UInt8(ascii: "\n")) {
        var lineEnd = newline
        if lineEnd > start, storage[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
        if lineEnd - start > limit { throw tooLong }
        let line = Array(storage[start..<lineEnd])
        start = newline + 1
        return line
      }
      // A CR may still be followed by its LF, so it doesn't count against the limit yet.
      if end - start > limit + 1 { throw tooLong }
      scanned = end
      let shift = try fill()
      scanned -= shift
    }
  }

  mutating func read(_ count: Int, into output: inout [UInt8]) throws {
    var remaining = count
    while remaining > 0 {
      if bufferedCount == 0 { _ = try fill() }
      let take = min(remaining, bufferedCount)
      output.append(contentsOf: storage[start..<start + take])
      start += take
      remaining -= take
    }
  }

  /// Reads and discards whatever arrives until the peer closes, `deadline` passes, `maxBytes`
  /// have been read or the server stops.
  ///
  /// Used before closing after an answer, so unread request bytes don't make the kernel reset
  /// the connection and destroy the answer before the client has read it.
  mutating func drain(until deadline: Deadline, maxBytes: Int) {
    self.deadline = deadline
    var total = 0
    start = 0
    end = 0
    while total < maxBytes, (try? fill()) != nil {
      total += end
      start = 0
      end = 0
    }
  }

  /// Receives at least one byte into the buffer, compacting or growing it first when full.
  /// Returns how far buffered bytes moved towards the front, so callers can adjust indices.
  private mutating func fill() throws -> Int {
    var shift = 0
    if start == end {
      shift = start
      start = 0
      end = 0
    } else if end == storage.count {
      shift = start
      if start > 0 {
        storage.withUnsafeMutableBufferPointer { buffer in
          let base = buffer.baseAddress!
          base.update(from: base + start, count: end - start)
        }
        end -= start
        start = 0
      }
      if end == storage.count {
        storage.append(contentsOf: [UInt8](repeating: 0, count: storage.count))
      }
    }
    while true {
      let result = storage.withUnsafeMutableBytes { buffer in
        socket.receive(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
      }
      switch result {
      case .bytes(let count):
        end += count
        return shift
      case .closed:
        throw HTTPRequestError.closed
      case .wouldBlock:
        switch socket.wait(wake: wake, deadline: deadline) {
        case .ready: continue
        case .timedOut: throw HTTPRequestError.timedOut
        case .woken: throw HTTPRequestError.closed
        }
      }
    }
  }
}
