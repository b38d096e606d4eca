import Foundation

/// Shows how a run advances on stderr, only when stderr is a terminal, at most five times a
/// second so a fast flow is not slowed by its own progress line.
final class Progress {
  private let flow: String
  private var lastDraw = Date.distantPast
  private var entityStarted = Date()
  private var currentEntity = ""

  init?(flow: String, enabled: Bool) {
    guard enabled, isatty(2) == 1 else { return nil }
    self.flow = flow
  }

  func update(entity: String, counts: RunSummary.EntityCounts) {
    if entity != currentEntity { currentEntity = entity; entityStarted = Date() }
    let now = Date()
    guard now.timeIntervalSince(lastDraw) >= 0.2 else { return }
    lastDraw = now
    let rate = Double(counts.read) / max(0.001, now.timeIntervalSince(entityStarted))
    FileHandle.standardError.write(Data("\r\u{1B}[K\(flow): \(entity): \(counts.read) records (\(Int(rate))/s)".utf8))
  }

  func finish(entity: String, counts: RunSummary.EntityCounts) {
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    currentEntity = ""
  }
}
