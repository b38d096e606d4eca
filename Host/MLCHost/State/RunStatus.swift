/// How a run ended, as stored in the runs table, shown by the CLI and used for exit codes.
enum RunStatus: String, CaseIterable, Sendable {
  /// Still going, or its process died before finishing (`beginRun` then marks it interrupted).
  case running
  /// Everything read was delivered.
  case succeeded
  /// Everything read was handled, but some records were held or became dead letters.
  case incomplete
  /// A target could not take records now (down, timing out, answering 5xx or 429 past the
  /// retries); the run stopped after its last committed page and resumes where it stopped.
  case outage
  /// Something else stopped the run (a plugin error, a contract violation, bad config).
  case failed
  /// Its process died before it finished.
  case interrupted
}

/// What a run is for.
enum RunKind: String, Sendable {
  /// Reads what changed from the source and delivers it.
  case sync
  /// Sends parked records again from their stored payload.
  case replay
}
