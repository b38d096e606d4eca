extension HTTPServer {
  /// Where the server listens and the limits every connection and request must stay within.
  ///
  /// Each limit has its own answer, so a client can tell what it did wrong: a request line or
  /// header section over its limit is 431, a body over `maxBodyBytes` is 413, a request that
  /// is not complete within `readTimeout` is 408, a connection beyond `maxConnections` is 503.
  public struct Configuration: Sendable {
    /// The address to bind: `127.0.0.1` (default, loopback only), `0.0.0.0`, `::1`, …
    public var host: String = "127.0.0.1"
    /// The port to bind; 0 lets the system pick a free one, which `start()` returns.
    public var port: UInt16 = 0
    /// The longest request line (`GET /path?query HTTP/1.1`) accepted, in bytes.
    public var maxRequestLineBytes: Int = 8192
    /// The largest header section accepted, in bytes, counting each line and its CR LF.
    public var maxHeaderBytes: Int = 32768
    /// The most header fields accepted in one request.
    public var maxHeaderCount: Int = 100
    /// The largest request body accepted, after de-chunking.
    public var maxBodyBytes: Int = 16 << 20
    /// How long a request may take to arrive completely, from its first byte (or from the
    /// connection being accepted, for the first request). Slow clients get 408.
    public var readTimeout: Duration = .seconds(30)
    /// How long sending one response may take before the connection is dropped.
    public var writeTimeout: Duration = .seconds(30)
    /// How long an open connection may sit idle between requests before it is closed.
    public var keepAliveIdleTimeout: Duration = .seconds(15)
    /// The most connections served at once; the next ones get 503 and are closed.
    public var maxConnections: Int = 128
    /// How long the server keeps reading (and discarding) after its last response on a
    /// connection it closes, so the client can read that response before the socket goes.
    public var lingerTimeout: Duration = .seconds(2)
    /// The listen backlog: connections the kernel queues before `accept`.
    public var backlog: Int32 = 128
    /// Receives one line per request error and dropped connection; `nil` logs nothing.
    public var log: (@Sendable (String) -> Void)?

    /// Creates a configuration with the defaults, changing only what is passed.
    public init(
      host: String = "127.0.0.1",
      port: UInt16 = 0,
      maxRequestLineBytes: Int = 8192,
      maxHeaderBytes: Int = 32768,
      maxBodyBytes: Int = 16 << 20,
      readTimeout: Duration = .seconds(30),
      keepAliveIdleTimeout: Duration = .seconds(15),
      maxConnections: Int = 128
    ) {
      self.host = host
      self.port = port
      self.maxRequestLineBytes = maxRequestLineBytes
      self.maxHeaderBytes = maxHeaderBytes
      self.maxBodyBytes = maxBodyBytes
      self.readTimeout = readTimeout
      self.keepAliveIdleTimeout = keepAliveIdleTimeout
      self.maxConnections = maxConnections
    }

    /// The decoder limits these settings imply.
    var limits: HTTPDecoder.Limits {
      HTTPDecoder.Limits(
        maxRequestLineBytes: maxRequestLineBytes, maxHeaderBytes: maxHeaderBytes,
        maxHeaderCount: maxHeaderCount, maxBodyBytes: maxBodyBytes)
    }
  }
}
