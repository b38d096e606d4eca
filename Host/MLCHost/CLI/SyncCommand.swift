import Foundation

/// `mlc sync FLOW`: moves what changed since the last run from the flow's source to its sink.
enum SyncCommand: Command {
  static let name = "sync"
  static let summary = "Run a flow once: move what changed since the last run."
  static let help = """
    USAGE: mlc sync FLOW [--full] [--config FILE] [--json] [--verbose]

    Reads each entity of the flow from its source, reference data first (gl_account,
    cost_center, vendor, part, then purchase_order, ap_invoice, ap_payment,
    procurement_request), and writes it to the sink page by page. Each page's outcomes,
    audit rows and cursor advance commit together, so an interrupted run resumes where it
    stopped and delivers every record exactly once.

    Records the sink rejects are kept as dead letters (`mlc dead-letters`); the run goes on.
    A target that cannot take records now (down, timing out, answering 5xx or 429 after the
    retries) is an outage: the run stops after its last committed page without
    dead-lettering anything, and the next run resumes there. The run also stops (exit 1)
    when a plugin fails as a whole; rerun to resume.

    OPTIONS:
      --full         Re-read everything instead of what changed since the cursor.
      --config FILE  The deployment config (default: $MLC_CONFIG, else ./mlc.json).
      --json         Print the run summary as JSON: {"flow","run","status","entities":[...]}.
      --verbose      Debug logging on stderr (secrets redacted).
    """

  static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
    let parsed = try ParsedArguments(arguments, options: ["--config"], flags: ["--full", "--json", "--verbose"])
    guard parsed.positionals.count == 1 else { throw UsageError("expected one FLOW name") }
    let deployment = try Deployment(configOption: parsed.value("--config"), environment: environment, verbose: parsed.has("--verbose"))
    let flow = try deployment.config.flow(named: parsed.positionals[0])
    let summary = try deployment.run(flow: flow, full: parsed.has("--full"), progress: !parsed.has("--json"))
    let output = environment.output
    if parsed.has("--json") {
      output.json(summary.json)
    } else {
      output.print("flow \(flow.name), run \(summary.runID): \(summary.totalRead) records in \(String(format: "%.2f", summary.seconds)) s")
      output.print(summary.table)
      if summary.totalFailed > 0 {
        output.print("\(summary.totalFailed) records failed: `mlc audit --flow \(flow.name) --status failed` shows why.")
      }
      if summary.totalHeld > 0 {
        output.print("\(summary.totalHeld) records held: `mlc audit --flow \(flow.name) --status held` shows why.")
      }
    }
    if let error = summary.error {
      let next = summary.status == .outage
        ? "Nothing was dead-lettered for this; run `mlc sync \(flow.name)` again once the target answers, and it resumes where it stopped."
        : "The run stopped after its last committed page; run `mlc sync \(flow.name)` again to resume."
      output.error("error: \(error)\n\(next)")
      return 1
    }
    return 0
  }
}
