import Foundation

/// `mlc replay`: sends parked records again from their stored payload.
enum ReplayCommand: Command {
  static let name = "replay"
  static let summary = "Send dead letters or held records to their sink again."
  static let help = """
    USAGE: mlc replay (--id N | --dead-letters | --held) [--flow F] [--config FILE] [--json]

    Sends parked records (dead letters and held records) to their flow's sink again, from the
    source payload stored when they were parked, through the current mappings. Records that
    land leave the parking lot; the others stay with the new reason and one more attempt.
    Every outcome is audited. A sink that cannot take records now stops the replay; the
    records stay parked as they were.

    OPTIONS:
      --id N           Only the parked record N (see `mlc dead-letters`, `mlc held`).
      --dead-letters   Every dead letter: records the target rejected (of --flow F when
                       given). `--all-failed` is accepted too.
      --held           Every held record (of --flow F when given).
      --flow F       Only records of this flow.
      --json         Print {"replayed":N,"flows":[run summaries]}.
    """

  static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
    let parsed = try ParsedArguments(arguments, options: ["--id", "--flow", "--config"],
                                     flags: ["--dead-letters", "--all-failed", "--held", "--json"])
    guard parsed.positionals.isEmpty else { throw UsageError("unexpected argument \(parsed.positionals[0])") }
    let deadLetters = parsed.has("--dead-letters") || parsed.has("--all-failed")
    let selectors = [parsed.value("--id") != nil, deadLetters, parsed.has("--held")].filter { $0 }.count
    guard selectors == 1 else { throw UsageError("say which records: exactly one of --id N, --dead-letters, --held") }
    let id = try parsed.value("--id").map { text -> Int64 in
      guard let value = Int64(text) else { throw UsageError("--id must be a number, got \"\(text)\"") }
      return value
    }
    let deployment = try Deployment(configOption: parsed.value("--config"), environment: environment, verbose: false)
    let state = try deployment.state()
    let kind: ParkedKind? = parsed.has("--dead-letters") || parsed.has("--all-failed") ? .deadLetter : parsed.has("--held") ? .held : nil
    let records = try state.parked(flow: parsed.value("--flow"), kind: kind, id: id)
    if let id, records.isEmpty {
      environment.output.error("error: no parked record #\(id); `mlc dead-letters` and `mlc held` list them")
      return 1
    }
    var summaries: [RunSummary] = []
    for (flowName, group) in Dictionary(grouping: records, by: \.flow).sorted(by: { $0.key < $1.key }) {
      summaries.append(try deployment.replay(group, flow: try deployment.config.flow(named: flowName)))
    }
    if parsed.has("--json") {
      environment.output.json(["replayed": records.count, "flows": summaries.map(\.json)])
    } else if records.isEmpty {
      environment.output.print("nothing to replay")
    } else {
      for summary in summaries {
        let landed = summary.entities.reduce(0) { $0 + $1.inserted + $1.updated + $1.skipped }
        environment.output.print("flow \(summary.flow), replay run \(summary.runID): \(landed) of \(summary.entities.reduce(0) { $0 + $1.replayed }) records landed; \(summary.totalFailed) failed, \(summary.totalHeld) held")
      }
    }
    if let failed = summaries.first(where: { !$0.succeeded }) {
      environment.output.error("error: \(failed.error ?? "")")
      return 1
    }
    return 0
  }
}
