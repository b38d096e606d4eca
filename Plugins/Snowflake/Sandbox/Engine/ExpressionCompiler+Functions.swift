extension ExpressionCompiler {
  /// Compiles a function call. Supported: the session functions `CURRENT_ACCOUNT/ROLE/
  /// WAREHOUSE/DATABASE/SCHEMA/USER()`, `CURRENT_TIMESTAMP`, `CURRENT_DATE`, the aggregates
  /// `COUNT`, `SUM`, `MIN`, `MAX`, `AVG`, and the conversions `TO_DATE`, `TO_TIMESTAMP[_NTZ|_LTZ|
  /// _TZ]`, `TO_NUMBER`/`TO_DECIMAL`, `TO_VARCHAR`/`TO_CHAR`, `TO_BOOLEAN`, `PARSE_JSON`, plus
  /// `COALESCE`/`IFNULL`/`NVL`, `UPPER`, `LOWER`. Others are `002140` Unknown function.
  mutating func function(_ name: String, _ arguments: [Expression], star: Bool, distinct: Bool,
                         position: SourcePosition, _ scope: Scope, aggregates: Bool) throws -> TypedSQL {
    func sessionValue(_ value: String?) -> TypedSQL {
      TypedSQL(sql: value.map { parameter(.text($0)) } ?? "NULL", type: .text(length: nil), nullable: value == nil)
    }
    func arity(_ range: ClosedRange<Int>) throws {
      guard range.contains(arguments.count), !star else {
        throw SnowflakeSQLError(code: "001044", sqlState: "42P13",
                                message: "SQL compilation error: error line \(position.line) at position \(position.column)\nInvalid argument types for function '\(name)'")
      }
    }
    switch name {
    case "CURRENT_ACCOUNT", "CURRENT_ACCOUNT_NAME": try arity(0...0); return sessionValue(self.session.account)
    case "CURRENT_ROLE": try arity(0...0); return sessionValue(self.session.role)
    case "CURRENT_WAREHOUSE": try arity(0...0); return sessionValue(self.session.warehouse)
    case "CURRENT_DATABASE": try arity(0...0); return sessionValue(self.session.database)
    case "CURRENT_SCHEMA": try arity(0...0); return sessionValue(self.session.schema)
    case "CURRENT_USER": try arity(0...0); return sessionValue(self.session.user)
    case "CURRENT_TIMESTAMP", "SYSDATE", "GETDATE", "LOCALTIMESTAMP":
      return TypedSQL(sql: parameter(.integer(now)), type: name == "SYSDATE" ? .timestampNTZ : .timestampLTZ, nullable: false)
    case "CURRENT_DATE":
      return TypedSQL(sql: parameter(.integer(TemporalCodec.floorDiv(now, TemporalCodec.nanosPerDay))), type: .date, nullable: false)
    case "COUNT", "SUM", "MIN", "MAX", "AVG":
      return try aggregate(name, arguments, star: star, distinct: distinct, position: position, scope, allowed: aggregates)
    default:
      break
    }
    var compiled: [TypedSQL] = []
    for argument in arguments { compiled.append(try compile(argument, scope, aggregates: aggregates)) }
    func convert(_ target: SnowflakeType) throws -> TypedSQL {
      try arity(1...1)
      return derived(try coerce(compiled[0], to: target), target, from: compiled)
    }
    switch name {
    case "TO_DATE", "DATE": return try convert(.date)
    case "TO_TIMESTAMP", "TO_TIMESTAMP_NTZ": return try convert(.timestampNTZ)
    case "TO_TIMESTAMP_LTZ": return try convert(.timestampLTZ)
    case "TO_TIMESTAMP_TZ": return try convert(.timestampTZ)
    case "TO_VARCHAR", "TO_CHAR": return try convert(.text(length: nil))
    case "TO_BOOLEAN": return try convert(.boolean)
    case "TO_DOUBLE": return try convert(.real)
    case "TO_NUMBER", "TO_DECIMAL", "TO_NUMERIC":
      try arity(1...3)
      var numbers: [Int] = []
      for argument in arguments.dropFirst() {
        guard case .number(let text, _) = argument, let number = Int(text) else { throw SnowflakeSQLError.syntax(argument.position, found: "?") }
        numbers.append(number)
      }
      let target = try SnowflakeType(TypeName(name: "NUMBER", arguments: numbers, position: position))
      return derived(try coerce(compiled[0], to: target), target, from: compiled)
    case "PARSE_JSON":
      try arity(1...1)
      return derived("sf_parse_json(\(try coerce(compiled[0], to: .text(length: nil))))", .variant, from: compiled)
    case "UPPER", "LOWER":
      try arity(1...1)
      return derived("sf_\(name.lowercased())(\(try coerce(compiled[0], to: .text(length: nil))))", .text(length: nil), from: compiled)
    case "COALESCE", "IFNULL", "NVL":
      try arity(name == "COALESCE" ? 1...64 : 2...2)
      let type = compiled.compactMap(\.type).first
      let parts = try compiled.map { part in try type.map { try coerce(part, to: $0) } ?? part.sql }
      return derived("COALESCE(\(parts.joined(separator: ", ")), NULL)", type, from: compiled)
    default:
      throw SnowflakeSQLError.unknownFunction(name, at: position)
    }
  }

  private mutating func aggregate(_ name: String, _ arguments: [Expression], star: Bool, distinct: Bool,
                                  position: SourcePosition, _ scope: Scope, allowed: Bool) throws -> TypedSQL {
    guard allowed else {
      throw SnowflakeSQLError(code: "002036", sqlState: "42601",
                              message: "SQL compilation error: error line \(position.line) at position \(position.column)\nInvalid aggregate function in where clause [\(name)]")
    }
    if name == "COUNT" && star {
      return TypedSQL(sql: "COUNT(*)", type: .fixed(precision: 18, scale: 0), nullable: false, isAggregate: true)
    }
    guard arguments.count == 1, !star else {
      throw SnowflakeSQLError(code: "001044", sqlState: "42P13",
                              message: "SQL compilation error: error line \(position.line) at position \(position.column)\nInvalid argument types for function '\(name)'")
    }
    let argument = try compile(arguments[0], scope, aggregates: false)
    let keyword = distinct ? "DISTINCT " : ""
    var result: TypedSQL
    switch name {
    case "COUNT":
      result = TypedSQL(sql: "COUNT(\(keyword)\(argument.sql))", type: .fixed(precision: 18, scale: 0), nullable: false)
    case "SUM":
      switch argument.type {
      case .fixed(_, let scale)?: result = TypedSQL(sql: "SUM(\(keyword)\(argument.sql))", type: .fixed(precision: 38, scale: scale))
      default: result = TypedSQL(sql: "SUM(\(keyword)\(try coerce(argument, to: .real)))", type: .real)
      }
    case "AVG":
      switch argument.type {
      case .fixed(_, let scale)?:
        // Snowflake's AVG of NUMBER(p,s) has scale s+6; computed in FLOAT then rounded.
        let target = min(scale + 6, SnowflakeType.maxScale)
        let factor = FixedPoint.power(target - scale)
        result = TypedSQL(sql: "CAST(ROUND(AVG(\(keyword)\(argument.sql)) * \(factor)) AS INTEGER)", type: .fixed(precision: 38, scale: target))
      default: result = TypedSQL(sql: "AVG(\(keyword)\(try coerce(argument, to: .real)))", type: .real)
      }
    default:
      result = TypedSQL(sql: "\(name)(\(argument.sql))", type: argument.type)
    }
    result.isAggregate = true
    return result
  }
}
