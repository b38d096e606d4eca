import Foundation

/// The zone of the Epicor server's wall clock, which turns the `datetime` values Epicor
/// stores (without a zone) into UTC instants and back.
///
/// Config `time_zone`: `"UTC"` (the default), a fixed offset such as `"+02:00"`, or an IANA
/// name such as `"America/Chicago"`. With a zone that observes daylight saving time, the
/// local→UTC mapping is made monotonic so that records ordered by their wall-clock change
/// time keep their order as UTC cursors (the host refuses a read whose cursors go back): a
/// wall-clock time in the repeated autumn hour maps to its first (daylight) instant, and one
/// in the skipped spring hour (which Epicor never writes) to the transition instant.
struct TenantTimeZone: Sendable, Equatable {
  private enum Kind: Sendable, Equatable {
    case fixed(seconds: Int)
    case named(TimeZone)
  }

  private let kind: Kind
  /// The zone as configured, for messages.
  let name: String

  static let utc = TenantTimeZone(kind: .fixed(seconds: 0), name: "UTC")

  private init(kind: Kind, name: String) {
    self.kind = kind
    self.name = name
  }

  /// Parses the config value, or returns nil when it names no zone.
  init?(parsing text: String) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if ["UTC", "Z", "GMT", "ETC/UTC"].contains(trimmed.uppercased()) {
      self = .utc
      return
    }
    let bytes = Array(trimmed.utf8)
    if bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"), bytes[3] == UInt8(ascii: ":"),
       let hours = Int(String(decoding: bytes[1...2], as: UTF8.self)),
       let minutes = Int(String(decoding: bytes[4...5], as: UTF8.self)), hours <= 14, minutes < 60 {
      let sign = bytes[0] == UInt8(ascii: "-") ? -1 : 1
      self.init(kind: .fixed(seconds: sign * (hours * 3600 + minutes * 60)), name: trimmed)
      return
    }
    guard let zone = TimeZone(identifier: trimmed) else { return nil }
    self.init(kind: .named(zone), name: trimmed)
  }

  /// The UTC instant (milliseconds) of a wall-clock reading in this zone, monotonic in
  /// `wallClock` (see the type's comment).
  func utcMilliseconds(wallClock: Int64) -> Int64 {
    switch kind {
    case .fixed(let seconds):
      return wallClock - Int64(seconds) * 1000
    case .named(let zone):
      // The offsets a day either side bracket any single transition near this reading.
      let before = offset(zone, wallClock - CivilTime.millisecondsPerDay)
      let after = offset(zone, wallClock + CivilTime.millisecondsPerDay)
      let early = wallClock - before * 1000
      let late = wallClock - after * 1000
      let earlyValid = offset(zone, early) == before
      let lateValid = offset(zone, late) == after
      switch (earlyValid, lateValid) {
      case (true, true): return min(early, late)
      case (true, false): return early
      case (false, true): return late
      case (false, false):
        // A skipped wall-clock time: the transition instant lies between the candidates.
        let start = Date(timeIntervalSince1970: Double(min(early, late)) / 1000 - 1)
        guard let transition = zone.nextDaylightSavingTimeTransition(after: start) else { return late }
        return Int64((transition.timeIntervalSince1970 * 1000).rounded())
      }
    }
  }

  /// The wall-clock reading in this zone of a UTC instant (milliseconds).
  func wallClockMilliseconds(utc: Int64) -> Int64 {
    switch kind {
    case .fixed(let seconds): return utc + Int64(seconds) * 1000
    case .named(let zone): return utc + offset(zone, utc) * 1000
    }
  }

  private func offset(_ zone: TimeZone, _ utcMilliseconds: Int64) -> Int64 {
    Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utcMilliseconds) / 1000)))
  }
}
