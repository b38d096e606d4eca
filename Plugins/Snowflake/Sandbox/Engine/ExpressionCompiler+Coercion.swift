extension ExpressionCompiler {
  /// SQL converting `value` to `target`'s storage, as Snowflake's implicit casts and explicit
  /// `CAST`/`::` do (docs.snowflake.com/en/sql-reference/data-type-conversion). Conversions
  /// that depend on the value call the `sf_*` functions, which raise Snowflake's conversion
  /// errors; conversions Snowflake refuses outright are `002023` here.
  func coerce(_ value: TypedSQL, to target: SnowflakeType) throws -> String {
    guard let source = value.type else { return "NULL" }
    let sql = value.sql
    switch (source, target) {
    case (.text, .text), (.real, .real), (.boolean, .boolean), (.date, .date), (.variant, .variant):
      return sql
    case (.fixed(_, let from), .fixed(_, let to)):
      return from == to ? sql : "sf_rescale(\(sql), \(from), \(to))"
    case (_, _) where source.isTimestamp && target.isTimestamp:
      return sql
    case (.text, .fixed(_, let scale)), (.real, .fixed(_, let scale)), (.boolean, .fixed(_, let scale)):
      return "sf_num(\(sql), \(scale))"
    case (.fixed(_, let scale), .real):
      return "sf_real(\(sql), \(scale))"
    case (.text, .real):
      return "sf_real(\(sql), 0)"
    case (.text, .date):
      return "sf_date(\(sql))"
    case (_, .date) where source.isTimestamp:
      return "sf_ts_date(\(sql))"
    case (.text, _) where target.isTimestamp:
      return "sf_ts(\(sql), \(timestampKind(target)))"
    case (.date, _) where target.isTimestamp:
      return "(\(sql) * \(TemporalCodec.nanosPerDay))"
    case (.text, .boolean):
      return "sf_bool(\(sql))"
    case (.fixed, .boolean), (.real, .boolean):
      return "(\(sql) <> 0)"
    case (_, .text):
      return "sf_text(\(sql), \(source.tag))"
    case (_, .variant):
      return "sf_variant(\(sql), \(source.tag))"
    case (.variant, _):
      return try coerce(TypedSQL(sql: "sf_text(\(sql), \(source.tag))", type: .text(length: nil)), to: target)
    default:
      throw SnowflakeSQLError(
        code: "002023", sqlState: "22000",
        message: "SQL compilation error:\nExpression type does not match column data type, expecting \(target.sqlName) but got \(source.sqlName)")
    }
  }

  /// SQL writing `value` into `column`: converted to the column's type, then checked against
  /// its precision or length, as Snowflake checks on INSERT, UPDATE and MERGE.
  func store(_ value: TypedSQL, into column: ColumnInfo) throws -> String {
    let converted = try coerce(value, to: column.type)
    switch column.type {
    case .fixed(let precision, let scale) where precision - scale < 19:
      return "sf_fit(\(converted), \(precision), \(scale))"
    case .text(let length?):
      return "sf_check_length(\(converted), \(length))"
    default:
      return converted
    }
  }

  /// The `kind` argument of `sf_ts`: 0 NTZ, 1 LTZ, 2 TZ.
  func timestampKind(_ type: SnowflakeType) -> Int {
    switch type {
    case .timestampTZ: return 2
    case .timestampLTZ: return 1
    default: return 0
    }
  }
}
