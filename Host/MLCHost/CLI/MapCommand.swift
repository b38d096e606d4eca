/// `mlc map`: the deployment's mapping tables (a GL account to a cost center, a vendor code
/// to a target id). Setting a mapping releases the held records waiting for it on the next
/// run of their flow, or at once with `mlc replay --held`.
enum MapCommand: Command {
  static let name = "map"
  static let summary = "Set, list, remove mapping-table rows that connectors translate through."
  static let help = """
    USAGE: mlc map set TABLE SOURCE_VALUE TARGET_VALUE
           mlc map list [TABLE] [--json]
           mlc map rm TABLE SOURCE_VALUE

    Connectors translate values through these tables (e.g. table gl_cost_center maps a GL
    account to a cost center). A record whose value has no row is held with the table and
    value named; `mlc held` lists them. After `mlc map set`, the next `mlc sync` of the flow
    retries them, or `mlc replay --held` does it now.

    OPTIONS:
      --config FILE  The deployment config (default: $MLC_CONFIG, else ./mlc.json).
      --json         Machine-readable output.
    """

  static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
    let parsed = try ParsedArguments(arguments, options: ["--config"], flags: ["--json"])
    guard let action = parsed.positionals.first else { throw UsageError("expected set, list or rm") }
    let rest = Array(parsed.positionals.dropFirst())
    let deployment = try Deployment(configOption: parsed.value("--config"), environment: environment, verbose: false)
    let store = MappingStore(database: try deployment.state().database)
    let output = environment.output
    switch action {
    case "set":
      guard rest.count == 3 else { throw UsageError("expected: mlc map set TABLE SOURCE_VALUE TARGET_VALUE") }
      try store.set(table: rest[0], source: rest[1], target: rest[2])
      let waiting = try deployment.state().parked(kind: .held).filter { $0.reason.contains(rest[1]) }.count
      if parsed.has("--json") {
        output.json(["table": rest[0], "source": rest[1], "target": rest[2], "held_mentioning_value": waiting])
      } else {
        output.print("\(rest[0]): \(rest[1]) → \(rest[2])")
        if waiting > 0 { output.print("\(waiting) held records mention \(rest[1]); `mlc replay --held` retries them now, or the next sync does") }
      }
    case "list":
      guard rest.count <= 1 else { throw UsageError("expected: mlc map list [TABLE]") }
      let rows = try store.rows(table: rest.first)
      if parsed.has("--json") {
        output.json(["mappings": rows.map { ["table": $0.table, "source": $0.source, "target": $0.target, "updated_at": $0.updatedAt] }])
      } else if rows.isEmpty {
        output.print("no mappings")
      } else {
        for row in rows { output.print("\(row.table)  \(row.source) → \(row.target)") }
      }
    case "rm":
      guard rest.count == 2 else { throw UsageError("expected: mlc map rm TABLE SOURCE_VALUE") }
      guard try store.remove(table: rest[0], source: rest[1]) else {
        output.error("error: table \(rest[0]) has no mapping for \"\(rest[1])\"")
        return 1
      }
      if parsed.has("--json") { output.json(["table": rest[0], "source": rest[1], "removed": true]) } else { output.print("removed \(rest[0]): \(rest[1])") }
    default:
      throw UsageError("unknown action \"\(action)\"; expected set, list or rm")
    }
    return 0
  }
}
