/// One field map of a transform map: a staging column, the target field it fills, whether it
/// is a coalesce field, and how its text becomes the target's value.
struct FieldMap: Sendable {
  /// How a staging value becomes a target value; a value the conversion refuses makes the row
  /// an `error` with a message naming the column.
  enum Conversion: Sendable {
    /// The text as it came.
    case copy
    /// A decimal number (`1234.50`, `-3`), kept as written.
    case decimal
    /// A date; `YYYY-MM-DD` or a `YYYY-MM-DD HH:MM:SS` whose date part is kept.
    case date
    /// `true`/`false` (also `1`/`0`, `yes`/`no`), stored as `true`/`false`.
    case boolean
    /// A boolean stored inverted, for staging "Inactive" columns feeding an `active` field.
    case invertedBoolean
    /// One of the target column's choice values, matched ignoring case by value or label.
    case choice
    /// The sys_id of the row of `table` whose `by` fields (tried in order) equal the text.
    /// Unresolved values are rejected, like a field map with choice action "reject".
    case reference(table: String, by: [String])
  }

  let source: String
  let target: String
  let coalesce: Bool
  let conversion: Conversion
}

/// A staging column as a transform map declares it: the column and, unless it is carried in
/// the staging table only, its field map; or a further field map from a column declared
/// earlier (one staging value can fill a coalesce field and resolve a reference).
struct StagingField: Sendable {
  let column: Column?
  let map: FieldMap?

  /// A staging column named `name` with label `label`, mapped to `target` when given.
  static func field(_ name: String, _ label: String, to target: String? = nil,
                    _ conversion: FieldMap.Conversion = .copy, coalesce: Bool = false) -> StagingField {
    StagingField(column: Column(name, label),
                 map: target.map { FieldMap(source: name, target: $0, coalesce: coalesce, conversion: conversion) })
  }

  /// A second field map from the already declared column `name` to `target`.
  static func map(_ name: String, to target: String, _ conversion: FieldMap.Conversion) -> StagingField {
    StagingField(column: nil, map: FieldMap(source: name, target: target, coalesce: false, conversion: conversion))
  }
}

/// A transform map: how rows of one staging table become rows of one target table.
///
/// Semantics follow SN-DOCS zurich `integrate-applications/system-import-sets/
/// c_ImportSetCoalesce.md`: with coalesce fields, a target row whose coalesce fields all match
/// (ignoring case unless "Coalesce case sensitive") is updated, the first one when several
/// match; no match inserts; an empty coalesce value skips the row. Empty staging values are not
/// copied onto the target (the transform map's "Copy empty fields" is off by default).
struct TransformMap: Sendable {
  /// The transform map's name, reported as `result[].transform_map`.
  let name: String
  /// The staging table, with its columns and the `sys_import_*` row columns.
  let staging: TableSchema
  /// The target table's name.
  let target: String
  let fieldMaps: [FieldMap]
  /// Target fields that must hold a value after the transform (a data policy on the target).
  let required: [String]

  /// Builds a map and its staging table schema from the staging fields.
  init(_ name: String, staging: String, label: String, target: String, fields: [StagingField], required: [String]) {
    self.name = name
    self.staging = TableSchema(staging, label, columns: fields.compactMap(\.column), display: "sys_id", isStaging: true)
    self.target = target
    self.fieldMaps = fields.compactMap(\.map)
    self.required = required
  }

  /// The coalesce field maps, in declaration order.
  var coalesceMaps: [FieldMap] { fieldMaps.filter(\.coalesce) }

  /// The staging label of column `name` (for messages), or the name.
  func label(of name: String) -> String { staging.column(name)?.label ?? name }
}
