import CMLCPlugin

/// Where a sink reports what happened to each record of a batch; wraps the host's
/// `mlc_outcomes_t`.
///
/// Valid only during the `Sink.write` call it is passed to. A record reported twice keeps
/// the last report; a record never reported counts as failed ("the sink reported no
/// outcome").
public final class OutcomeReporter {
  private let context: UnsafeMutableRawPointer?
  private let reportFunction: @convention(c) (UnsafeMutableRawPointer?, UInt64, mlc_outcome,
                                              mlc_bytes_t, mlc_bytes_t) -> Void
  /// The number of records in the batch; valid indices are `0..<count`.
  public let count: Int
  /// The first report with an index outside the batch, described. A connector bug: the
  /// kit turns it into a fatal error once `write` returns, rather than trapping here.
  private(set) var misuse: String?

  /// Wraps the host's outcomes table, or throws when it lacks a `report` function.
  init(_ outcomes: UnsafePointer<mlc_outcomes_t>, count: Int) throws {
    let view = CStructView(outcomes)
    typealias Report = @convention(c) (UnsafeMutableRawPointer?, UInt64, mlc_outcome,
                                       mlc_bytes_t, mlc_bytes_t) -> Void
    guard let report = view.load(\.report, as: Report?.self) ?? nil else {
      throw PluginError.fatal("the host passed an outcomes table without a report function (struct_size \(view.declaredSize))")
    }
    self.context = view.load(\.context) ?? nil
    self.reportFunction = report
    self.count = count
  }

  /// Reports what happened to record `index` of the batch. `targetKey` is the record's id
  /// in the target system (empty if none); `message` says why, for `.failed`, `.held` and `.retry`.
  public func report(_ index: Int, _ outcome: Outcome, targetKey: String = "", message: String = "") {
    guard index >= 0 && index < count else {
      if misuse == nil {
        misuse = "the sink reported an outcome for record \(index), but the batch holds \(count) records (0..<\(count))"
      }
      return
    }
    CBytes.withView(targetKey) { key in
      CBytes.withView(message) { text in
        reportFunction(context, UInt64(index), outcome.cValue, key, text)
      }
    }
  }
}
