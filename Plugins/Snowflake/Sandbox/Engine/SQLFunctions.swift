import Foundation

/// The conversion and matching functions compiled SQL calls, registered on the connection.
///
/// Each converts between the storage forms described on `SnowflakeType` and throws the error
/// Snowflake raises for the same failed conversion, so a bad value in a MERGE fails the
/// statement with `100038` / `100040` / `100035` just as in Snowflake.
enum SQLFunctions {
  /// Registers every function on `connection`.
  static func register(on connection: SQLiteConnection) {
    connection.register("sf_num", arity: 2) { args in
      guard case .integer(let scale) = args[1] else { return .null }
      switch args[0] {
      case .null: return .null
      case .text(let text): return .integer(try FixedPoint.parse(text, scale: Int(scale)))
      case .real(let number): return .integer(try FixedPoint.from(number, scale: Int(scale)))
      case .integer(let number): return .integer(try FixedPoint.rescale(number, from: 0, to: Int(scale)))
      }
    }
    connection.register("sf_rescale", arity: 3) { args in
      guard case .integer(let value) = args[0], case .integer(let from) = args[1], case .integer(let to) = args[2] else { return .null }
      return .integer(try FixedPoint.rescale(value, from: Int(from), to: Int(to)))
    }
    connection.register("sf_fit", arity: 3) { args in
      guard case .integer(let value) = args[0], case .integer(let precision) = args[1], case .integer(let scale) = args[2] else {
        return args[0]
      }
      guard FixedPoint.fits(value, precision: Int(precision), scale: Int(scale)) else {
        throw FixedPoint.outOfRange(FixedPoint.format(value, scale: Int(scale)))
      }
      return args[0]
    }
    connection.register("sf_real", arity: 2) { args in
      switch args[0] {
      case .integer(let value):
        guard case .integer(let scale) = args[1] else { return .null }
        return .real(Double(value) / Double(FixedPoint.power(Int(scale))))
      case .text(let text):
        guard let number = Double(text.trimmingCharacters(in: .whitespaces)) else { throw FixedPoint.notRecognized(text) }
        return .real(number)
      default: return args[0]
      }
    }
    connection.register("sf_date", arity: 1) { args in
      guard case .text(let text) = args[0] else { return args[0] }
      return .integer(try TemporalCodec.parseDate(text))
    }
    connection.register("sf_ts", arity: 2) { args in
      guard case .text(let text) = args[0], case .integer(let kind) = args[1] else { return args[0] }
      return .integer(try TemporalCodec.parseTimestamp(text, as: timestampType(kind)))
    }
    connection.register("sf_ts_date", arity: 1) { args in
      guard case .integer(let nanos) = args[0] else { return args[0] }
      return .integer(TemporalCodec.floorDiv(nanos, TemporalCodec.nanosPerDay))
    }
    connection.register("sf_bool", arity: 1) { args in
      guard case .text(let text) = args[0] else { return args[0] }
      switch text.trimmingCharacters(in: .whitespaces).lowercased() {
      case "true", "t", "yes", "y", "on", "1": return .integer(1)
      case "false", "f", "no", "n", "off", "0": return .integer(0)
      default:
        throw SnowflakeSQLError(code: "100037", sqlState: "22018", message: "Boolean value '\(text)' is not recognized")
      }
    }
    connection.register("sf_text", arity: 2) { args in
      guard case .integer(let tag) = args[1], args[0] != .null else { return args[0] == .null ? .null : args[0] }
      return .text(ValueFormatter.text(args[0], as: SnowflakeType(tag: tag)))
    }
    connection.register("sf_variant", arity: 2) { args in
      guard case .integer(let tag) = args[1], args[0] != .null else { return .null }
      return .text(ValueFormatter.variantJSON(args[0], as: SnowflakeType(tag: tag)))
    }
    connection.register("sf_parse_json", arity: 1) { args in
      guard case .text(let text) = args[0] else { return args[0] }
      guard let data = text.data(using: .utf8),
            (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
        throw SnowflakeSQLError(code: "100069", sqlState: "22P02", message: "Error parsing JSON: \(text.prefix(40))")
      }
      return .text(text)
    }
    connection.register("sf_check_length", arity: 2) { args in
      guard case .text(let text) = args[0], case .integer(let length) = args[1] else { return args[0] }
      guard text.count <= length else {
        throw SnowflakeSQLError(code: "100074", sqlState: "22001",
                                message: "String '\(text.prefix(40))' is too long and would be truncated")
      }
      return args[0]
    }
    connection.register("sf_upper", arity: 1) { args in
      guard case .text(let text) = args[0] else { return args[0] }
      return .text(text.uppercased())
    }
    connection.register("sf_lower", arity: 1) { args in
      guard case .text(let text) = args[0] else { return args[0] }
      return .text(text.lowercased())
    }
    connection.register("sf_like", arity: 3) { args in
      guard case .text(let value) = args[0], case .text(let pattern) = args[1] else { return .null }
      var escape: Character?
      if case .text(let text) = args[2] { escape = text.first }
      return .integer(LikePattern.matches(Array(value), Array(pattern), escape: escape) ? 1 : 0)
    }
  }

  /// The timestamp type a compiled `kind` argument names (0 NTZ, 1 LTZ, 2 TZ).
  static func timestampType(_ kind: Int64) -> SnowflakeType {
    kind == 2 ? .timestampTZ : kind == 1 ? .timestampLTZ : .timestampNTZ
  }
}

/// SQL `LIKE` as Snowflake defines it: case-sensitive, `%` any run, `_` one character, with
/// an optional escape character (docs.snowflake.com/en/sql-reference/functions/like).
enum LikePattern {
  /// Whether `value` matches `pattern`.
  static func matches(_ value: [Character], _ pattern: [Character], escape: Character?) -> Bool {
    var v = 0, p = 0
    var starP = -1, starV = 0
    while v < value.count {
      if p < pattern.count, let escape, pattern[p] == escape, p + 1 < pattern.count {
        if pattern[p + 1] == value[v] { p += 2; v += 1; continue }
      } else if p < pattern.count && pattern[p] == "%" {
        starP = p
        starV = v
        p += 1
        continue
      } else if p < pattern.count && (pattern[p] == "_" || pattern[p] == value[v]) {
        p += 1
        v += 1
        continue
      }
      guard starP >= 0 else { return false }
      p = starP + 1
      starV += 1
      v = starV
    }
    while p < pattern.count && pattern[p] == "%" { p += 1 }
    return p == pattern.count
  }
}
