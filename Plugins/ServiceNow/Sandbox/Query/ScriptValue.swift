import Foundation

/// The `javascript:` values an encoded query may carry, evaluated the way the platform would
/// for a user whose time zone is UTC (SYSTEMS.md recommends setting the integration user to
/// GMT, which makes "session time zone" and UTC the same).
///
/// Supported (SN-DOCS `server-api-reference/c_GlideSystemAPI.md`):
/// `gs.dateGenerate('yyyy-mm-dd','hh:mm:ss'|'start'|'end')`, `gs.beginningOfToday()`,
/// `gs.endOfToday()`, `gs.daysAgo(n)`, `gs.daysAgoStart(n)`, `gs.daysAgoEnd(n)`, `gs.now()`,
/// `gs.nowDateTime()`. Any other script makes the term invalid, and the platform ignores
/// invalid terms.
enum ScriptValue {
  /// `text` itself, or the value its script produces; `nil` for an unsupported script.
  static func resolve(_ text: String, now: Date) -> String? {
    guard text.hasPrefix("javascript:") else { return text }
    let script = text.dropFirst("javascript:".count).trimmingCharacters(in: .whitespaces)
    guard let open = script.firstIndex(of: "("), script.hasSuffix(")") else { return nil }
    let function = String(script[..<open]).trimmingCharacters(in: .whitespaces)
    let arguments = script[script.index(after: open)..<script.index(before: script.endIndex)]
      .split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }
      .filter { !$0.isEmpty }
    let today = GlideDateTime.formatDate(now)
    switch (function, arguments.count) {
    case ("gs.dateGenerate", 2):
      guard GlideDateTime.parse(arguments[0]) != nil, arguments[0].count == 10 else { return nil }
      switch arguments[1] {
      case "start": return arguments[0] + " 00:00:00"
      case "end": return arguments[0] + " 23:59:59"
      default:
        let value = arguments[0] + " " + arguments[1]
        return GlideDateTime.parse(value) != nil ? value : nil
      }
    case ("gs.beginningOfToday", 0): return today + " 00:00:00"
    case ("gs.endOfToday", 0): return today + " 23:59:59"
    case ("gs.now", 0): return today
    case ("gs.nowDateTime", 0): return GlideDateTime.format(now)
    case ("gs.daysAgo", 1), ("gs.daysAgoStart", 1), ("gs.daysAgoEnd", 1):
      guard let days = Int(arguments[0]) else { return nil }
      let then = now.addingTimeInterval(-TimeInterval(days) * 86_400)
      if function == "gs.daysAgo" { return GlideDateTime.format(then) }
      return GlideDateTime.formatDate(then) + (function == "gs.daysAgoStart" ? " 00:00:00" : " 23:59:59")
    default:
      return nil
    }
  }
}
