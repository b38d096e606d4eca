import Foundation

/// What a flow run did, per entity, for the CLI, `--json` and the runs table.
struct RunSummary {
  init(flow: String, runID: Int64, kind: RunKind = .sync) {
    self.flow = flow
    self.runID = runID
    self.kind = kind
  }

  struct EntityCounts {
    let entity: String
    /// Records the source emitted that were new since the cursor and went to the sink.
    var read = 0
    var inserted = 0
    var updated = 0
    var skipped = 0
    var failed = 0
    var held = 0
    /// Records the source emitted again that were already delivered (ties at the cursor).
    var alreadyDelivered = 0
    /// Parked records sent again (held records retried at the start of a run, or `mlc replay`).
    var replayed = 0
    var pages = 0
    /// HTTP requests the source and sink made for this entity (retries not counted).
    var apiCalls = 0
    /// What each side's connection put on the wire for this entity, by connection name.
    var traffic: [String: HTTPTraffic] = [:]
    var seconds = 0.0

    mutating func count(_ outcome: Outcome) {
      switch outcome {
      case .inserted: inserted += 1
      case .updated: updated += 1
      case .skipped: skipped += 1
      case .failed: failed += 1
      case .held: held += 1
      case .retry: break  // not final: the record is sent again
      }
    }

    var json: [String: Any] {
      [
        "entity": entity, "read": read, "written": inserted, "updated": updated, "skipped": skipped, "failed": failed,
        "held": held, "already_delivered": alreadyDelivered, "replayed": replayed, "pages": pages, "api_calls": apiCalls,
        "bytes_sent": traffic.values.reduce(0) { $0 + $1.bytesSent },
        "bytes_received": traffic.values.reduce(0) { $0 + $1.bytesReceived },
        "connections": traffic.mapValues(\.json), "seconds": (seconds * 1000).rounded() / 1000,
      ]
    }
  }

  let flow: String
  let runID: Int64
  var kind: RunKind = .sync
  var entities: [EntityCounts] = []
  var seconds = 0.0
  /// Why the run stopped early, redacted; nil when it ran to the end.
  var error: String?
  /// Whether what stopped it was a target that could not take records now.
  private(set) var stoppedByOutage = false

  /// Records that the run stopped on `error`.
  mutating func stop(because error: any Error, redact: (String) -> String) {
    self.error = redact("\(error)")
    stoppedByOutage = error is SinkOutage
  }

  /// How the run ended.
  var status: RunStatus {
    if error != nil { return stoppedByOutage ? .outage : .failed }
    return totalFailed + totalHeld > 0 ? .incomplete : .succeeded
  }

  /// Whether the run went to the end (records may still have been held or dead-lettered).
  var succeeded: Bool { error == nil }
  var totalRead: Int { entities.reduce(0) { $0 + $1.read } }
  var totalFailed: Int { entities.reduce(0) { $0 + $1.failed } }
  var totalHeld: Int { entities.reduce(0) { $0 + $1.held } }

  var json: [String: Any] {
    var object: [String: Any] = [
      "flow": flow, "run": runID, "kind": kind.rawValue, "status": status.rawValue,
      "seconds": (seconds * 1000).rounded() / 1000, "entities": entities.map(\.json),
    ]
    if let error { object["error"] = error }
    return object
  }

  /// The JSON the runs table keeps.
  var jsonText: String {
    (try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }

  /// A fixed-width table for people.
  var table: String {
    let columns = ["entity", "read", "written", "updated", "skipped", "failed", "held", "api calls", "seconds"]
    var rows = [columns]
    for e in entities {
      rows.append([e.entity, "\(e.read)", "\(e.inserted)", "\(e.updated)", "\(e.skipped)", "\(e.failed)", "\(e.held)",
                   "\(e.apiCalls)", String(format: "%.2f", e.seconds)])
    }
    let widths = columns.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    return rows.map { row in
      row.enumerated().map { index, cell in
        index == 0 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
          : String(repeating: " ", count: widths[index] - cell.count) + cell
      }.joined(separator: "  ")
    }.joined(separator: "\n")
  }
}
