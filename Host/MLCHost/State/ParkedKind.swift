/// Why a record that did not land is kept, with its payload, for replay. The names are the
/// ones the CLI and the README use: a record whose outcome was `failed` (the target rejected
/// it) is a *dead letter*; one whose outcome was `held` (a reference or mapping is missing)
/// is *held*. Records a sink asked to retry are never parked: their page is sent again.
enum ParkedKind: String, CaseIterable, Sendable {
  case deadLetter = "dead_letter"
  case held

  /// The kind a record with `outcome` is parked as, or nil when it landed or is retried.
  init?(_ outcome: Outcome) {
    switch outcome {
    case .failed: self = .deadLetter
    case .held: self = .held
    case .inserted, .updated, .skipped, .retry: return nil
    }
  }

  /// How people call it: "dead letter", "held record".
  var label: String {
    switch self {
    case .deadLetter: return "dead letter"
    case .held: return "held record"
    }
  }
}
