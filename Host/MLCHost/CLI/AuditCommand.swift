import Foundation

/// `mlc audit`: what happened to records, filtered by flow, entity, key, outcome or run.
enum AuditCommand: Command {
  static let name = "audit"
  static let summary = "Show what happened to records: outcome, target key, error, time."
  static let help = """
    USAGE: mlc audit [--flow F] [--entity E] [--key K] [--status S] [--run N] [--limit N]
                     [--config FILE] [--json]

    Lists audit rows, newest first. Every record a run hands to a sink gets one row.

    OPTIONS:
      --flow F       Only this flow.
      --entity E     Only this entity (vendor, purchase_order, ...).
      --key K        Only this source key (e.g. GEN/PO/000042).
      --status S     Only this outcome: inserted, updated, skipped, failed, held.
      --run N        Only this run.
      --limit N      At most N rows (default 100; 0 = all).
      --config FILE  The deployment config (default: $MLC_CONFIG, else ./mlc.json).
      --json         One JSON document: {"rows":[{...}],"count":N}.
    """

  static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
    let parsed = try ParsedArguments(
      arguments, options: ["--flow", "--entity", "--key", "--status", "--run", "--limit", "--config"], flags: ["--json"])
    guard parsed.positionals.isEmpty else { throw UsageError("unexpected argument \(parsed.positionals[0])") }
    if let status = parsed.value("--status"), Outcome(name: status) == nil {
      throw UsageError("--status must be one of \(Outcome.allCases.map(\.name).joined(separator: ", ")), got \"\(status)\"")
    }
    let limit = try parsed.value("--limit").map { text -> Int in
      guard let value = Int(text), value >= 0 else { throw UsageError("--limit must be a non-negative integer, got \"\(text)\"") }
      return value
    } ?? 100
    let run = try parsed.value("--run").map { text -> Int64 in
      guard let value = Int64(text) else { throw UsageError("--run must be a run number, got \"\(text)\"") }
      return value
    }
    let deployment = try Deployment(configOption: parsed.value("--config"), environment: environment, verbose: false)
    let query = AuditQuery(flow: parsed.value("--flow"), entity: parsed.value("--entity"), key: parsed.value("--key"),
                           outcome: parsed.value("--status"), run: run, limit: limit)
    let rows = try query.rows(in: try deployment.state())
    if parsed.has("--json") {
      environment.output.json(["rows": rows.map(\.json), "count": rows.count])
      return 0
    }
    if rows.isEmpty {
      environment.output.print("no audit rows match")
      return 0
    }
    for row in rows {
      var line = "\(row.at)  run \(row.run)  \(row.flow)  \(row.entity)  \(row.sourceKey)  \(row.outcome)"
      if let target = row.targetKey { line += "  → \(target)" }
      if let message = row.message { line += "  (\(message))" }
      environment.output.print(line)
    }
    return 0
  }
}
