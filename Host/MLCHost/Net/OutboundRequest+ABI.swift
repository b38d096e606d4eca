import CMLCPlugin
import Foundation

/// The mapping between the C ABI's HTTP types (`mlc_http.h`) and the service's Swift ones,
/// so the bridge behind `mlc_host_t.http` copies bytes and nothing else.
extension OutboundRequest {
  /// A request from the fields of `mlc_http_request_t`: `flags` carries the
  /// `MLC_HTTP_NO_AUTH` and `MLC_HTTP_IDEMPOTENT` bits, `timeoutMilliseconds` 0 means the
  /// connection's default.
  init(method: String, target: String, query: String, headers: HeaderList, body: [UInt8],
       flags: UInt32, timeoutMilliseconds: UInt32) {
    self.init(method: method, target: target, query: query, headers: headers, body: body,
              idempotent: flags & UInt32(MLC_HTTP_IDEMPOTENT) != 0,
              withoutAuth: flags & UInt32(MLC_HTTP_NO_AUTH) != 0,
              timeout: timeoutMilliseconds == 0 ? nil : TimeInterval(timeoutMilliseconds) / 1000)
  }
}

extension HTTPServiceError {
  /// The status `mlc_host_t.http` returns for this error (its message goes to
  /// `mlc_host_t.error`, `retryAfterMilliseconds` to `retry_after_ms`).
  var status: mlc_status {
    switch disposition {
    case .retry: return mlc_status(MLC_RETRY)
    case .fatal: return mlc_status(MLC_FATAL)
    case .configError: return mlc_status(MLC_CONFIG_ERROR)
    }
  }

  /// `retryAfter` in whole milliseconds for `retry_after_ms`, 0 when unknown.
  var retryAfterMilliseconds: UInt32 {
    guard let retryAfter else { return 0 }
    return UInt32(min(max(0, retryAfter * 1000), Double(UInt32.max)).rounded(.up))
  }
}
