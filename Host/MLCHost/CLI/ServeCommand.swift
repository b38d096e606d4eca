import Foundation
import Glibc

/// `mlc serve`: runs flows on their schedules until SIGTERM or SIGINT.
enum ServeCommand: Command {
  static let name = "serve"
  static let summary = "Run flows on their schedules (schedule_seconds) until stopped."
  static let help = """
    USAGE: mlc serve [--flow F ...] [--once] [--config FILE] [--json]

    Runs every flow that has "schedule_seconds" (or only the --flow ones) whenever it is due:
    a flow is due when its last run started at least schedule_seconds ago, or never ran.
    SIGTERM or SIGINT stops serving after the run in progress commits its current page.

    OPTIONS:
      --flow F   Serve only this flow (repeatable by comma: --flow a,b).
      --once     Run every due flow once, then exit (for cron and tests).
      --json     One JSON run summary per line on stdout.
    """

  static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
    let parsed = try ParsedArguments(arguments, options: ["--flow", "--config"], flags: ["--once", "--json"])
    guard parsed.positionals.isEmpty else { throw UsageError("unexpected argument \(parsed.positionals[0])") }
    let deployment = try Deployment(configOption: parsed.value("--config"), environment: environment, verbose: false)
    let only = parsed.value("--flow").map { Set($0.split(separator: ",").map(String.init)) }
    var flows = deployment.config.flows.filter { $0.scheduleSeconds != nil }
    if let only {
      for name in only.sorted() { _ = try deployment.config.flow(named: name) }
      flows = deployment.config.flows.filter { only.contains($0.name) }
    }
    guard !flows.isEmpty else {
      throw UsageError("no flow has \"schedule_seconds\"; add it to a flow in \(deployment.config.file) or pass --flow")
    }
    StopSignal.install()
    var failures = 0
    repeat {
      var nextDue = Date.distantFuture
      for flow in flows where !StopSignal.requested {
        let interval = TimeInterval(flow.scheduleSeconds ?? 0)
        let last = try lastStart(of: flow.name, in: try deployment.state())
        let due = last.map { $0.addingTimeInterval(interval) } ?? .distantPast
        if due <= Date() {
          do {
            let summary = try deployment.run(flow: flow, full: false, progress: false)
            if !summary.succeeded { failures += 1 }
            if parsed.has("--json") {
              environment.output.json(summary.json)
            } else {
              environment.output.print("\(Timestamp.now())  flow \(flow.name), run \(summary.runID): \(summary.totalRead) records"
                + (summary.error.map { ", \(summary.status.rawValue): \($0)" } ?? ""))
            }
          } catch {
            // The run could not even start (another process holds the flow): try next tick.
            failures += 1
            environment.output.error("\(Timestamp.now())  flow \(flow.name) did not run: \(deployment.logger.redact("\(error)"))")
          }
          nextDue = min(nextDue, Date().addingTimeInterval(interval))
        } else {
          nextDue = min(nextDue, due)
        }
      }
      if parsed.has("--once") { break }
      while !StopSignal.requested && Date() < nextDue { usleep(200_000) }
    } while !StopSignal.requested
    return failures == 0 ? 0 : 1
  }

  private static func lastStart(of flow: String, in state: StateStore) throws -> Date? {
    var text: String?
    try state.database.query("SELECT started_at FROM runs WHERE flow = ? AND kind = 'sync' ORDER BY id DESC LIMIT 1",
                             [.text(flow)]) { row in text = row.string(0) }
    return text.flatMap(Timestamp.parse)
  }
}

/// SIGTERM/SIGINT as a flag the serve loop polls, so a run in progress ends cleanly.
enum StopSignal {
  nonisolated(unsafe) private static var flag: sig_atomic_t = 0

  static var requested: Bool { flag != 0 }

  static func install() {
    signal(SIGTERM) { _ in StopSignal.flag = 1 }
    signal(SIGINT) { _ in StopSignal.flag = 1 }
  }
}
