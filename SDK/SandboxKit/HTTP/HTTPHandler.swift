/// The function a server calls for every request: it takes the request and returns a value.
///
/// It is a plain closure rather than a protocol or an `async throws` function so that nothing a
/// handler does can leave the connection without an answer: there is no error to lose and no
/// task to cancel. Handlers run on the connection's own thread and may block (a sandbox's
/// injected latency does), but they must return; the server cannot interrupt them.
/// Handlers are called concurrently from several connection threads.
public typealias HTTPHandler = @Sendable (HTTPRequest) -> HTTPResponse
