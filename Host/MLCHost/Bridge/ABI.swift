import CMLCPlugin

/// The header's integer constants with the C types they are used as. C's anonymous enums
/// import into Swift as `Int`; these spare every call site a conversion.
enum ABI {
  static let major = UInt16(MLC_ABI_MAJOR)
  static let minor = UInt16(MLC_ABI_MINOR)

  static let ok = mlc_status(MLC_OK)
  static let retry = mlc_status(MLC_RETRY)
  static let fatal = mlc_status(MLC_FATAL)
  static let configError = mlc_status(MLC_CONFIG_ERROR)
  static let unsupported = mlc_status(MLC_UNSUPPORTED)
  static let notFound = mlc_status(MLC_NOT_FOUND)
  static let mismatch = mlc_status(MLC_MISMATCH)

  /// The size of a struct as it goes in its `struct_size` field.
  static func size<T>(of _: T.Type) -> UInt32 { UInt32(MemoryLayout<T>.size) }
}

/// What happened to one record handed to a sink.
enum Outcome: Int32, CaseIterable, Sendable {
  case inserted = 1, updated, skipped, failed, held
  /// Not attempted or failed transiently: sent again, never a dead letter. Never stored:
  /// a record still waiting to be retried when a run stops was not delivered, and its page
  /// is read again on the next run.
  case retry

  /// The name stored in the audit and accepted by `mlc audit --status`.
  var name: String {
    switch self {
    case .inserted: return "inserted"
    case .updated: return "updated"
    case .skipped: return "skipped"
    case .failed: return "failed"
    case .held: return "held"
    case .retry: return "retry"
    }
  }

  /// Whether the record reached the target (as opposed to failing or waiting).
  var landed: Bool { self == .inserted || self == .updated || self == .skipped }

  init?(name: String) {
    guard let match = Outcome.allCases.first(where: { $0.name == name }) else { return nil }
    self = match
  }
}
