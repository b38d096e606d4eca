/// HTTP work one connection did, as a difference of two metric snapshots.
struct HTTPTraffic: Equatable {
  var calls = 0
  var attempts = 0
  var bytesSent = 0
  var bytesReceived = 0

  static func + (a: HTTPTraffic, b: HTTPTraffic) -> HTTPTraffic {
    HTTPTraffic(calls: a.calls + b.calls, attempts: a.attempts + b.attempts, bytesSent: a.bytesSent + b.bytesSent,
                bytesReceived: a.bytesReceived + b.bytesReceived)
  }

  static func += (total: inout HTTPTraffic, more: HTTPTraffic) { total = total + more }

  static func - (after: HTTPTraffic, before: HTTPTraffic) -> HTTPTraffic {
    HTTPTraffic(calls: after.calls - before.calls, attempts: after.attempts - before.attempts,
                bytesSent: after.bytesSent - before.bytesSent, bytesReceived: after.bytesReceived - before.bytesReceived)
  }

  var json: [String: Any] {
    ["api_calls": calls, "attempts": attempts, "bytes_sent": bytesSent, "bytes_received": bytesReceived]
  }
}

extension HTTPTraffic {
  /// The totals of one connection's metrics so far (an extension keeps the memberwise init).
  init(_ snapshot: HTTPMetrics.Snapshot) {
    self.init(calls: snapshot.calls, attempts: snapshot.attempts, bytesSent: snapshot.bytesSent,
              bytesReceived: snapshot.bytesReceived)
  }
}
