/// Lists parked records of one kind; shared by `mlc held` and `mlc dead-letters`.
enum ParkedListing {
  static func run(kind: ParkedKind, _ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
    let parsed = try ParsedArguments(arguments, options: ["--flow", "--entity", "--config"], flags: ["--json"])
    guard parsed.positionals.isEmpty else { throw UsageError("unexpected argument \(parsed.positionals[0])") }
    let deployment = try Deployment(configOption: parsed.value("--config"), environment: environment, verbose: false)
    let records = try deployment.state().parked(flow: parsed.value("--flow"), kind: kind, entity: parsed.value("--entity"))
    if parsed.has("--json") {
      environment.output.json(["records": records.map(\.json), "count": records.count])
      return 0
    }
    if records.isEmpty {
      environment.output.print("no \(kind.label)s")
      return 0
    }
    for record in records {
      environment.output.print("#\(record.id)  \(record.flow)  \(record.entity)  \(record.sourceKey)  attempts \(record.attempts)  \(record.reason)")
    }
    switch kind {
    case .held:
      environment.output.print("Set the missing mappings with `mlc map set`, then `mlc replay --held` (or the next sync retries them).")
    case .deadLetter:
      environment.output.print("Fix the cause, then `mlc replay --id N` or `mlc replay --dead-letters`.")
    }
    return 0
  }
}

/// `mlc held`: records waiting for a reference or mapping, with the reason.
enum HeldCommand: Command {
  static let name = "held"
  static let summary = "List records held for an unresolved reference or mapping, with the reason."
  static let help = """
    USAGE: mlc held [--flow F] [--entity E] [--config FILE] [--json]

    A record is held when its sink cannot resolve a reference it needs (a vendor not yet in
    the target, a GL account with no cost-center mapping). Held records are retried at the
    start of every sync of their flow, and by `mlc replay --held`.
    """

  static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
    try ParkedListing.run(kind: .held, arguments, environment)
  }
}

/// `mlc dead-letters`: records a sink rejected, kept with their payload for replay.
enum DeadLettersCommand: Command {
  static let name = "dead-letters"
  static let summary = "List records a sink rejected, kept with payload, error and attempts."
  static let help = """
    USAGE: mlc dead-letters [--flow F] [--entity E] [--config FILE] [--json]

    Each row keeps the source record as read, the last error and how many attempts were
    made. `mlc replay --id N` or `mlc replay --dead-letters` sends them again.
    """

  static func run(_ arguments: [String], _ environment: CommandEnvironment) throws -> Int32 {
    try ParkedListing.run(kind: .deadLetter, arguments, environment)
  }
}
