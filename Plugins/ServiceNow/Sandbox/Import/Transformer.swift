import Foundation

/// What transforming one staging row did.
struct TransformOutcome: Sendable {
  var state: ImportRowState
  /// The target row written or matched; `nil` when the row was skipped or in error.
  var targetSysID: String?
  /// Why the row was ignored or skipped (`status_message`).
  var message: String?
  /// Why the row failed (`error_message`).
  var errorMessage: String?
}

/// Runs one staging row through its transform map against the target table.
///
/// The order of checks is the platform's: an empty coalesce value skips the row before
/// anything else; then field conversions and reference lookups; then the coalesce lookup
/// decides insert or update; then the target's mandatory fields (a data policy) are checked
/// against the row as it would be written. An update that changes nothing is `ignored` ("No
/// field values changed"), and nothing is written.
enum Transformer {
  /// Transforms `row` (a staging row) with `map`, writing the target through `store`.
  static func run(_ row: Row, map: TransformMap, store: RecordStore, user: String, caseSensitive: Bool) -> TransformOutcome {
    guard let target = store.table(map.target) else {
      return TransformOutcome(state: .error, errorMessage: "Target table \(map.target) does not exist")
    }
    let coalesce = map.coalesceMaps
    let emptyCoalesce = coalesce.filter { (row[$0.source] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
    if !emptyCoalesce.isEmpty {
      let labels = emptyCoalesce.map { map.label(of: $0.source) }.joined(separator: ", ")
      return TransformOutcome(state: .skipped, message: "Row skipped: coalesce field \(labels) is empty")
    }

    var values: Row = [:]
    var problems: [String] = []
    for fieldMap in map.fieldMaps {
      let raw = (row[fieldMap.source] ?? "").trimmingCharacters(in: .whitespaces)
      guard !raw.isEmpty else { continue }
      switch convert(raw, fieldMap, map: map, target: target.schema, store: store) {
      case .success(let value): values[fieldMap.target] = value
      case .failure(let problem): problems.append(problem.text)
      }
    }
    if !problems.isEmpty {
      return TransformOutcome(state: .error, errorMessage: problems.joined(separator: "; "))
    }

    let definition = Table.IndexDefinition(fields: coalesce.map(\.target), caseInsensitive: !caseSensitive)
    let match = coalesce.isEmpty ? nil : target.firstMatch(definition, values: coalesce.map { values[$0.target] ?? "" })
    var merged = match ?? [:]
    for (name, value) in values { merged[name] = value }
    let missing = map.required.filter { (merged[$0] ?? "").isEmpty }
    if !missing.isEmpty {
      let labels = missing.map { target.schema.column($0)?.label ?? $0 }.joined(separator: ", ")
      return TransformOutcome(state: .error, errorMessage: "Data Policy Exception: The following fields are mandatory: \(labels)")
    }

    if let match, let sysID = match["sys_id"] {
      let changes = values.filter { match[$0.key] != $0.value }
      guard !changes.isEmpty else {
        return TransformOutcome(state: .ignored, targetSysID: sysID, message: "No field values changed")
      }
      store.update(map.target, sysID, changes, user: user)
      return TransformOutcome(state: .updated, targetSysID: sysID)
    }
    let inserted = store.insert(map.target, values, user: user)
    return TransformOutcome(state: .inserted, targetSysID: inserted?["sys_id"])
  }

  /// A conversion that failed, with the message the row's `error_message` carries.
  private struct Problem: Error {
    let text: String
  }

  /// Converts one non-empty staging value for its field map; a refusal names the column,
  /// the target field and what would be accepted.
  private static func convert(_ raw: String, _ fieldMap: FieldMap, map: TransformMap, target: TableSchema,
                              store: RecordStore) -> Result<String, Problem> {
    let where_ = "\(map.label(of: fieldMap.source)) (\(fieldMap.source)) → \(map.target).\(fieldMap.target)"
    switch fieldMap.conversion {
    case .copy:
      return .success(raw)
    case .decimal:
      guard isDecimal(raw) else { return .failure(Problem(text: "Invalid decimal '\(raw)' in \(where_)")) }
      return .success(raw)
    case .date:
      let datePart = raw.count == 19 ? String(raw.prefix(10)) : raw
      guard GlideDateTime.parse(datePart) != nil, datePart.count == 10 else {
        return .failure(Problem(text: "Invalid date '\(raw)' in \(where_); expected YYYY-MM-DD"))
      }
      return .success(datePart)
    case .boolean, .invertedBoolean:
      guard let flag = boolean(raw) else {
        return .failure(Problem(text: "Invalid boolean '\(raw)' in \(where_); expected true or false"))
      }
      let inverted: Bool
      if case .invertedBoolean = fieldMap.conversion { inverted = true } else { inverted = false }
      return .success(flag != inverted ? "true" : "false")
    case .choice:
      guard case .choice(let choices)? = target.column(fieldMap.target)?.kind else { return .success(raw) }
      let wanted = raw.lowercased()
      guard let choice = choices.first(where: { $0.value.lowercased() == wanted || $0.label.lowercased() == wanted }) else {
        let allowed = choices.map(\.value).joined(separator: ", ")
        return .failure(Problem(text: "Invalid choice '\(raw)' in \(where_); allowed values are \(allowed)"))
      }
      return .success(choice.value)
    case .reference(let table, let fields):
      guard let referenced = store.table(table) else {
        return .failure(Problem(text: "Reference table \(table) does not exist"))
      }
      for field in fields {
        let definition = Table.IndexDefinition(fields: [field], caseInsensitive: false)
        if let found = referenced.firstMatch(definition, values: [raw]), let sysID = found["sys_id"] {
          return .success(sysID)
        }
      }
      let by = fields.joined(separator: " or ")
      return .failure(Problem(text: "Reference not found: no \(table) record with \(by) '\(raw)' for \(where_); "
        + "load the referenced record first"))
    }
  }

  /// Whether `text` is a plain decimal number: optional sign, digits, optional fraction.
  static func isDecimal(_ text: String) -> Bool {
    var bytes = Substring(text).utf8[...]
    if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
    let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), !parts[0].isEmpty else { return false }
    return parts.allSatisfy { part in !part.isEmpty && part.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
  }

  /// Reads the spellings of true and false import files use.
  private static func boolean(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "true", "1", "yes": return true
    case "false", "0", "no": return false
    default: return nil
    }
  }
}
